using System.Globalization;
using Mlp.Training;
using Spectre.Console;

namespace Mlp.Reporting;

/// <summary>Renders the per-epoch lines, the closing summary, the confusion matrix and the machine-readable result.</summary>
public static class Summary
{
    /// <summary>The line printed after each epoch: test accuracy and training speed.</summary>
    public static void Epoch(IAnsiConsole console, EpochTiming timing, Evaluation evaluation)
    {
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"epoch {timing.Epoch}: test accuracy [bold]{evaluation.Accuracy * 100:F2}%[/] ({evaluation.Correct:N0}/{evaluation.Total:N0}), {TrainingSpeed(timing)}");
    }

    private static string TrainingSpeed(EpochTiming timing) =>
        FormattableString.Invariant($"trained in {timing.Milliseconds:N1} ms, {timing.SamplesPerSecond:N0} samples/s");

    /// <summary>
    /// The epochs in a table, then their mean time from the second epoch on (the first also compiles the kernels and
    /// captures the graphs), the device, and a <c>RESULT</c> line for scripts.
    /// </summary>
    public static void Training(IAnsiConsole console, IReadOnlyList<(EpochTiming Timing, Evaluation Evaluation)> epochs, string device, TableBorder border)
    {
        Table table = new Table().Border(border).Title("Training summary")
            .AddColumn("epoch").AddColumn(new TableColumn("time (ms)").RightAligned())
            .AddColumn(new TableColumn("samples/s").RightAligned()).AddColumn(new TableColumn("test accuracy").RightAligned());
        foreach ((EpochTiming timing, Evaluation evaluation) in epochs)
        {
            table.AddRow(
                timing.Epoch.ToString(CultureInfo.InvariantCulture),
                timing.Milliseconds.ToString("N1", CultureInfo.InvariantCulture),
                timing.SamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                (evaluation.Accuracy * 100).ToString("F2", CultureInfo.InvariantCulture) + "%");
        }

        console.Write(table);
        (double meanMs, string range) = MeanEpoch(epochs.Select(e => e.Timing).ToList());
        double samplesPerSecond = epochs[^1].Timing.Samples / (meanMs / 1000);
        double accuracy = epochs[^1].Evaluation.Accuracy;
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"mean epoch time (epochs {range}): [bold]{meanMs:N1} ms[/], {samplesPerSecond:N0} samples/s on {device}");
        Result(console,
            FormattableString.Invariant($"mean_epoch_ms_2_5={meanMs:F3} first_epoch_ms={epochs[0].Timing.Milliseconds:F3} ") +
            FormattableString.Invariant($"samples_per_s={samplesPerSecond:F0} test_accuracy={accuracy:F4} epochs={epochs.Count}"));
    }

    /// <summary>The counts by true class (rows) and predicted class (columns), the diagonal highlighted.</summary>
    public static void ConfusionMatrix(IAnsiConsole console, Evaluation evaluation, string[] classNames, TableBorder border)
    {
        int classes = evaluation.Confusion.GetLength(0);
        Table table = new Table().Border(border).Title("Confusion matrix (rows: true class, columns: predicted)")
            .AddColumn("true \\ predicted");
        for (int c = 0; c < classes; c++) table.AddColumn(new TableColumn(c.ToString(CultureInfo.InvariantCulture)).RightAligned());
        for (int t = 0; t < classes; t++)
        {
            string index = t.ToString(CultureInfo.InvariantCulture);
            string name = t < classNames.Length && classNames[t] != index ? $"{index} {classNames[t]}" : index;
            List<string> cells = [Markup.Escape(name)];
            for (int p = 0; p < classes; p++)
            {
                string count = evaluation.Confusion[t, p].ToString(CultureInfo.InvariantCulture);
                cells.Add(t == p ? $"[green bold]{count}[/]" : count);
            }

            table.AddRow(cells.ToArray());
        }

        console.Write(table);
    }

    /// <summary>
    /// Writes the machine-readable <c>RESULT key=value ...</c> line, past the console's line wrapping so that it stays
    /// one line in a narrow terminal.
    /// </summary>
    public static void Result(IAnsiConsole console, string fields)
    {
        console.Profile.Out.Writer.WriteLine("RESULT " + fields);
        console.Profile.Out.Writer.Flush();
    }

    /// <summary>
    /// The mean of epochs 2 to the last, which leaves out the first epoch's one-time costs; with one epoch, that one.
    /// </summary>
    public static (double Milliseconds, string Range) MeanEpoch(IReadOnlyList<EpochTiming> timings)
    {
        List<EpochTiming> steady = timings.Count > 1 ? [.. timings.Skip(1)] : [.. timings];
        string range = steady.Count == 1 ? $"{steady[0].Epoch}" : $"{steady[0].Epoch}-{steady[^1].Epoch}";
        return (steady.Average(t => t.Milliseconds), range);
    }
}
