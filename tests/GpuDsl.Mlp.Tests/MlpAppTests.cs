using System.Globalization;
using System.Text.RegularExpressions;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests;

/// <summary>The whole program on a tiny dataset on the CPU backend: train, save, evaluate the saved weights; profile a step.</summary>
public sealed partial class MlpAppTests
{
    [Fact]
    public void Training_prints_the_loss_every_100_batches_saves_weights_and_ends_with_a_result_line_that_eval_reproduces()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 200, test: 30, height: 4, width: 4, gzip: true);
        string weights = dir.File("w.safetensors");

        // Batches of 2 make 100 per epoch: one loss line each.
        (int code, string output) = Run(new AppOptions(
            new TrainingOptions(Epochs: 2, BatchSize: 2), dir.File("data"), ForceCpu: true, weights, EvalPath: null, NoProgress: true));

        Assert.Equal(0, code);
        Assert.Contains("running on the CPU backend", output, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"\[1,   100\] loss: \d+\.\d{3}", output);
        Assert.Matches(@"\[2,   100\] loss: \d+\.\d{3}", output);
        Assert.Contains("epoch 2: test accuracy", output);
        Assert.Contains("mean epoch time (epochs 2-2):", output);
        Match result = ResultLine().Match(output);
        Assert.True(result.Success, output);
        Assert.True(double.Parse(result.Groups["ms"].Value, CultureInfo.InvariantCulture) > 0);
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], Safetensors.Load(weights).Select(t => t.Name));

        (int evalCode, string evalOutput) = Run(new AppOptions(
            new TrainingOptions(), dir.File("data"), ForceCpu: true, "unused", EvalPath: weights, NoProgress: true));

        Assert.Equal(0, evalCode);
        Assert.Contains("Confusion matrix", evalOutput);
        Assert.Contains($"RESULT test_accuracy={result.Groups["accuracy"].Value}", evalOutput);
    }

    [Fact]
    public void Profile_mode_on_the_cpu_backend_prints_every_kernel_of_the_step_and_the_whole_step_without_training()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 40, test: 10, height: 4, width: 4, gzip: false);
        string weights = dir.File("w.safetensors");

        (int code, string output) = Run(new AppOptions(
            new TrainingOptions(BatchSize: 8), dir.File("data"), ForceCpu: true, weights, EvalPath: null, NoProgress: true, Profile: true));

        Assert.Equal(0, code);
        IReadOnlyList<Kernels.PlannedLaunch> launches = StepLaunches(inputs: 16, rows: 8);
        Assert.Equal(11, launches.Count); // the simple kernel set, the CPU backend's default
        for (int i = 0; i < launches.Count; i++)
        {
            // One table row per launch: its number, kernel, purpose, shape, median and share, in that order.
            Kernels.PlannedLaunch launch = launches[i];
            Assert.Matches(
                $@"\| {i + 1} +\| {Regex.Escape(launch.Kernel)} +\| {Regex.Escape(launch.Purpose)} +\| {Regex.Escape(launch.Shape)} +\| +\d+\.\d \| +\d+ ?%",
                output);
        }

        Assert.Contains("Each kernel timed inside steps of separate launches, median of 5", output);
        Match result = ProfileResultLine().Match(output);
        Assert.True(result.Success, output);
        double step = double.Parse(result.Groups["step"].Value, CultureInfo.InvariantCulture);
        double sum = double.Parse(result.Groups["sum"].Value, CultureInfo.InvariantCulture);
        Assert.True(step > 0);
        Assert.Contains(FormattableString.Invariant($"The kernels above add up to {sum / step:P0} of that step"), output);
        Assert.DoesNotContain("loss:", output);
        Assert.False(File.Exists(weights));
    }

    [Fact]
    public void One_epoch_is_said_in_the_singular_and_its_result_line_has_no_mean_of_later_epochs()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 40, test: 10, height: 4, width: 4, gzip: false);

        (int code, string output) = Run(new AppOptions(
            new TrainingOptions(Epochs: 1, BatchSize: 8), dir.File("data"), ForceCpu: true, dir.File("w.safetensors"), EvalPath: null,
            NoProgress: true));

        Assert.Equal(0, code);
        Assert.Contains("batch 8, 1 epoch, seed", output);
        Assert.Contains("one epoch: ", output);
        Assert.DoesNotContain("mean_epoch_ms", output);
        Assert.Matches(@"RESULT first_epoch_ms=[\d.]+ samples_per_s=\d+ test_accuracy=[\d.]+ epochs=1", output);
    }

    [Fact]
    public void The_mean_epoch_on_the_result_line_is_keyed_by_the_epochs_it_averages()
    {
        Reporting.SteadyMean? mean = Reporting.Summary.SteadyEpochs(
            [new EpochTiming(1, 900, 10), new EpochTiming(2, 10, 10), new EpochTiming(3, 20, 10)]);

        Assert.NotNull(mean);
        Assert.Equal(("mean_epoch_ms_2_3", 15.0, 2, 3), (mean.ResultKey, mean.Milliseconds, mean.First, mean.Last));
        Assert.Null(Reporting.Summary.SteadyEpochs([new EpochTiming(1, 900, 10)]));
    }

    [Fact]
    public void A_batch_whose_buffers_would_overflow_an_int_is_refused_with_its_size()
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => Model.Activations.Elements(100_000_000, 784));

        Assert.Contains("100,000,000 rows needs buffers of 78,400,000,000 elements", e.Message);
        Assert.Equal(60_000 * 784, Model.Activations.Elements(60_000, 784));
    }

    [Fact]
    public void Data_parallel_training_on_CPU_contexts_names_the_devices_and_trains_a_wider_network()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 40, test: 10, height: 4, width: 4, gzip: false);
        string weights = dir.File("w.safetensors");

        (int code, string output) = Run(new AppOptions(
            new TrainingOptions(Epochs: 1, BatchSize: 8), dir.File("data"), ForceCpu: true, weights, EvalPath: null, NoProgress: true,
            Gpus: 2, Hidden: 24));

        Assert.Equal(0, code);
        Assert.Contains("Data-parallel over 2 devices", output);
        Assert.Contains("Linear(16, 24) -> ReLU -> Linear(24, 10)", output);
        Assert.Equal([24, 16], Safetensors.Load(weights).Single(t => t.Name == "fc1.weight").Shape);
    }

    [Fact]
    public void A_batch_that_does_not_divide_among_the_devices_fails_before_training_with_one_error_line()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 40, test: 10, height: 4, width: 4, gzip: false);
        StringWriter output = new(), errors = new();

        int code = MlpApp.Run(
            new AppOptions(new TrainingOptions(BatchSize: 8), dir.File("data"), ForceCpu: true, dir.File("w"), null, NoProgress: true, Gpus: 3),
            output, errors);

        Assert.Equal(2, code);
        Assert.Equal("error: --batch-size 8 does not divide among 3 devices: each takes an equal slice of every batch, so give a multiple of 3." + Environment.NewLine, errors.ToString());
        Assert.DoesNotContain("loss", output.ToString());
    }

    [Fact]
    public void Missing_data_fails_with_exit_code_2_and_a_message_naming_the_file()
    {
        using TempDirectory dir = new();
        StringWriter errors = new();

        int code = MlpApp.Run(
            new AppOptions(new TrainingOptions(), dir.File("nothing"), ForceCpu: true, "w", null, NoProgress: true),
            new StringWriter(), errors);

        Assert.Equal(2, code);
        Assert.Contains(dir.File("nothing/train-images-idx3-ubyte.gz"), errors.ToString());
        Assert.Contains("does not exist", errors.ToString());
    }

    private static (int Code, string Output) Run(AppOptions options)
    {
        StringWriter output = new(), errors = new();
        int code = MlpApp.Run(options, output, errors);
        return (code, output + errors.ToString());
    }

    /// <summary>The launches of a training step of the app's network for images of <paramref name="inputs"/> pixels.</summary>
    private static IReadOnlyList<Kernels.PlannedLaunch> StepLaunches(int inputs, int rows)
    {
        using GpuDsl.GpuContext gpu = GpuDsl.GpuContext.Create(GpuDsl.GpuBackend.Cpu);
        using DeviceSplit data = DeviceSplit.Upload(gpu, new Data.DatasetSplit("train", new byte[rows * inputs], new byte[rows], rows, 1, inputs));
        using Network network = new(gpu, inputs, MlpApp.Hidden, Data.Dataset.Classes);
        using GpuDsl.GpuStream stream = gpu.CreateStream();
        using SgdOptimizer sgd = new(network, 0.1f, 0.9f);
        using TrainingStep step = new(stream, network, sgd, data, rows, useGraphs: true);
        return step.Launches(rows);
    }

    [GeneratedRegex(@"RESULT profile_step_us=(?<step>[\d.]+) kernel_sum_us=(?<sum>[\d.]+) epoch_ms_estimate=[\d.]+ rows=8 kernels=11")]
    private static partial Regex ProfileResultLine();

    [GeneratedRegex(@"RESULT mean_epoch_ms_2_2=(?<ms>[\d.]+) first_epoch_ms=[\d.]+ samples_per_s=\d+ test_accuracy=(?<accuracy>[\d.]+) epochs=2")]
    private static partial Regex ResultLine();
}
