using System.Globalization;

namespace GeneratorBench;

/// <summary>Prints the figures as a markdown table, then as <c>RESULT key=value</c> lines for scripts.</summary>
internal static class Report
{
    /// <summary>The goal for a one-line edit inside a kernel: the generator's run takes under this.</summary>
    public const double EditGoalMs = 50;

    /// <param name="project">The synthetic project timed.</param>
    /// <param name="full">(a) Full generation.</param>
    /// <param name="firstMs">The first full run of the process, JIT included.</param>
    /// <param name="edits">(b) kernel body, (c) host code, (d) comment, (e) declaration, in that order.</param>
    public static void Print(SyntheticProject project, Timing full, double firstMs, Timing[] edits)
    {
        Timing kernel = edits[0], host = edits[1], comment = edits[2], declaration = edits[3];
        int modules = project.Files, kernels = project.Files * project.KernelsPerFile;
        bool fastEnough = Median(kernel) < EditGoalMs;
        bool oneModule = kernel.Counts.All(c => c.Modules.Regenerated == 1);
        bool hostNone = host.Counts.All(c => c.Modules.Regenerated == 0);
        bool commentNone = comment.Counts.All(c => c.Modules.Regenerated == 0);

        Console.WriteLine($"{project.Files} files, {kernels} kernels ({project.KernelsPerFile} per file), {modules} modules; " +
            $"checked mode (Debug); median and p90 of {full.Milliseconds.Length} runs after warm-up; .NET {Environment.Version}, " +
            $"{Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| Generator run | Median | p90 | Modules regenerated | Kernel models changed | Goal |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
        Row("(a) full: new driver, nothing bound yet", full, modules, kernels, "");
        Row("(b) one-line edit inside one kernel's body", kernel, modules, kernels,
            $"< {EditGoalMs:F0} ms {Verdict(fastEnough)}; 1 module {Verdict(oneModule)}");
        Row("(c) one-line edit in host code (same file)", host, modules, kernels, $"0 modules {Verdict(hostNone)}");
        Row("(d) a comment inside one kernel's body", comment, modules, kernels, $"0 modules {Verdict(commentNone)}");
        Row("(e) a host method's name (a declaration: every kernel is translated again)", declaration, modules, kernels, "");
        Console.WriteLine($"| first full run of the process (JIT included) | {firstMs:F1} ms | | | | |");
        Console.WriteLine();

        Result("files", project.Files.ToString(CultureInfo.InvariantCulture));
        Result("kernels", kernels.ToString(CultureInfo.InvariantCulture));
        Result("repetitions", full.Milliseconds.Length.ToString(CultureInfo.InvariantCulture));
        Result("first_full_ms", F(firstMs));
        foreach ((string key, Timing timing) in new[] { ("full", full), ("kernel_edit", kernel), ("host_edit", host), ("comment_edit", comment), ("declaration_edit", declaration) })
        {
            Result($"{key}_median_ms", F(Median(timing)));
            Result($"{key}_p90_ms", F(P90(timing)));
            Result($"{key}_modules_regenerated", Range(timing.Counts.Select(c => c.Modules.Regenerated)));
            Result($"{key}_kernel_models_changed", Range(timing.Counts.Select(c => c.Kernels.Regenerated)));
        }

        Result("edit_goal_met", fastEnough.ToString());
        Result("one_module_goal_met", oneModule.ToString());
        Result("host_edit_goal_met", hostNone.ToString());
        Result("comment_edit_goal_met", commentNone.ToString());
    }

    private static void Row(string what, Timing timing, int modules, int kernels, string goal) =>
        Console.WriteLine($"| {what} | {Median(timing):F1} ms | {P90(timing):F1} ms | " +
            $"{Range(timing.Counts.Select(c => c.Modules.Regenerated))} of {modules} | " +
            $"{Range(timing.Counts.Select(c => c.Kernels.Regenerated))} of {kernels} | {goal} |");

    private static double Median(Timing timing) => Percentile(timing.Milliseconds, 0.5);

    private static double P90(Timing timing) => Percentile(timing.Milliseconds, 0.9);

    /// <summary>The nearest-rank percentile; the median of an even count is the mean of the middle two.</summary>
    private static double Percentile(double[] values, double fraction)
    {
        double[] sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        if (fraction == 0.5 && sorted.Length % 2 == 0)
        {
            return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
    }

    /// <summary>"1" when every repetition agrees, "0-2" when they do not.</summary>
    private static string Range(IEnumerable<int> values)
    {
        int[] all = values.ToArray();
        return all.Min() == all.Max() ? all.Min().ToString(CultureInfo.InvariantCulture) : $"{all.Min()}-{all.Max()}";
    }

    private static void Result(string key, string value) => Console.WriteLine($"RESULT {key}={value}");

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Verdict(bool met) => met ? "(met)" : "(MISSED)";
}
