namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Constructs that ported CUDA kernels use as written (issue 15's ported samples), on the CUDA device and on the CPU
/// backend: a shared scalar as a <c>ref</c> local, atomics through a device helper's <c>ref</c> parameter,
/// <c>SyncWarp(mask)</c>, shuffles of a struct, and <c>[Kernel(ExactLaunch = true)]</c>'s launch tests.
/// </summary>
public sealed class PortingKernelTests(Backends backends)
{
    [Theory, BackendData]
    public void A_shared_scalar_bound_as_a_ref_local_holds_each_blocks_maximum(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 3, threads = 64;
        int[] data = Enumerable.Range(0, blocks * threads).Select(i => (i * 7919) % 1000 - 500).ToArray();
        using DeviceBuffer<int> input = gpu.Allocate<int>(data);
        using DeviceBuffer<int> output = gpu.Allocate<int>(data.Length);

        PortingKernels.Launch(blocks, threads).SharedMaximum(input, output);

        int[] expected = data.Select((_, i) => data.Skip(i / threads * threads).Take(threads).Max()).ToArray();
        Assert.Equal(expected, output.ToArray());
    }

    [Theory, BackendData]
    public void Atomics_through_a_device_methods_ref_parameter_reach_global_and_shared_memory(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 4, threads = 96;
        using DeviceBuffer<int> total = gpu.Allocate<int>([0]);
        using DeviceBuffer<int> perBlock = gpu.Allocate<int>(blocks);

        PortingKernels.Launch(blocks, threads).CountThroughHelpers(total, perBlock);

        Assert.Equal(blocks * threads, total.ToArray()[0]);
        Assert.Equal(Enumerable.Repeat(2 * threads, blocks).ToArray(), perBlock.ToArray());
    }

    [Theory, BackendData]
    public void SyncWarp_with_a_half_warp_mask_orders_that_half_warps_shared_writes(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int threads = 32;
        using DeviceBuffer<int> output = gpu.Allocate<int>(threads);

        PortingKernels.Launch(1, threads).HalfWarpSwap(output);

        // Each half reads its mirror lane in the same half: lane l gets lane 15 - l (or 47 - l) times ten.
        Assert.Equal(Enumerable.Range(0, threads).Select(l => (l < 16 ? 15 - l : 47 - l) * 10).ToArray(), output.ToArray());
    }

    [Theory, BackendData]
    public void Structs_are_shuffled_whole_in_generic_and_plain_kernels(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int threads = 64;
        ShuffledTriple[] source = Enumerable.Range(0, threads).Select(i => new ShuffledTriple(i + 1, i * 1.5f, i * -2.25)).ToArray();
        using DeviceBuffer<ShuffledTriple> input = gpu.Allocate<ShuffledTriple>(source);
        using DeviceBuffer<ShuffledTriple> broadcast = gpu.Allocate<ShuffledTriple>(threads);
        using DeviceBuffer<ShuffledTriple> down = gpu.Allocate<ShuffledTriple>(threads);
        using DeviceBuffer<ShuffledTriple> swapped = gpu.Allocate<ShuffledTriple>(threads);

        PortingKernels.Launch(1, threads).BroadcastGeneric(input.AsSpan(), broadcast.AsSpan());
        PortingKernels.Launch(1, threads).ShuffleStructs(down, swapped);

        Assert.Equal(Enumerable.Range(0, threads).Select(i => source[i / 32 * 32]).ToArray(), broadcast.ToArray());
        Assert.Equal(Enumerable.Range(0, threads).Select(i => Triple(i % 32 == 31 ? i : i + 1)).ToArray(), down.ToArray());
        Assert.Equal(Enumerable.Range(0, threads).Select(i => Triple(i ^ 1)).ToArray(), swapped.ToArray());
    }

    [Theory, BackendData]
    public void An_exact_launch_kernel_runs_as_the_sample_launches_it(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 3, threads = 64, n = blocks * threads;
        using DeviceBuffer<int> data = gpu.Allocate<int>(Enumerable.Range(0, n).ToArray());
        using DeviceBuffer<int> sums = gpu.Allocate<int>([100, 200, 300]);
        using DeviceBuffer<int> shuffled = gpu.Allocate<int>(n);

        PortingKernels.Launch(blocks, threads).UniformAdd(data, sums, n);
        PortingKernels.Launch(blocks, threads).ShuffleDownUnguarded(shuffled);

        Assert.Equal(Enumerable.Range(0, n).Select(i => i + 100 * (i / threads + 1)).ToArray(), data.ToArray());
        Assert.Equal(Enumerable.Range(0, n).Select(i => i % threads % 32 < 30 ? i % threads + 2 : i % threads).ToArray(), shuffled.ToArray());
    }

    [Theory, BackendData]
    public void An_exact_launch_kernel_refuses_a_launch_its_code_does_not_fit_before_anything_runs(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<int> data = gpu.Allocate<int>(Enumerable.Range(0, 100).ToArray());
        using DeviceBuffer<int> sums = gpu.Allocate<int>([1, 2, 3, 4]);

        // 100 elements in blocks of 64: the return 'id > len' splits the second block, whose threads 36 to 63 would leave
        // the others waiting at the barrier; and 128 threads write past the 100 elements.
        InvalidLaunchException split = Assert.Throws<InvalidLaunchException>(() => PortingKernels.Launch(2, 64).UniformAdd(data, sums, 99));
        Assert.Equal("PortingKernels.UniformAdd", split.Kernel);
        Assert.Equal(100, split.LimitValue);
        Assert.Contains("'Gpu.SyncThreads()' (line", split.Message);
        Assert.Contains("follows a 'return' under the condition 'id > len'", split.Message);
        InvalidLaunchException pastEnd = Assert.Throws<InvalidLaunchException>(() => PortingKernels.Launch(2, 64).ShuffleDownUnguarded(data));
        Assert.Equal("dataView.Length", pastEnd.Limit);
        Assert.Equal((100, 128), (pastEnd.LimitValue, pastEnd.Value));
        Assert.Equal(Enumerable.Range(0, 100).ToArray(), data.ToArray()); // nothing ran

        // Whole blocks on each side of the crossing are fine: 128 elements, the return taken by no thread.
        using DeviceBuffer<int> exact = gpu.Allocate<int>(128);
        PortingKernels.Launch(2, 64).UniformAdd(exact, sums, 127);
        PortingKernels.Launch(2, 64).ShuffleDownUnguarded(exact);
    }

    private static ShuffledTriple Triple(int i) => new(i, i * 0.5f, i * 0.25);
}
