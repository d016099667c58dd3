using Bench;
using GpuDsl;
using GpuDsl.Cuda;

// Startup and launch-cost figures of the CUDA backend, printed as a markdown table and as RESULT key=value lines:
//   - context creation, and ready-to-launch with a cold and a warm kernel cache, each a fresh child process;
//   - host time per launch, typed wrapper against a raw cuLaunchKernel, and managed bytes per typed launch.
// Usage: Bench [--launches N] [--rounds N] [--cold-runs N] [--warm-runs N]
//        Bench --cpu-launch [--launches N] [--rounds N]   (the CPU backend's launch path; no GPU needed)
if (args is [StartupProbe.Switch, ..])
{
    return StartupProbe.Run();
}

int launches = Option("--launches", 100_000), rounds = Option("--rounds", 7);
if (args.Contains("--cpu-launch"))
{
    return CpuLaunchBenchmark.Run(launches, rounds);
}

int coldRuns = Option("--cold-runs", 3), warmRuns = Option("--warm-runs", 2);

using (GpuContext probe = GpuContext.Create())
{
    if (probe is not CudaContext)
    {
        Console.WriteLine($"No CUDA device ({probe.FallbackReason}): these figures need a GPU.");
        Console.WriteLine($"RESULT skipped={probe.FallbackReason}");
        return 0;
    }
}

Console.Error.WriteLine($"Timing {coldRuns} cold and {coldRuns * warmRuns} warm starts...");
List<StartupRun> startup = StartupBenchmark.Run(coldRuns, warmRuns);

Console.Error.WriteLine($"Timing {rounds} rounds of {launches:N0} launches each way...");
using CudaContext gpu = (CudaContext)GpuContext.Create(GpuBackend.Cuda);
LaunchFigures launch = LaunchBenchmark.Run(gpu, launches, rounds);

Report.Print(startup, launch, SampleModules.All.Length);
return 0;

int Option(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
}
