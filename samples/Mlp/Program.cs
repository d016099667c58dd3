using System.CommandLine;
using System.CommandLine.Parsing;
using Mlp;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Training;

// PyTorch's classic MNIST example, Linear(784, 128) -> ReLU -> Linear(128, 10) trained with SGD and cross-entropy, with
// every computation a GpuDsl kernel. This file is the command line; MlpApp runs it.
TrainingOptions defaults = new();

Option<int> epochs = new("--epochs") { Description = "Passes over the training set.", DefaultValueFactory = _ => defaults.Epochs };
Option<int> batchSize = new("--batch-size")
{
    Description = "Samples per mini-batch; the last batch of an epoch keeps the remainder.",
    DefaultValueFactory = _ => defaults.BatchSize,
};
Option<float> learningRate = new("--lr") { Description = "SGD learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
Option<float> momentum = new("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => defaults.Momentum };
Option<int> seed = new("--seed")
{
    Description = "Seeds the initial weights and the per-epoch shuffling.",
    DefaultValueFactory = _ => defaults.Seed,
};
Option<string> data = new("--data")
{
    Description = "Directory of the four IDX files of MNIST or Fashion-MNIST (gzipped or not). " +
        $"The default is where `{Dataset.InstallCommand}` puts Fashion-MNIST.",
    DefaultValueFactory = _ => Dataset.DefaultDirectory,
    HelpName = "DIR",
};
Option<bool> cpu = new("--cpu") { Description = "Run on the CPU backend even when a CUDA GPU is present." };
Option<string> save = new("--save")
{
    Description = "Where to save the trained weights (safetensors: fc1.weight, fc1.bias, fc2.weight, fc2.bias; F32).",
    DefaultValueFactory = _ => "mlp.safetensors",
    HelpName = "PATH",
};
Option<string?> eval = new("--eval")
{
    Description = "Do not train: load weights from this safetensors file and report test accuracy and the confusion matrix.",
    HelpName = "PATH",
};
Option<bool> noProgress = new("--no-progress") { Description = "Plain output for logs: no progress bars, colours or cursor movement." };
Option<bool> noGraphs = new("--no-graphs")
{
    Description = "Launch each kernel of a training step separately instead of replaying the step as a captured graph.",
};
Option<string?> kernels = new("--kernels")
{
    Description = "The kernels that compute a step: fused (4 launches per step, 3 of them tiled; fast on a GPU) or simple (one thread " +
        "per result and no barriers, fast on the CPU backend). The default is fused on CUDA and simple on the CPU backend.",
    HelpName = "fused|simple",
};
kernels.AcceptOnlyFromAmong("fused", "simple");

Option<bool> profile = new("--profile")
{
    Description = "Do not train: time each kernel of one training step alone (median of 200 launches after 300 warm-up " +
        "steps) and the whole step as training replays it, and print where the time goes.",
};

epochs.Validators.Add(r => Require(r, r.GetValueOrDefault<int>() >= 1, "--epochs must be at least 1."));
batchSize.Validators.Add(r => Require(r, r.GetValueOrDefault<int>() >= 1, "--batch-size must be at least 1."));
learningRate.Validators.Add(r => Require(r, r.GetValueOrDefault<float>() > 0, "--lr must be positive."));
momentum.Validators.Add(r => Require(r, r.GetValueOrDefault<float>() is >= 0 and < 1, "--momentum must be in [0, 1)."));

RootCommand root = new(
    "Trains Linear(784, 128) -> ReLU -> Linear(128, 10) on Fashion-MNIST (or MNIST) with SGD, every computation a GpuDsl " +
    "kernel, on the GPU or, without one, on the CPU backend.")
{
    epochs, batchSize, learningRate, momentum, seed, data, cpu, save, eval, noProgress, noGraphs, kernels, profile,
};
root.SetAction(parse => MlpApp.Run(new AppOptions(
    new TrainingOptions(
        parse.GetValue(epochs), parse.GetValue(batchSize), parse.GetValue(learningRate), parse.GetValue(momentum),
        parse.GetValue(seed), UseGraphs: !parse.GetValue(noGraphs),
        Kernels: parse.GetValue(kernels) switch { "fused" => KernelSet.Fused, "simple" => KernelSet.Simple, _ => null }),
    parse.GetValue(data)!, parse.GetValue(cpu), parse.GetValue(save)!, parse.GetValue(eval), parse.GetValue(noProgress),
    parse.GetValue(profile))));
return root.Parse(args).Invoke();

static void Require(OptionResult result, bool condition, string message)
{
    if (!condition) result.AddError(message);
}
