using GpuDsl.Cpu;
using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary>
/// <see cref="CpuContext.RaceCheck"/>: two threads of a block touching one shared element between barriers, at least
/// one writing, fail the launch with both threads named; correct kernels run as without it.
/// </summary>
public sealed class CpuRaceCheckTests : IDisposable
{
    private readonly CpuContext _context = (CpuContext)GpuContext.Create(GpuBackend.Cpu);

    public CpuRaceCheckTests() => _context.RaceCheck = true;

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Write_write_race_is_reported_with_kernel_block_both_threads_array_and_element()
    {
        using DeviceBuffer<int> seen = _context.Allocate<int>(2 * 32);

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(SharedMemoryKernels.WriteOneElementKernel, new LaunchConfig(2, 32), _context, new WriteOneElementBody(seen)));

        Assert.Equal("Tests.WriteOneElement", error.Kernel);
        Assert.Equal(new Dim3(0, 0, 0), error.BlockIdx);
        Assert.Equal(new Dim3(1, 0, 0), error.ThreadIdx);
        Assert.Contains("Kernel Tests.WriteOneElement has a shared-memory race in block (0, 0, 0)", error.Message);
        Assert.Contains(
            "threads (0, 0, 0) and (1, 0, 0) both wrote element 0 of the Gpu.Shared<int>(1) array of SharedMemoryKernels.cs line 32",
            error.Message);
        Assert.Contains("before the block's first Gpu.SyncThreads()", error.Message);
    }

    [Fact]
    public void Two_threads_writing_different_fields_of_one_shared_struct_is_no_race_and_the_same_field_is()
    {
        using DeviceBuffer<int> seen = _context.Allocate<int>(32);

        CpuLauncher.Launch(SharedMemoryKernels.WriteFieldsKernel, new LaunchConfig(1, 32), _context, new WriteFieldsBody(seen, sameField: false));
        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(SharedMemoryKernels.WriteFieldsKernel, new LaunchConfig(1, 32), _context, new WriteFieldsBody(seen, sameField: true)));

        Assert.Contains("threads (0, 0, 0) and (1, 0, 0) both wrote element 0", error.Message);
    }

    [Fact]
    public void The_same_race_runs_without_error_when_the_check_is_off()
    {
        _context.RaceCheck = false;
        using DeviceBuffer<int> seen = _context.Allocate<int>(2 * 32);

        CpuLauncher.Launch(SharedMemoryKernels.WriteOneElementKernel, new LaunchConfig(2, 32), _context, new WriteOneElementBody(seen));

        // The threads of a block run one after another, so each reads back its own write.
        Assert.Equal(Enumerable.Range(0, 64).Select(i => i % 32 + 1), seen.ToArray());
    }

    [Fact]
    public async Task Write_write_race_before_a_barrier_is_reported_while_the_threads_wait_at_it()
    {
        using DeviceBuffer<int> seen = _context.Allocate<int>(3 * 64);

        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.LaunchWithDeadline(SharedMemoryKernels.WriteOneElementThenSyncKernel, new LaunchConfig(3, 64), _context,
                new WriteOneElementThenSyncBody(seen)));

        Assert.Equal(new Dim3(0, 0, 0), error.BlockIdx);
        Assert.Contains("threads (0, 0, 0) and (1, 0, 0) both wrote element 0 of the Gpu.Shared<int>(1) array of SharedMemoryKernels.cs line 41", error.Message);
    }

    [Fact]
    public async Task The_same_launch_reports_the_same_race_every_time()
    {
        using DeviceBuffer<int> seen = _context.Allocate<int>(2 * 128);
        string[] messages = new string[3];
        for (int run = 0; run < messages.Length; run++)
        {
            KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
                CpuLauncher.LaunchWithDeadline(SharedMemoryKernels.WriteOneElementThenSyncKernel, new LaunchConfig(2, 128), _context,
                    new WriteOneElementThenSyncBody(seen)));
            messages[run] = error.Message;
        }

        Assert.All(messages, message => Assert.Equal(messages[0], message));
    }

    [Fact]
    public void Race_on_dynamic_shared_memory_names_it_and_the_element()
    {
        using DeviceBuffer<float> seen = _context.Allocate<float>(16);

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(SharedMemoryKernels.WriteDynamicElementKernel, new LaunchConfig(1, 16, 64), _context,
                new WriteDynamicElementBody(seen)));

        Assert.Contains(
            "threads (0, 0, 0) and (1, 0, 0) both wrote element 2 of the dynamic shared memory (Gpu.DynamicShared<float>(), SharedMemoryKernels.cs line 51)",
            error.Message);
    }

    // With the check on, the lanes take turns, one OS thread handing over to the next at every barrier, so each
    // launch here is kept to what it proves: several warps in a block, and several blocks one after another.
    [Theory]
    [InlineData(300, 256)]
    [InlineData(100, 64)]
    [InlineData(1000, 32)] // 32 blocks: lane 0 of each starts while the last lane of the one before is still leaving it
    public async Task Correct_reduction_through_shared_memory_reports_nothing_and_sums_exactly(int n, int threads)
    {
        int blocks = (n + threads - 1) / threads;
        using DeviceBuffer<int> input = _context.Allocate<int>(Enumerable.Range(1, n).ToArray());
        using DeviceBuffer<int> sums = _context.Allocate<int>(blocks);

        await CpuLauncher.LaunchWithDeadline(SharedMemoryKernels.TreeSumKernel, new LaunchConfig(blocks, threads), _context,
            new TreeSumBody(input, sums));

        Assert.Equal(n * (n + 1) / 2, sums.ToArray().Sum());
    }

    [Fact]
    public async Task Atomic_updates_of_one_shared_element_are_no_race()
    {
        using DeviceBuffer<int> counts = _context.Allocate<int>(2);

        await CpuLauncher.LaunchWithDeadline(SharedMemoryKernels.CountAtomicallyKernel, new LaunchConfig(2, 96), _context,
            new CountAtomicallyBody(counts));

        Assert.Equal([96, 96], counts.ToArray());
    }

    [Fact]
    public async Task Accesses_of_one_warp_ordered_by_SyncWarp_are_no_race()
    {
        using DeviceBuffer<int> results = _context.Allocate<int>(2);

        await CpuLauncher.LaunchWithDeadline(SharedMemoryKernels.HandOffInWarpKernel, new LaunchConfig(1, 64), _context,
            new HandOffInWarpBody(results));

        Assert.Equal([107, 108], results.ToArray());
    }

    [Fact]
    public async Task Warp_shuffles_work_while_the_lanes_take_turns()
    {
        using DeviceBuffer<int> sums = _context.Allocate<int>(4);

        await CpuLauncher.LaunchWithDeadline(SharedMemoryKernels.WarpSumKernel, new LaunchConfig(1, 128), _context,
            new WarpSumBody(sums));

        Assert.Equal(Enumerable.Range(0, 4).Select(w => Enumerable.Range(32 * w, 32).Sum()), sums.ToArray());
    }

    [Fact]
    public void Read_of_an_element_another_thread_writes_in_the_same_interval_is_reported_in_a_checked_kernel()
    {
        using DeviceBuffer<int> output = _context.Allocate<int>(64);

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(SharedMemoryKernels.RotateKernel, new LaunchConfig(1, 64), _context, new RotateBody(output)));

        Assert.Equal(new Dim3(1, 0, 0), error.ThreadIdx);
        Assert.Contains("thread (0, 0, 0) read element 1 of the Gpu.Shared<int>(64) array of SharedMemoryKernels.cs line ", error.Message);
        Assert.Contains("and thread (1, 0, 0) wrote it", error.Message);
    }

    [Fact]
    public async Task Reads_after_a_barrier_of_what_others_wrote_before_it_are_no_race()
    {
        using DeviceBuffer<int> output = _context.Allocate<int>(64);

        await CpuLauncher.LaunchWithDeadline(SharedMemoryKernels.RotateAfterSyncKernel, new LaunchConfig(1, 64), _context,
            new RotateAfterSyncBody(output));

        Assert.Equal(Enumerable.Range(0, 64).Select(t => (t + 1) % 64), output.ToArray());
    }

    [Fact]
    public async Task SyncThreads_that_a_thread_skips_is_still_reported_instead_of_hanging()
    {
        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.WithDeadline(() => TestKernels.Launch(new LaunchConfig(3, 32, 0, _context.DefaultStream)).ReturnEarlyInOneBlock(divergentBlock: 1, returningThread: 5)));

        Assert.Equal(new Dim3(1, 0, 0), error.BlockIdx);
        Assert.Contains("31 of its 32 threads wait at barrier #1", error.Message);
    }

    [Fact]
    public async Task Warp_shuffle_that_a_lane_skips_is_still_reported_instead_of_hanging()
    {
        using DeviceBuffer<int> values = _context.Allocate<int>(64);

        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.LaunchWithDeadline(SharedMemoryKernels.ShuffleWithOneLaneGoneKernel, new LaunchConfig(1, 64), _context,
                new ShuffleWithOneLaneGoneBody(values, missingLane: 7)));

        Assert.Contains("would hang at a shuffle", error.Message);
    }

    [Fact]
    public async Task A_thread_that_throws_while_others_wait_for_their_turn_fails_the_launch_without_hanging()
    {
        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.LaunchWithDeadline(TestKernels.ThrowWhileOthersWaitKernel, new LaunchConfig(2, 64), _context,
                new ThrowWhileOthersWaitBody(throwingThread: 40)));

        Assert.IsType<ArithmeticException>(error.InnerException);
        Assert.Equal(new Dim3(40, 0, 0), error.ThreadIdx);
    }
}
