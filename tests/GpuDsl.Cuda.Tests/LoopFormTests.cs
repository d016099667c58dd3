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

    [Theory]
    [InlineData(3, 80)]
    [InlineData(4, 8)]
    [InlineData(2, 64)]
    public void Warp_collectives_give_the_same_results_in_loop_form_as_on_threads_and_as_plain_CSharp(int blocks, int threads)
    {
        int n = blocks * threads;
        Random random = new(_seed);
        int[] x = Enumerable.Range(0, n).Select(_ => random.Next(-20, 100)).ToArray();

        int[] Run(bool threadFormOnly)
        {
            using DeviceBuffer<int> dx = Cpu.Allocate<int>(x), y = Cpu.Allocate<int>(n * LoopFormKernels.WarpOutputs);
            bool loop = Launch(threadFormOnly, () => LoopFormKernels.Launch(blocks, threads).WarpMix(dx, y));
            Assert.Equal(!threadFormOnly, loop);
            return y.ToArray();
        }

        int[] inLoop = Run(threadFormOnly: false);
        int[] onThreads = Run(threadFormOnly: true);

        Assert.Equal(onThreads, inLoop);
        for (int first = 0; first < n; first += first % threads + 32 >= threads ? threads - first % threads : 32)
        {
            // A whole warp's butterfly sum is its sum, and its ballot the bits of the lanes over 50.
            if (threads - first % threads < 32)
            {
                continue;
            }

            int[] values = x[first..(first + 32)];
            uint ballot = 0;
            for (int lane = 0; lane < 32; lane++)
            {
                ballot |= values[lane] > 50 ? 1u << lane : 0;
            }

            Assert.Equal(values.Sum(), inLoop[first * LoopFormKernels.WarpOutputs + 2]);
            Assert.Equal((int)ballot ^ (1 << 30), inLoop[(first + 5) * LoopFormKernels.WarpOutputs + 3]);
        }
    }

    [Fact]
    public void A_device_method_that_returns_a_warp_sum_runs_in_loop_form_with_the_results_of_the_threads()
    {
        Random random = new(_seed);
        int[] x = Enumerable.Range(0, 4 * 64).Select(_ => random.Next(-20, 100)).ToArray();

        int[] Run(bool threadFormOnly)
        {
            using DeviceBuffer<int> dx = Cpu.Allocate<int>(x), y = Cpu.Allocate<int>(x.Length);
            Assert.Equal(!threadFormOnly, Launch(threadFormOnly, () => LoopFormKernels.Launch(4, 64).WarpSumsThroughHelper(dx, y)));
            return y.ToArray();
        }

        int[] inLoop = Run(threadFormOnly: false);

        Assert.Equal(Run(threadFormOnly: true), inLoop);
        Assert.Equal(x.Select((_, i) => x.Skip(i / 32 * 32).Take(32).Sum() + 32_000), inLoop);
    }

    [Fact]
    public void A_lane_that_returns_before_a_shuffle_is_reported_in_loop_form_as_on_threads()
    {
        using DeviceBuffer<int> y = Cpu.Allocate<int>(3 * 64);
        string Message(bool threadFormOnly) => Assert.Throws<KernelExecutionException>(
            () => Launch(threadFormOnly, () => LoopFormKernels.Launch(3, 64).ReturnBeforeShuffle(y))).Message;

        string loop = Message(threadFormOnly: false);

        Assert.Contains("would hang at a shuffle in block (1, 0, 0): 31 lanes of warp 1 wait with mask 0xffffffff for 1 that returned (lanes 0x00000008)", loop);
        string threads = Message(threadFormOnly: true);
        Assert.Equal(threads[threads.IndexOf("would hang", StringComparison.Ordinal)..], loop[loop.IndexOf("would hang", StringComparison.Ordinal)..]);
    }

    /// <summary>Launches on this thread, in loop form or not, and says whether the loop form ran.</summary>
    internal static bool Launch(bool threadFormOnly, Action launch)
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
