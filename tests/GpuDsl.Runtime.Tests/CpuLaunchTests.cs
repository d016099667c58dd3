using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary>Launches without barriers on the CPU backend: indexing, validation and failures.</summary>
public sealed class CpuLaunchTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(50, 64)]
    [InlineData(1000, 256)]
    [InlineData(1025, 32)]
    [InlineData(4097, 128)]
    [InlineData(100_000, 1024)]
    [InlineData(300_000, 7)]
    public void Vector_add_computes_every_element(int n, int threadsPerBlock)
    {
        float[] a = [.. Enumerable.Range(0, n).Select(i => (float)i)];
        float[] b = [.. Enumerable.Range(0, n).Select(i => 0.5f * i)];
        using DeviceBuffer<float> da = _context.Allocate<float>(a);
        using DeviceBuffer<float> db = _context.Allocate<float>(b);
        using DeviceBuffer<float> dc = _context.Allocate<float>(n);
        int blocks = (n + threadsPerBlock - 1) / threadsPerBlock;

        TestKernels.Launch(new LaunchConfig(blocks, threadsPerBlock)).VectorAdd(da, db, dc, n);

        float[] c = dc.ToArray();
        for (int i = 0; i < n; i++)
        {
            Assert.True(c[i] == a[i] + b[i], $"c[{i}] is {c[i]}, expected {a[i] + b[i]}");
        }
    }

    public static TheoryData<Dim3, Dim3> GridShapes() => new()
    {
        { new Dim3(1), new Dim3(1) },
        { new Dim3(3), new Dim3(5) },
        { new Dim3(5, 3), new Dim3(8, 4) },
        { new Dim3(2, 3, 4), new Dim3(4, 2, 3) },
        { new Dim3(1, 1, 7), new Dim3(1, 16, 1) },
        { new Dim3(33, 2), new Dim3(32, 32) },
        { new Dim3(2, 2, 2), new Dim3(1, 1, 64) },
    };

    [Theory]
    [MemberData(nameof(GridShapes))]
    public void Launch_runs_every_thread_of_every_block_exactly_once(Dim3 grid, Dim3 block)
    {
        int total = checked((int)(grid.Volume * block.Volume));
        using DeviceBuffer<int> visits = _context.Allocate<int>(total);

        TestKernels.Launch(new LaunchConfig(grid, block)).CountVisits(visits);

        int[] counts = visits.ToArray();
        int wrong = Array.FindIndex(counts, count => count != 1);
        Assert.True(wrong < 0, $"global thread {wrong} ran {(wrong < 0 ? 0 : counts[wrong])} times");
    }

    [Fact]
    public void Two_dimensional_grid_adds_a_matrix_whose_size_is_not_a_multiple_of_the_block()
    {
        const int Width = 37, Height = 11;
        int[] a = [.. Enumerable.Range(0, Width * Height)];
        int[] b = [.. Enumerable.Range(0, Width * Height).Select(i => 1000 * i)];
        using DeviceBuffer<int> da = _context.Allocate<int>(a);
        using DeviceBuffer<int> db = _context.Allocate<int>(b);
        using DeviceBuffer<int> dc = _context.Allocate<int>(Width * Height);
        Dim3 block = new(8, 4);
        Dim3 grid = new((Width + 7) / 8, (Height + 3) / 4);

        TestKernels.Launch(new LaunchConfig(grid, block)).MatrixAdd(da, db, dc, Width, Height);

        Assert.Equal(a.Zip(b, (x, y) => x + y), dc.ToArray());
    }

    [Fact]
    public void A_kernel_reading_a_constant_table_applies_its_values_on_every_thread()
    {
        const int N = 300;
        float[] x = [.. Enumerable.Range(0, N).Select(i => (float)(i % 7) * (i % 3 == 0 ? -1 : 1))];
        using DeviceBuffer<float> dx = _context.Allocate<float>(x);
        using DeviceBuffer<float> dy = _context.Allocate<float>(N);

        TestKernels.Launch(new LaunchConfig((N + 63) / 64, 64)).Smooth(dx, dy);

        float[] weights = [1f / 16, 4f / 16, 6f / 16, 4f / 16, 1f / 16];
        float[] expected = [.. Enumerable.Range(0, N).Select(i =>
            Enumerable.Range(0, 5).Aggregate(0f, (sum, k) => sum + weights[k] * x[Math.Clamp(i + k - 2, 0, N - 1)]))];
        Assert.Equal(expected, dy.ToArray());
    }

    [Fact]
    public void Block_of_500000_threads_throws_InvalidLaunchException_before_running_anything()
    {
        using DeviceBuffer<int> visits = _context.Allocate<int>(1);

        InvalidLaunchException error = Assert.Throws<InvalidLaunchException>(() =>
            TestKernels.Launch(new LaunchConfig(1, 500_000)).CountVisits(visits));

        Assert.Contains("TestKernels.CountVisits", error.Message);
        Assert.Contains("MaxThreadsPerBlock", error.Message);
        Assert.Contains("500,000", error.Message);
        Assert.Contains("1,024", error.Message);
        Assert.Equal(0, visits.ToArray()[0]);
    }

    [Theory]
    [InlineData(1, 65536, 1, "MaxGridDim.Y")]
    [InlineData(1, 1, 65536, "MaxGridDim.Z")]
    [InlineData(0, 1, 1, "Grid.X")]
    public void Grid_beyond_the_device_limits_throws_InvalidLaunchException_naming_the_limit(int x, int y, int z, string limit)
    {
        using DeviceBuffer<int> visits = _context.Allocate<int>(1);

        InvalidLaunchException error = Assert.Throws<InvalidLaunchException>(() =>
            TestKernels.Launch(new LaunchConfig(new Dim3(x, y, z), 1)).CountVisits(visits));

        Assert.Equal(limit, error.Limit);
    }

    [Fact]
    public void Out_of_range_span_index_throws_KernelExecutionException_naming_kernel_block_and_thread()
    {
        const int N = 200, BadThread = 77;
        using DeviceBuffer<int> data = _context.Allocate<int>(Enumerable.Range(0, N).ToArray());
        using DeviceBuffer<int> copy = _context.Allocate<int>(N);

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            TestKernels.Launch(new LaunchConfig(4, 64)).ReadWithOneBadIndex(data, copy, BadThread));

        Assert.IsType<IndexOutOfRangeException>(error.InnerException);
        Assert.Equal("TestKernels.ReadWithOneBadIndex", error.Kernel);
        Assert.Equal(new Dim3(1, 0, 0), error.BlockIdx);
        Assert.Equal(new Dim3(13, 0, 0), error.ThreadIdx);
        Assert.Contains("TestKernels.ReadWithOneBadIndex", error.Message);
        Assert.Contains("block (1, 0, 0)", error.Message);
        Assert.Contains("thread (13, 0, 0)", error.Message);
        Assert.Contains("IndexOutOfRangeException", error.Message);
        Assert.Contains("Build in checked mode (GpuDslCheckedKernels=true", error.Message);
    }

    [Fact]
    public void Out_of_range_index_in_a_checked_kernel_names_kernel_line_index_length_block_and_thread()
    {
        const int N = 200, BadThread = 77;
        using DeviceBuffer<int> data = _context.Allocate<int>(Enumerable.Range(0, N).ToArray());
        using DeviceBuffer<int> copy = _context.Allocate<int>(N);

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(SharedMemoryKernels.ReadPastTheEndKernel, new LaunchConfig(4, 64), data.Context,
                new ReadPastTheEndBody(data, copy, BadThread)));

        Assert.Equal(
            "Kernel Tests.ReadPastTheEnd, SharedMemoryKernels.cs line 194: index 200 is out of range for a span of length 200 " +
            "(block (1, 0, 0), thread (13, 0, 0)).",
            error.Message);
        Assert.Equal(new Dim3(1, 0, 0), error.BlockIdx);
        Assert.Equal(new Dim3(13, 0, 0), error.ThreadIdx);
        KernelIndexOutOfRangeException inner = Assert.IsType<KernelIndexOutOfRangeException>(error.InnerException);
        Assert.Equal((200, 200, 194), (inner.Index, inner.Length, inner.Line));
        Assert.Equal((new Dim3(1, 0, 0), new Dim3(13, 0, 0)), (inner.BlockIdx, inner.ThreadIdx));

        // The index check keeps out of the stack trace: it starts at the kernel's own line.
        Assert.StartsWith("   at GpuDsl.Runtime.Tests.Kernels.SharedMemoryKernels.ReadPastTheEnd__CpuChecked(", inner.StackTrace);
    }

    [Fact]
    public void Out_of_range_index_in_a_checked_device_method_names_the_kernel_and_the_method()
    {
        using DeviceBuffer<int> data = _context.Allocate<int>(10);
        using DeviceBuffer<int> copy = _context.Allocate<int>(10);

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(SharedMemoryKernels.ReadPastTheEndInDeviceKernel, new LaunchConfig(1, 10), data.Context,
                new ReadPastTheEndInDeviceBody(data, copy, badThread: 3)));

        Assert.Equal(
            "Kernel Tests.ReadPastTheEndInDevice, in device method Tests.Load, SharedMemoryKernels.cs line 210: index 10 is out " +
            "of range for a span of length 10 (block (0, 0, 0), thread (3, 0, 0)).",
            error.Message);
        Assert.Equal("Tests.Load", Assert.IsType<KernelIndexOutOfRangeException>(error.InnerException).Kernel);
    }

    [Fact]
    public void Failing_block_stops_the_blocks_that_have_not_started()
    {
        // Which blocks run before block 0 fails depends on scheduling (on a loaded machine the failing thread can be
        // preempted between its throw and the launch noticing it). What the backend promises is that the launch stops
        // early: with a million blocks, finishing them all would take a stall of tens of milliseconds.
        const int Blocks = 1_000_000;
        using DeviceBuffer<int> started = _context.Allocate<int>(3);
        started.Clear();

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(TestKernels.CountBlocksThenFailKernel, new LaunchConfig(Blocks, 1), started.Context,
                new CountBlocksThenFailBody(started, failingBlock: 0)));

        Assert.Equal(new Dim3(0, 0, 0), error.BlockIdx);
        int[] counts = started.ToArray();
        Assert.True(counts[0] < Blocks, $"all {Blocks} blocks ran although block 0 failed ({counts[2]} started after it)");
    }

    [Fact]
    public void Kernel_state_is_cleared_from_the_launching_thread_after_a_launch()
    {
        using DeviceBuffer<int> visits = _context.Allocate<int>(1);
        TestKernels.Launch(new LaunchConfig(1, 1)).CountVisits(visits);

        Assert.Equal(1, visits.ToArray()[0]);
        Assert.Throws<InvalidOperationException>(() => Gpu.ThreadIdx);
    }

    [Fact]
    public void Launch_on_a_disposed_stream_throws_ObjectDisposedException()
    {
        using DeviceBuffer<int> visits = _context.Allocate<int>(1);
        GpuStream stream = _context.CreateStream();
        stream.Dispose();

        Assert.Throws<ObjectDisposedException>(() =>
            TestKernels.Launch(new LaunchConfig(1, 1, 0, stream)).CountVisits(visits));
        Assert.Equal(0, visits.ToArray()[0]);
    }
}
