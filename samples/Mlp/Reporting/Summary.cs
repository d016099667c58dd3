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
    /// captures the graphs; with one epoch, that epoch, said so), the device, and a <c>RESULT</c> line for scripts.
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
        EpochTiming first = epochs[0].Timing;
        SteadyMean? steady = SteadyEpochs([.. epochs.Select(e => e.Timing)]);
        double samplesPerSecond = epochs[^1].Timing.Samples / ((steady?.Milliseconds ?? first.Milliseconds) / 1000);
        if (steady is not null)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"mean epoch time (epochs {steady.First}-{steady.Last}): [bold]{steady.Milliseconds:N1} ms[/], {samplesPerSecond:N0} samples/s on {device}");
        }
        else
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"one epoch: [bold]{first.Milliseconds:N1} ms[/], {samplesPerSecond:N0} samples/s on {device} (compiling included; 2 or more epochs give a steady mean)");
        }

        string mean = steady is null ? "" : FormattableString.Invariant($"{steady.ResultKey}={steady.Milliseconds:F3} ");
        Result(console, mean +
            FormattableString.Invariant($"first_epoch_ms={first.Milliseconds:F3} samples_per_s={samplesPerSecond:F0} ") +
            FormattableString.Invariant($"test_accuracy={epochs[^1].Evaluation.Accuracy:F4} epochs={epochs.Count}"));
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
    /// The mean of epochs 2 to the last, which leaves out the first epoch's one-time costs (compiling the kernels,
    /// capturing the graphs), and its key on the <c>RESULT</c> line, <c>mean_epoch_ms_2_{last}</c>; <see langword="null"/>
    /// with one epoch.
    /// </summary>
    public static SteadyMean? SteadyEpochs(IReadOnlyList<EpochTiming> timings)
    {
        if (timings.Count < 2) return null;
        List<EpochTiming> steady = [.. timings.Skip(1)];
        int first = steady[0].Epoch, last = steady[^1].Epoch;
        return new SteadyMean(steady.Average(t => t.Milliseconds), first, last,
            string.Create(CultureInfo.InvariantCulture, $"mean_epoch_ms_{first}_{last}"));
    }
}

/// <summary>The mean time of the epochs after the first.</summary>
/// <param name="Milliseconds">The mean epoch time.</param>
/// <param name="First">The first epoch averaged (2).</param>
/// <param name="Last">The last epoch averaged.</param>
/// <param name="ResultKey">The mean's key on the <c>RESULT</c> line: <c>mean_epoch_ms_2_5</c> for epochs 2 to 5.</param>
public sealed record SteadyMean(double Milliseconds, int First, int Last, string ResultKey);
