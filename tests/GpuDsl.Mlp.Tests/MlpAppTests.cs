using System.Globalization;
using System.Text.RegularExpressions;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests;

/// <summary>The whole program on a tiny dataset on the CPU backend: train, save, evaluate the saved weights.</summary>
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

    [GeneratedRegex(@"RESULT mean_epoch_ms_2_5=(?<ms>[\d.]+) first_epoch_ms=[\d.]+ samples_per_s=\d+ test_accuracy=(?<accuracy>[\d.]+) epochs=2")]
    private static partial Regex ResultLine();
}
