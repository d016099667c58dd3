using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary><see cref="GpuGraph"/> on the CPU backend: the captured work replays, under the rules of a CUDA capture.</summary>
public sealed class CpuGraphTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Capture_runs_nothing_and_each_launch_replays_the_work_so_results_accumulate()
    {
        using GpuStream stream = _context.CreateStream();
        using DeviceBuffer<int> visits = _context.Allocate<int>(4 * 64);
        LaunchConfig config = new(4, 64, 0, stream);

        using GpuGraph graph = GpuGraph.Capture(stream, () =>
        {
            CpuLauncher.Launch(TestKernels.CountVisitsKernel, config, null, new CountVisitsBody(visits));
            CpuLauncher.Launch(TestKernels.CountVisitsKernel, config, null, new CountVisitsBody(visits));
        });
        Assert.All(visits.ToArray(), count => Assert.Equal(0, count));

        for (int i = 0; i < 5; i++)
        {
            graph.Launch();
        }

        stream.Synchronize();
        Assert.All(visits.ToArray(), count => Assert.Equal(10, count));
    }

    [Fact]
    public void A_graph_with_async_pinned_copies_reads_the_pinned_input_afresh_on_every_launch()
    {
        const int n = 300;
        using GpuStream stream = _context.CreateStream();
        using PinnedBuffer<float> input = _context.AllocatePinned<float>(n);
        using PinnedBuffer<float> output = _context.AllocatePinned<float>(n);
        using DeviceBuffer<float> a = _context.Allocate<float>(n), b = _context.Allocate<float>(n), c = _context.Allocate<float>(n);
        b.CopyFrom(Enumerable.Repeat(100f, n).ToArray());

        using GpuGraph step = GpuGraph.Capture(stream, () =>
        {
            a.CopyFromAsync(input, stream);
            TestKernels.Launch(new LaunchConfig(3, 128, 0, stream)).VectorAdd(a, b, c, n);
            c.CopyToAsync(output, stream);
        });

        for (int round = 1; round <= 3; round++)
        {
            input.Span.Fill(round);
            step.Launch(stream);
            stream.Synchronize();
            Assert.All(output.Span.ToArray(), value => Assert.Equal(100f + round, value));
        }
    }

    [Fact]
    public void Capturing_the_default_stream_throws_ArgumentException_that_points_to_CreateStream()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => GpuGraph.Capture(_context.DefaultStream, () => { }));

        Assert.Equal("stream", error.ParamName);
        Assert.Contains("CreateStream()", error.Message);
    }

    [Fact]
    public void Disposing_a_graph_twice_is_harmless_and_launching_it_afterwards_throws_ObjectDisposedException()
    {
        using GpuStream stream = _context.CreateStream();
        int runs = 0;
        GpuGraph graph = GpuGraph.Capture(stream, () => runs++);

        graph.Dispose();
        graph.Dispose();

        Assert.Throws<ObjectDisposedException>(() => graph.Launch());
        Assert.Equal(0, runs);
    }

    [Fact]
    public void Disposing_a_graph_after_its_context_is_harmless()
    {
        GpuContext context = GpuContext.Create(GpuBackend.Cpu);
        GpuStream stream = context.CreateStream();
        GpuGraph graph = GpuGraph.Capture(stream, () => { });

        context.Dispose();

        Assert.Throws<ObjectDisposedException>(() => graph.Launch());
        graph.Dispose();
        graph.Dispose();
    }

    [Fact]
    public void A_synchronous_copy_in_captured_work_throws_InvalidOperationException_naming_the_async_forms()
    {
        using GpuStream stream = _context.CreateStream();
        using DeviceBuffer<int> buffer = _context.Allocate<int>(8);
        using GpuGraph graph = GpuGraph.Capture(stream, () => buffer.CopyFrom([1, 2, 3]));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => graph.Launch());

        Assert.Contains("copies inside a captured graph must be async on the capture stream", error.Message);
        Assert.Contains("CopyFromAsync", error.Message);
        Assert.Equal(new int[8], buffer.ToArray());
    }

    [Fact]
    public void A_launch_on_the_default_stream_in_captured_work_throws_InvalidOperationException_naming_the_kernel()
    {
        using GpuStream stream = _context.CreateStream();
        using DeviceBuffer<int> visits = _context.Allocate<int>(64);
        using GpuGraph graph = GpuGraph.Capture(stream, () =>
            TestKernels.Launch(new LaunchConfig(1, 64)).CountVisits(visits));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => graph.Launch());

        Assert.Contains("TestKernels.CountVisits", error.Message);
        Assert.Contains("default stream", error.Message);
        Assert.All(visits.ToArray(), count => Assert.Equal(0, count));
    }

    [Fact]
    public void Outside_a_graph_synchronous_copies_work_again_after_a_replay_failed()
    {
        using GpuStream stream = _context.CreateStream();
        using DeviceBuffer<int> buffer = _context.Allocate<int>(2);
        using GpuGraph graph = GpuGraph.Capture(stream, buffer.Clear);
        Assert.Throws<InvalidOperationException>(() => graph.Launch());

        buffer.CopyFrom([5, 6]);

        Assert.Equal([5, 6], buffer.ToArray());
    }

    [Fact]
    public void Launching_on_a_stream_of_another_context_throws_ArgumentException()
    {
        using GpuContext other = GpuContext.Create(GpuBackend.Cpu);
        using GpuStream stream = _context.CreateStream();
        using GpuStream foreign = other.CreateStream();
        using GpuGraph graph = GpuGraph.Capture(stream, () => { });

        Assert.Throws<ArgumentException>(() => graph.Launch(foreign));
    }

    [Fact]
    public void Capture_on_a_disposed_stream_throws_ObjectDisposedException()
    {
        GpuStream stream = _context.CreateStream();
        stream.Dispose();

        Assert.Throws<ObjectDisposedException>(() => GpuGraph.Capture(stream, () => { }));
    }
}
