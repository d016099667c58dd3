using System.Diagnostics;
using GpuDsl;

// The CPU backend's cost per emulated thread of one Gpu.SyncThreads() and of one Gpu.ShuffleXor, in the loop form (one
// OS thread per block, barriers as iterator yields) and in the thread form (one OS thread per emulated thread), in the
// same run: GPUDSL_CPU_LOOP_FORM=0 turns the loop form off for a launch. Usage: dotnet run -c Release [blocks]
int blocks = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 64;
const int Threads = 256;
using GpuContext cpu = GpuContext.Create(GpuBackend.Cpu);
using DeviceBuffer<int> y = cpu.Allocate<int>(blocks * Threads);

Console.WriteLine($"CPU backend, {Environment.ProcessorCount} cores, {blocks} blocks of {Threads} threads");
foreach ((string name, int rounds, Action<int> launch) in new (string, int, Action<int>)[]
{
    ("barrier", 64, r => BarrierKernels.Launch(blocks, Threads).Barriers(y, r)),
    ("shuffle", 8, r => BarrierKernels.Launch(blocks, Threads).Shuffles(y, r)),
})
{
    foreach (bool loopForm in new[] { true, false })
    {
        Environment.SetEnvironmentVariable("GPUDSL_CPU_LOOP_FORM", loopForm ? null : "0");
        launch(1); // warm-up: JIT, worker threads
        Stopwatch clock = Stopwatch.StartNew();
        launch(rounds + 1);
        double withRounds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        launch(1);
        double perRound = (withRounds - clock.Elapsed.TotalSeconds) / rounds;
        double perThread = perRound / ((double)blocks * Threads) * 1e9;
        Console.WriteLine($"{name,-8} {(loopForm ? "loop form" : "threads"),-10} {perThread,10:F1} ns per thread per {name}");
    }
}

/// <summary>The kernels timed: rounds of a shared-memory barrier, and rounds of a warp shuffle.</summary>
public static partial class BarrierKernels
{
    [Kernel]
    public static void Barriers(Span<int> y, int rounds)
    {
        Span<int> s = Gpu.Shared<int>(256);
        int t = Gpu.ThreadIdx.X;
        s[t] = t;
        for (int r = 0; r < rounds; r++)
        {
            Gpu.SyncThreads();
            s[t] += s[255 - t] & 1;
        }

        y[Gpu.BlockIdx.X * 256 + t] = s[t];
    }

    [Kernel]
    public static void Shuffles(Span<int> y, int rounds)
    {
        int v = Gpu.ThreadIdx.X;
        for (int r = 0; r < rounds; r++)
        {
            v += Gpu.ShuffleXor(v, 1) & 1;
        }

        y[Gpu.BlockIdx.X * 256 + Gpu.ThreadIdx.X] = v;
    }
}
