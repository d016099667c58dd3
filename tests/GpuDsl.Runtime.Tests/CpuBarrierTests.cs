using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary>Kernels that call <see cref="Gpu.SyncThreads"/>: the threads of a block run concurrently on the CPU.</summary>
public sealed class CpuBarrierTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    // A few blocks of each size, the last one partial, prove the lanes run block after block as well as thousands
    // would: each emulated thread is an OS thread here, and a large grid only makes a loaded machine slower.
    [Theory]
    [InlineData(1000, 2)]
    [InlineData(2000, 64)]
    [InlineData(3000, 256)]
    [InlineData(2500, 1024)]
    [InlineData(1, 1024)]
    public async Task Block_reduction_with_SyncThreads_sums_1_to_n_exactly(int n, int threadsPerBlock)
    {
        int blocks = (n + threadsPerBlock - 1) / threadsPerBlock;
        using DeviceBuffer<long> input = _context.Allocate<long>(Enumerable.Range(1, n).Select(i => (long)i).ToArray());
        using DeviceBuffer<long> scratch = _context.Allocate<long>(blocks * threadsPerBlock);
        using DeviceBuffer<long> blockSums = _context.Allocate<long>(blocks);

        await CpuLauncher.WithDeadline(() => TestKernels.Launch(new LaunchConfig(blocks, threadsPerBlock)).BlockSum(input, scratch, blockSums));

        long[] sums = blockSums.ToArray();
        for (int b = 0; b < blocks; b++)
        {
            long first = (long)b * threadsPerBlock + 1, last = Math.Min(first + threadsPerBlock - 1, n);
            Assert.True(sums[b] == (first + last) * (last - first + 1) / 2, $"block {b} summed to {sums[b]}");
        }

        Assert.Equal((long)n * (n + 1) / 2, sums.Sum());
    }

    [Theory]
    [InlineData(7, 2, 1, 1)]
    [InlineData(3, 16, 4, 2)]
    [InlineData(2, 1024, 1, 1)]
    [InlineData(9, 1, 1, 1)]
    public async Task Every_thread_sees_the_writes_its_block_made_before_SyncThreads(int blocks, int x, int y, int z)
    {
        Dim3 block = new(x, y, z);
        int size = (int)block.Volume;
        using DeviceBuffer<int> flags = _context.Allocate<int>(blocks * size);
        using DeviceBuffer<int> seen = _context.Allocate<int>(blocks * size);

        await CpuLauncher.WithDeadline(() => TestKernels.Launch(new LaunchConfig(blocks, block)).CountFlagsAfterBarrier(flags, seen));

        Assert.All(seen.ToArray(), count => Assert.Equal(size, count));
    }

    [Fact]
    public async Task Thread_returning_before_SyncThreads_throws_KernelExecutionException_naming_kernel_and_block()
    {
        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.WithDeadline(() => TestKernels.Launch(new LaunchConfig(4, 32, 0, _context.DefaultStream)).ReturnEarlyInOneBlock(divergentBlock: 2, returningThread: 5)));

        Assert.Equal("TestKernels.ReturnEarlyInOneBlock", error.Kernel);
        Assert.Equal(new Dim3(2, 0, 0), error.BlockIdx);
        Assert.Equal(new Dim3(5, 0, 0), error.ThreadIdx);
        Assert.Contains("TestKernels.ReturnEarlyInOneBlock", error.Message);
        Assert.Contains("block (2, 0, 0)", error.Message);
        Assert.Contains("31 of its 32 threads wait at barrier #1", error.Message);
    }

    [Fact]
    public async Task Threads_calling_SyncThreads_a_different_number_of_times_throw_KernelExecutionException()
    {
        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.WithDeadline(() => TestKernels.Launch(new LaunchConfig(3, 64, 0, _context.DefaultStream)).UnevenBarrierCount(extraBelow: 4)));

        Assert.Contains("TestKernels.UnevenBarrierCount", error.Message);
        Assert.Contains("4 of its 64 threads wait at barrier #2", error.Message);
        Assert.Contains("returned after passing 1", error.Message);
    }

    [Fact]
    public async Task Exception_while_other_threads_wait_at_SyncThreads_fails_the_launch_without_hanging()
    {
        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.LaunchWithDeadline(TestKernels.ThrowWhileOthersWaitKernel, new LaunchConfig(6, 256), _context,
                new ThrowWhileOthersWaitBody(throwingThread: 200)));

        Assert.IsType<ArithmeticException>(error.InnerException);
        Assert.Equal(new Dim3(200, 0, 0), error.ThreadIdx);
        Assert.Contains("Tests.ThrowWhileOthersWait", error.Message);
    }

    [Fact]
    public async Task Barrier_launches_run_correctly_after_a_failed_one()
    {
        await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.WithDeadline(() => TestKernels.Launch(new LaunchConfig(2, 128, 0, _context.DefaultStream)).ReturnEarlyInOneBlock(divergentBlock: 0, returningThread: 0)));
        using DeviceBuffer<int> flags = _context.Allocate<int>(4 * 128);
        using DeviceBuffer<int> seen = _context.Allocate<int>(4 * 128);

        await CpuLauncher.WithDeadline(() => TestKernels.Launch(new LaunchConfig(4, 128)).CountFlagsAfterBarrier(flags, seen));

        Assert.All(seen.ToArray(), count => Assert.Equal(128, count));
    }

    [Fact]
    public void SyncThreads_in_a_kernel_described_without_barriers_throws_instead_of_hanging()
    {
        using DeviceBuffer<int> flags = _context.Allocate<int>(64);
        using DeviceBuffer<int> seen = _context.Allocate<int>(64);

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(TestKernels.UndeclaredBarrierKernel, new LaunchConfig(1, 64), _context,
                new CountFlagsAfterBarrierBody(flags, seen)));

        InvalidOperationException inner = Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("uses no barriers", inner.Message);
    }

    [Fact]
    public async Task Concurrent_barrier_launches_from_several_threads_all_complete()
    {
        const int Launches = 4, Blocks = 8, Size = 64;
        Task<long>[] sums = [.. Enumerable.Range(0, Launches).Select(_ => Task.Run(async () =>
        {
            int n = Blocks * Size;
            using DeviceBuffer<long> input = _context.Allocate<long>(Enumerable.Range(1, n).Select(i => (long)i).ToArray());
            using DeviceBuffer<long> scratch = _context.Allocate<long>(n);
            using DeviceBuffer<long> blockSums = _context.Allocate<long>(Blocks);
            await CpuLauncher.WithDeadline(() => TestKernels.Launch(new LaunchConfig(Blocks, Size)).BlockSum(input, scratch, blockSums));
            return blockSums.ToArray().Sum();
        }))];

        long[] results = await Task.WhenAll(sums);

        Assert.All(results, sum => Assert.Equal(512L * 513 / 2, sum));
    }
}
