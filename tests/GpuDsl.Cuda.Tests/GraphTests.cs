using System.Diagnostics;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Tests that capture graphs. While a stream of a context captures, CUDA forbids the default stream of that context,
/// which the synchronous copies of the other tests use, so these run on their own, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(GraphCaptureCollection), DisableParallelization = true)]
public sealed class GraphCaptureCollection;

[Collection(nameof(GraphCaptureCollection))]
public sealed class GraphTests(Backends backends)
{
    private const int N = 10_000;

    // Used only by the test that proves a module can be loaded by a launch inside a capture.
    private static readonly KernelDescriptor FirstLoadedInCapture = new(
        new GpuModule("Test.GraphFirstLoad", """
            extern "C" __global__ void add_in_capture(float* p, int n, float v){int i=blockIdx.x*blockDim.x+threadIdx.x; if(i<n) p[i]+=v;}
            """),
        "add_in_capture", "Test.AddInCapture", false, parameterCount: 3);

    [CudaFact]
    public void Three_launches_captured_once_and_replayed_100_times_add_up_exactly()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using GpuStream stream = gpu.CreateStream();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(N);
        buffer.Clear();
        LaunchConfig config = Config(stream);

        using GpuGraph graph = GpuGraph.Capture(stream, () =>
        {
            TestKernels.LaunchAdd(gpu, config, buffer, 1f);
            TestKernels.LaunchAdd(gpu, config, buffer, 2f);
            TestKernels.LaunchAdd(gpu, config, buffer, 3f);
        });
        stream.Synchronize();
        Assert.All(buffer.ToArray(), value => Assert.Equal(0f, value));

        for (int i = 0; i < 100; i++)
        {
            graph.Launch();
        }

