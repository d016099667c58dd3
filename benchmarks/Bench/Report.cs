using System.Globalization;

namespace Bench;

/// <summary>Prints the figures as a markdown table, then as <c>RESULT key=value</c> lines for scripts.</summary>
internal static class Report
{
    /// <summary>Startup goal: GpuDsl's part of a warm start (NVRTC and modules), beyond CUDA's context creation.</summary>
    public const double WarmOverheadGoalMs = 50;

    /// <summary>Launch goal: a typed launch costs at most this times a raw <c>cuLaunchKernel</c>.</summary>
    public const double LaunchRatioGoal = 1.10;

    public static void Print(List<StartupRun> startup, LaunchFigures launch, int modules)
    {
        List<StartupRun> cold = startup.Where(r => r.ColdCache).ToList(), warm = startup.Where(r => !r.ColdCache).ToList();
        double context = Median(startup.Select(r => r.Milliseconds["context_ms"]));
        double readyCold = Median(cold.Select(r => r.Milliseconds["ready_ms"]));
        double readyWarm = Median(warm.Select(r => r.Milliseconds["ready_ms"]));
        double overheadCold = Median(cold.Select(r => r.OverheadMs));
        double overheadWarm = Median(warm.Select(r => r.OverheadMs));
        double nvrtcWait = Median(warm.Select(r => r.Milliseconds["nvrtc_wait_ms"]));
        double firstLaunch = Median(warm.Select(r => r.Milliseconds["first_launch_ms"]));
        double runtime = Median(startup.Select(r => r.Milliseconds["runtime_ms"]));
        double typed = Median(launch.TypedNs), raw = Median(launch.RawNs), ratio = Median(launch.Ratios);

        Console.WriteLine($"Device: {startup[0].Device}; {modules} modules (the samples' kernels); medians of {cold.Count} cold and {warm.Count} warm starts, each a new process");
        Console.WriteLine();
        Console.WriteLine("| Measurement | Median | Goal |");
        Console.WriteLine("| --- | ---: | --- |");
        Row("CUDA context creation (`GpuContext.Create`: cuInit, device, primary context)", Ms(context), "");
        Row("Ready to launch, cold kernel cache (context + NVRTC compiles + load)", Ms(readyCold), "");
        Row("Ready to launch, warm kernel cache (context + cache reads + load)", Ms(readyWarm), "");
        Row("GpuDsl's part of a cold start (ready - context)", Ms(overheadCold), "");
        Row("GpuDsl's part of a warm start (ready - context)", Ms(overheadWarm), $"≤ {WarmOverheadGoalMs:F0} ms {Verdict(overheadWarm <= WarmOverheadGoalMs)}");
        Row("  of which waiting for NVRTC to load (warm)", Ms(nvrtcWait), "");
        Row("First launch of each module, after ready (warm; allocations included)", Ms(firstLaunch), "");
        Row(".NET runtime start to `Main`", Ms(runtime), "");
        Row($"Launch, typed wrapper (host time, {launch.Launches:N0} launches x {launch.TypedNs.Length} rounds)", Ns(typed), "");
        Row("Launch, raw `cuLaunchKernel`, same kernel and stream", Ns(raw), "");
        Row("Typed / raw (median of the rounds' paired ratios)", $"{ratio:F3}x", $"≤ {LaunchRatioGoal:F2}x {Verdict(ratio <= LaunchRatioGoal)}");
        Row("Managed bytes allocated per typed launch", $"{launch.TypedBytesPerLaunch:F3}", $"0 {Verdict(launch.TypedBytesPerLaunch == 0)}");
        Console.WriteLine();

        Result("device", startup[0].Device);
        Result("context_ms", F(context));
        Result("ready_cold_ms", F(readyCold));
        Result("ready_warm_ms", F(readyWarm));
        Result("overhead_cold_ms", F(overheadCold));
        Result("overhead_warm_ms", F(overheadWarm));
        Result("nvrtc_wait_warm_ms", F(nvrtcWait));
        Result("first_launch_warm_ms", F(firstLaunch));
        Result("launch_typed_ns", F(typed));
        Result("launch_raw_ns", F(raw));
        Result("launch_ratio", ratio.ToString("F3", CultureInfo.InvariantCulture));
        Result("bytes_per_launch", F(launch.TypedBytesPerLaunch));
        Result("warm_goal_met", (overheadWarm <= WarmOverheadGoalMs).ToString());
        Result("launch_goal_met", (ratio <= LaunchRatioGoal).ToString());
        Result("allocation_goal_met", (launch.TypedBytesPerLaunch == 0).ToString());
    }

    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Row(string what, string value, string goal) => Console.WriteLine($"| {what} | {value} | {goal} |");

    private static void Result(string key, string value) => Console.WriteLine($"RESULT {key}={value}");

    private static string Ms(double value) => $"{value:F1} ms";

    private static string Ns(double value) => $"{value:F0} ns";

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Verdict(bool met) => met ? "(met)" : "(MISSED)";
}
