using System.Diagnostics;
using GpuDsl.Cpu;

namespace GpuDsl.Cuda.Tests;

[CollectionDefinition(nameof(ThreadCountCollection), DisableParallelization = true)]
public sealed class ThreadCountCollection;

/// <summary>
/// How many OS threads a warp kernel's launch takes in the loop form: none of the dedicated per-lane threads of the
/// thread form, and no more than cores plus a few. Alone in its collection, so no other test's threads are counted.
/// </summary>
[Collection(nameof(ThreadCountCollection))]
public sealed class LoopFormThreadCountTests(Backends backends)
{
    private GpuContext Cpu => backends.Get(Backends.Cpu);

    [Fact]
    public void A_warp_kernel_launch_of_many_blocks_takes_no_dedicated_threads_and_no_more_OS_threads_than_cores()
    {
        const int Blocks = 512, Threads = 256;
        using DeviceBuffer<int> y = Cpu.Allocate<int>(Blocks * Threads);
        using Process process = Process.GetCurrentProcess();
        process.Refresh();
        int before = process.Threads.Count;
        long rented = CpuWorkerPool.Rented;
        int most = before;
        using CancellationTokenSource done = new();
        Thread sampler = new(() =>
        {
            using Process self = Process.GetCurrentProcess();
            while (!done.IsCancellationRequested)
            {
                self.Refresh();
                most = Math.Max(most, self.Threads.Count);
                Thread.Sleep(1);
            }
        });
        sampler.Start();

        bool loop = LoopFormTests.Launch(false, () => LoopFormKernels.Launch(Blocks, Threads).WarpSums(y));
        done.Cancel();
        sampler.Join();

        Assert.True(loop);
        Assert.Equal(rented, CpuWorkerPool.Rented);
        Assert.True(most - before <= Environment.ProcessorCount + 4, $"{most - before} more OS threads during the launch than before it ({before})");
        Assert.All(y.ToArray(), v => Assert.Equal(4 * 28, v));
    }
}
