using System.Globalization;
using Mlp.Training;
using Spectre.Console;

namespace Mlp.Reporting;

/// <summary>Renders a <see cref="StepProfile"/>: a table of the step's kernels, the whole step, and a <c>RESULT</c> line.</summary>
public static class ProfileReport
{
    /// <summary>Writes the profile of one training step on <paramref name="device"/>.</summary>
    public static void Write(IAnsiConsole console, StepProfile profile, string device, TableBorder border)
    {
        ProfileSettings settings = profile.Settings;
        double sum = profile.KernelMicroseconds;
        Table table = new Table().Border(border)
            .Title(FormattableString.Invariant(
                $"One training step of {profile.Rows} rows on {device}. {settings.KernelFigure}"))
            .AddColumn("#").AddColumn("kernel").AddColumn("computes").AddColumn("launch")
            .AddColumn(new TableColumn("median (us)").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        int index = 1;
        foreach (KernelTiming kernel in profile.Kernels)
        {
            table.AddRow(
                index++.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(kernel.Launch.Kernel),
                Markup.Escape(kernel.Launch.Purpose),
                Markup.Escape(kernel.Launch.Shape),
                kernel.MedianMicroseconds.ToString("F1", CultureInfo.InvariantCulture),
                (kernel.MedianMicroseconds / sum).ToString("P0", CultureInfo.InvariantCulture));
        }

        table.AddRow("", "all kernels", "", "", sum.ToString("F1", CultureInfo.InvariantCulture), "100 %");
        console.Write(table);

        // The table's sum and the whole step differ by what separates launches (on a GPU, the gaps a graph closes); say
        // by how much, so that the figures are read against the step that training pays for.
        string how = profile.Graphs ? "graph replays" : "steps of separate launches";
        double step = profile.StepMicroseconds;
        console.WriteLine(FormattableString.Invariant(
            $"Whole step, {how} back to back as in training: {step:F1} us per step, ") +
            FormattableString.Invariant(
                $"{profile.EpochMilliseconds:F2} ms for an epoch of {profile.StepsPerEpoch} steps (after {profile.WarmupSteps} warm-up steps)."));
        console.WriteLine(FormattableString.Invariant($"The kernels above add up to {sum / step:P0} of that step ") +
            (settings.KernelsInSequence
                ? "(timed inside steps of separate launches, so the difference is run-to-run variation)."
                : "(each kernel alone: the rest is the time between launches)."));
        Summary.Result(console, FormattableString.Invariant(
            $"profile_step_us={profile.StepMicroseconds:F2} kernel_sum_us={sum:F2} epoch_ms_estimate={profile.EpochMilliseconds:F3} ") +
            FormattableString.Invariant($"rows={profile.Rows} kernels={profile.Kernels.Count}"));
    }
}
