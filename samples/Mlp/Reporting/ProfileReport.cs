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
                $"One training step of {profile.Rows} rows on {device}: each kernel alone, median of {settings.Repetitions}"))
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

        string how = profile.Graphs ? "graph replays" : "steps of separate launches";
        console.WriteLine(FormattableString.Invariant(
            $"Whole step, {how} back to back as in training: {profile.StepMicroseconds:F1} us per step, ") +
            FormattableString.Invariant(
                $"{profile.EpochMilliseconds:F2} ms for an epoch of {profile.StepsPerEpoch} steps (after {settings.WarmupSteps} warm-up steps)."));
        Summary.Result(console, FormattableString.Invariant(
            $"profile_step_us={profile.StepMicroseconds:F2} kernel_sum_us={sum:F2} epoch_ms_estimate={profile.EpochMilliseconds:F3} ") +
            FormattableString.Invariant($"rows={profile.Rows} kernels={profile.Kernels.Count}"));
    }
}
