using System.Diagnostics;
using GpuDsl;

namespace Bench;

/// <summary>
/// The host's cost of a launch through the generated wrapper on the CPU backend, with a grid of one thread so that the
/// time is the launch path's (resolving the context, checking and binding the arguments, starting the CPU launch), and
/// the managed bytes each launch allocates. Runs on any machine: <c>Bench --cpu-launch</c>.
/// </summary>
internal static class CpuLaunchBenchmark
{
    private const int Batch = 1000;

    public static int Run(int launches, int rounds)
    {
        using GpuContext cpu = GpuContext.Create(GpuBackend.Cpu);
        using DeviceBuffer<int> x = cpu.Allocate<int>(32);
        x.Clear();
        for (int i = 0; i < 2000; i++)
        {
            BenchKernels.Launch(1, 1, 0, cpu.DefaultStream).Touch(x, i); // tiered JIT promotes the hot path
        }

        launches = Math.Max(Batch, launches / Batch * Batch);
        double[] nanoseconds = new double[rounds];
        long bytes = 0;
        for (int r = 0; r < rounds; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < launches; i++)
            {
                BenchKernels.Launch(1, 1, 0, cpu.DefaultStream).Touch(x, i);
            }

            nanoseconds[r] = (Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency) / launches;
            bytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        if (x.ToArray()[0] != launches - 1)
        {
            throw new InvalidOperationException("The CPU launches did not run.");
        }

        Array.Sort(nanoseconds);
        double median = nanoseconds[rounds / 2], perLaunch = (double)bytes / ((long)launches * rounds);
        Console.WriteLine($"CPU backend, typed launch of a one-thread grid: median {median:F0} ns over {rounds} rounds of {launches:N0}; {perLaunch:F1} bytes allocated per launch");
        Console.WriteLine($"RESULT cpu_launch_ns={median:F0} cpu_launch_bytes={perLaunch:F1}");
        return 0;
    }
}
