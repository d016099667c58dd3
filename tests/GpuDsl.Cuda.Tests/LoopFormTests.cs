using GpuDsl.Cpu;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// The CPU backend's loop form of barrier kernels (one OS thread per block, see <see cref="CpuLoopForm"/>) against the
/// thread form (one OS thread per emulated thread) on the same kernels and inputs, and against plain C#.
/// </summary>
public sealed class LoopFormTests(Backends backends)
{
    private GpuContext Cpu => backends.Get(Backends.Cpu);

    private readonly int _seed = Random.Shared.Next();

    [Fact]
    public void Scan_and_block_votes_give_the_same_results_in_loop_form_as_on_threads_and_as_plain_CSharp()
    {
        int n = 5 * LoopFormKernels.Threads - 17;
        Random random = new(_seed);
        int[] x = Enumerable.Range(0, n).Select(_ => random.Next(-20, 100)).ToArray();

        (int[] Scanned, int[] Votes) Run(bool threadFormOnly)
        {
            using DeviceBuffer<int> dx = Cpu.Allocate<int>(x), scanned = Cpu.Allocate<int>(n), votes = Cpu.Allocate<int>(15);
            bool loop = Launch(threadFormOnly, () => LoopFormKernels.Launch(5, LoopFormKernels.Threads).ScanAndVote(dx, scanned, votes));
            Assert.Equal(!threadFormOnly, loop);
            return (scanned.ToArray(), votes.ToArray());
        }

        (int[] loopScanned, int[] loopVotes) = Run(threadFormOnly: false);
        (int[] threadScanned, int[] threadVotes) = Run(threadFormOnly: true);

        Assert.Equal(threadScanned, loopScanned);
        Assert.Equal(threadVotes, loopVotes);
        for (int b = 0; b < 5; b++)
        {
            int[] slice = Enumerable.Range(b * LoopFormKernels.Threads, LoopFormKernels.Threads).Select(i => i < n ? x[i] : 0).ToArray();
            int sum = 0;
            int[] expected = slice.Select(v => sum += v).ToArray();
            Assert.True(expected.Take(Math.Min(LoopFormKernels.Threads, n - b * LoopFormKernels.Threads)).SequenceEqual(loopScanned.Skip(b * LoopFormKernels.Threads).Take(LoopFormKernels.Threads)), $"seed {_seed}, block {b}");
            Assert.Equal(slice.Count(v => v > 0), loopVotes[b * 3]);
            Assert.Equal(expected.All(v => v >= 0) ? 1 : 0, loopVotes[b * 3 + 1]);
            Assert.Equal(slice.Any(v => v > 90) ? 1 : 0, loopVotes[b * 3 + 2]);
        }
    }

    [Fact]
    public void A_barrier_inside_a_device_method_runs_in_loop_form()
    {
        float[] x = Enumerable.Range(0, 3 * LoopFormKernels.Threads).Select(i => (float)i).ToArray();
        using DeviceBuffer<float> dx = Cpu.Allocate<float>(x), y = Cpu.Allocate<float>(x.Length);

        bool loop = Launch(false, () => LoopFormKernels.Launch(3, LoopFormKernels.Threads).ReverseBlocks(dx, y));

        Assert.True(loop);
        float[] expected = x.Chunk(LoopFormKernels.Threads).SelectMany(c => c.Reverse()).ToArray();
        Assert.Equal(expected, y.ToArray());
    }

    [Fact]
    public void A_thread_that_returns_before_a_barrier_is_reported_in_loop_form_as_on_threads()
    {
        using DeviceBuffer<int> y = Cpu.Allocate<int>(3 * LoopFormKernels.Threads);
        string Message(bool threadFormOnly) => Assert.Throws<KernelExecutionException>(
            () => Launch(threadFormOnly, () => LoopFormKernels.Launch(3, LoopFormKernels.Threads).ReturnBeforeBarrier(y))).Message;

        string loop = Message(threadFormOnly: false);

        Assert.Contains("would hang at Gpu.SyncThreads() in block (1, 0, 0)", loop);
        Assert.Contains("127 of its 128 threads wait at barrier #1", loop);
        Assert.Contains("the first is thread (3, 0, 0)", loop);
        Assert.Equal(Message(threadFormOnly: true), loop);
    }

    [Fact]
    public void An_index_past_the_end_after_a_barrier_names_its_block_thread_and_line_in_loop_form()
    {
        using DeviceBuffer<int> y = Cpu.Allocate<int>(3 * LoopFormKernels.Threads);

        KernelExecutionException failure = Assert.Throws<KernelExecutionException>(
            () => Launch(false, () => LoopFormKernels.Launch(3, LoopFormKernels.Threads).IndexPastEndAfterBarrier(y)));

        Assert.True(CpuLaunch.t_lastLaunchInLoopForm);
        Assert.Contains("block (2, 0, 0)", failure.Message);
        Assert.Contains("thread (5, 0, 0)", failure.Message);
        Assert.Contains("LoopFormKernels.cs", failure.ToString());
    }

    /// <summary>Launches on this thread, in loop form or not, and says whether the loop form ran.</summary>
    private static bool Launch(bool threadFormOnly, Action launch)
    {
        CpuLaunch.t_threadFormOnly = threadFormOnly;
        CpuLaunch.t_lastLaunchInLoopForm = false;
        try
        {
            launch();
            return CpuLaunch.t_lastLaunchInLoopForm;
        }
        finally
        {
            CpuLaunch.t_threadFormOnly = false;
        }
    }
}