        stream.Synchronize();
        Assert.All(buffer.ToArray(), value => Assert.Equal(600f, value));
    }

    [CudaFact]
    public void A_capture_whose_work_throws_is_discarded_and_leaves_the_stream_usable()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using GpuStream stream = gpu.CreateStream();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(N);
        buffer.Clear();
        LaunchConfig config = Config(stream);
        InvalidOperationException failure = new("The work failed on purpose.");

        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => GpuGraph.Capture(stream, () =>
        {
            TestKernels.LaunchAdd(gpu, config, buffer, 5f);
            throw failure;
        }));

        Assert.Same(failure, thrown);
        TestKernels.LaunchAdd(gpu, config, buffer, 1f);
        stream.Synchronize();
        Assert.All(buffer.ToArray(), value => Assert.Equal(1f, value));

        using GpuGraph again = GpuGraph.Capture(stream, () => TestKernels.LaunchAdd(gpu, config, buffer, 2f));
        again.Launch();
        stream.Synchronize();
        Assert.All(buffer.ToArray(), value => Assert.Equal(3f, value));
    }

    [CudaFact]
    public void Synchronous_copies_inside_a_capture_throw_InvalidOperationException_naming_the_async_forms()
    {
        CudaContext gpu = backends.RequireCuda();
        using GpuStream stream = gpu.CreateStream();
        using DeviceBuffer<int> buffer = gpu.Allocate<int>([1, 2, 3]);
        using DeviceBuffer<int> other = gpu.Allocate<int>(3);
        Action[] synchronousCopies = [() => buffer.CopyFrom([4, 5, 6]), () => buffer.ToArray(), buffer.Clear, () => buffer.CopyTo(other)];

        foreach (Action copy in synchronousCopies)
        {
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => GpuGraph.Capture(stream, copy));
            Assert.Contains("copies inside a captured graph must be async on the capture stream", e.Message);
            Assert.Contains("CopyFromAsync", e.Message);
        }

        buffer.CopyFrom([7, 8, 9]);
        Assert.Equal([7, 8, 9], buffer.ToArray());
        stream.Synchronize();
    }

    [CudaFact]
    public void A_launch_on_the_default_stream_inside_a_capture_throws_InvalidOperationException_naming_the_kernel()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using GpuStream stream = gpu.CreateStream();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(N);
        buffer.Clear();

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() =>
            GpuGraph.Capture(stream, () => TestKernels.LaunchAdd(gpu, Config(stream: null), buffer, 1f)));

        Assert.Contains("Test.Add", e.Message);
        Assert.Contains("default stream", e.Message);
        Assert.All(buffer.ToArray(), value => Assert.Equal(0f, value));
    }

    [CudaFact]
    public void Capturing_the_default_stream_throws_ArgumentException_that_points_to_CreateStream()
    {
        CudaContext gpu = backends.RequireCuda();

        ArgumentException e = Assert.Throws<ArgumentException>(() => GpuGraph.Capture(gpu.DefaultStream, () => { }));

        Assert.Contains("CreateStream()", e.Message);
    }

    [CudaFact]
    public void Synchronizing_inside_a_capture_throws_InvalidOperationException_and_the_stream_stays_usable()
    {
        CudaContext gpu = backends.RequireCuda();
        using GpuStream stream = gpu.CreateStream();

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => GpuGraph.Capture(stream, stream.Synchronize));

        Assert.Contains("GpuStream.Synchronize", e.Message);
        stream.Synchronize();
        gpu.Synchronize();
    }

    [CudaFact]
    public void A_stream_that_is_already_capturing_cannot_begin_a_second_capture()
    {
        CudaContext gpu = backends.RequireCuda();
        using GpuStream stream = gpu.CreateStream();

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() =>
            GpuGraph.Capture(stream, () => GpuGraph.Capture(stream, () => { }).Dispose()));

        Assert.Contains("already being captured", e.Message);
        using GpuGraph empty = GpuGraph.Capture(stream, () => { });
        empty.Launch();
        stream.Synchronize();
    }

    [CudaFact]
    public void A_graph_with_async_pinned_copies_uploads_the_current_pinned_contents_on_every_replay()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using GpuStream stream = gpu.CreateStream();
        using PinnedBuffer<float> input = gpu.AllocatePinned<float>(N);
        using PinnedBuffer<float> output = gpu.AllocatePinned<float>(N);
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(N);
        LaunchConfig config = Config(stream);

        using GpuGraph step = GpuGraph.Capture(stream, () =>
        {
            buffer.CopyFromAsync(input, stream);
            TestKernels.LaunchAdd(gpu, config, buffer, 0.5f);
            buffer.CopyToAsync(output, stream);
        });

        for (int round = 1; round <= 3; round++)
        {
            input.Span.Fill(round * 10);
            step.Launch();
            stream.Synchronize();
            Assert.All(output.Span.ToArray(), value => Assert.Equal(round * 10 + 0.5f, value));
        }
    }

    [CudaFact]
    public void A_graph_keeps_the_buffers_it_uses_alive_after_they_are_disposed()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using GpuStream stream = gpu.CreateStream();
        DeviceBuffer<float> scratch = gpu.Allocate<float>(N);
        using DeviceBuffer<float> result = gpu.Allocate<float>(N);
        using GpuGraph graph = GpuGraph.Capture(stream, () =>
        {
            scratch.ClearAsync(stream);
            TestKernels.LaunchAdd(gpu, Config(stream), scratch, 7f);
            scratch.CopyToAsync(result, stream);
        });

        scratch.Dispose();

        // Had the scratch memory been freed, this allocation could take its place and be overwritten by the replay.
        using DeviceBuffer<float> bystander = gpu.Allocate<float>(Enumerable.Repeat(42f, N).ToArray());
        graph.Launch();
        stream.Synchronize();
        Assert.True(scratch.IsDisposed);
        Assert.All(result.ToArray(), value => Assert.Equal(7f, value));
        Assert.All(bystander.ToArray(), value => Assert.Equal(42f, value));
    }

    [CudaFact]
    public void The_first_launch_of_a_kernel_may_happen_inside_a_capture()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using GpuStream stream = gpu.CreateStream();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(N);
        buffer.Clear();

        using GpuGraph graph = GpuGraph.Capture(stream, () =>
            TestKernels.LaunchAdd(gpu, Config(stream), buffer, 4f, FirstLoadedInCapture));
        graph.Launch();
        graph.Launch();
        stream.Synchronize();

        Assert.All(buffer.ToArray(), value => Assert.Equal(8f, value));
    }

    [CudaFact]
    public void Disposing_a_graph_twice_and_after_its_context_is_harmless()
    {
        backends.RequireCudaCompiler();
        CudaContext own = CudaContext.Create(0);
        GpuStream stream = own.CreateStream();
        DeviceBuffer<float> buffer = own.Allocate<float>(256);
        buffer.Clear();
        GpuGraph graph = GpuGraph.Capture(stream, () => TestKernels.LaunchAdd(own, new LaunchConfig(1, 256, 0, stream), buffer, 1f));
        graph.Launch();
        stream.Synchronize();
        Assert.All(buffer.ToArray(), value => Assert.Equal(1f, value));

        own.Dispose();

        Assert.Throws<ObjectDisposedException>(() => graph.Launch());
        graph.Dispose();
        graph.Dispose();
        buffer.Dispose();
        stream.Dispose();
    }

    [CudaFact]
    public void A_graph_replays_the_same_work_as_launching_its_kernels_one_by_one()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using GpuStream stream = gpu.CreateStream();
        using DeviceBuffer<float> oneByOne = gpu.Allocate<float>(N);
        using DeviceBuffer<float> replayed = gpu.Allocate<float>(N);
        oneByOne.Clear();
        replayed.Clear();
        LaunchConfig config = Config(stream);
        using GpuGraph tenLaunches = GpuGraph.Capture(stream, () =>
        {
            for (int i = 0; i < 10; i++)
            {
                TestKernels.LaunchAdd(gpu, config, replayed, 1f);
            }
        });
        stream.Synchronize();

        Stopwatch individual = Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
        {
            TestKernels.LaunchAdd(gpu, config, oneByOne, 1f);
        }

        stream.Synchronize();
        individual.Stop();
        Stopwatch graph = Stopwatch.StartNew();
        for (int i = 0; i < 100; i++)
        {
            tenLaunches.Launch();
        }

        stream.Synchronize();
        graph.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"1000 launches: {individual.Elapsed.TotalMilliseconds:0.00} ms one by one, {graph.Elapsed.TotalMilliseconds:0.00} ms as 100 graph launches");
        Assert.All(oneByOne.ToArray(), value => Assert.Equal(1000f, value));
        Assert.Equal(oneByOne.ToArray(), replayed.ToArray());
    }

    private static LaunchConfig Config(GpuStream? stream) => new((N + 255) / 256, 256, 0, stream);
}
