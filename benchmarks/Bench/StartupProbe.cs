using System.Diagnostics;
using System.Globalization;
using GpuDsl;
using GpuDsl.Cuda;
using GpuDsl.Interop;

namespace Bench;

/// <summary>
/// The child process of <see cref="StartupBenchmark"/>: times one start of the CUDA backend, from creating the context
/// to every sample module loaded, and prints each figure as a <c>STARTUP key=value</c> line. A process starts cold only
/// once, hence a process per measurement.
/// </summary>
internal static class StartupProbe
{
    /// <summary>The argument that makes the program this child.</summary>
    public const string Switch = "--startup-child";

    /// <summary>What each line of the child's report starts with.</summary>
    public const string Prefix = "STARTUP ";

    public static int Run()
    {
        double runtimeMs = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        long start = Stopwatch.GetTimestamp();
        try
        {
            using GpuContext gpu = GpuContext.Create(GpuBackend.Cuda);
            double contextMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            // Started in the background by Create; this is what is left of the load after the context is up.
            long step = Stopwatch.GetTimestamp();
            Nvrtc.EnsureLoaded();
            double nvrtcMs = Stopwatch.GetElapsedTime(step).TotalMilliseconds;

            step = Stopwatch.GetTimestamp();
            gpu.Preload(SampleModules.All);
            double preloadMs = Stopwatch.GetElapsedTime(step).TotalMilliseconds;
            double readyMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            step = Stopwatch.GetTimestamp();
            SampleModules.LaunchEach(gpu);
            double firstLaunchMs = Stopwatch.GetElapsedTime(step).TotalMilliseconds;

            // Had the launchers' modules differed from the preloaded ones, they would have been loaded again here.
            int modules = ((CudaContext)gpu).ModuleCount;
            if (modules != SampleModules.All.Length)
            {
                Console.WriteLine($"{Prefix}error=the launchers loaded {modules} modules, not the {SampleModules.All.Length} preloaded: their names differ from the generator's");
                return 3;
            }

            Report("runtime_ms", runtimeMs);
            Report("context_ms", contextMs);
            Report("nvrtc_wait_ms", nvrtcMs);
            Report("preload_ms", preloadMs);
            Report("ready_ms", readyMs);
            Report("first_launch_ms", firstLaunchMs);
            Console.WriteLine($"{Prefix}device={gpu.Device.Name}");
            return 0;
        }
        catch (CudaException e)
        {
            Console.WriteLine($"{Prefix}error={e.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    private static void Report(string key, double milliseconds) =>
        Console.WriteLine($"{Prefix}{key}={milliseconds.ToString("F3", CultureInfo.InvariantCulture)}");
}
