namespace GpuDsl.Cuda.Tests;

/// <summary>Kernels translated by the generator, launched on the capture stream inside <see cref="GpuGraph.Capture"/>.</summary>
[Collection(nameof(GraphCaptureCollection))]
public sealed class GeneratedKernelGraphTests(Backends backends)
{
    [Theory, BackendData]
    public void Generated_launches_on_the_capture_stream_replay_with_fresh_pinned_input(string backend)
    {
        using GpuContext? owned = backend == "cpu" ? GpuContext.Create(GpuBackend.Cpu) : null;
        GpuContext gpu = owned ?? backends.RequireCudaCompiler();
        const int n = 5_003;
        float[] b = Enumerable.Range(0, n).Select(i => i * 0.25f).ToArray();
        using GpuStream stream = gpu.CreateStream();
        using PinnedBuffer<float> input = gpu.AllocatePinned<float>(n);
        using PinnedBuffer<float> output = gpu.AllocatePinned<float>(n);
        using DeviceBuffer<float> da = gpu.Allocate<float>(n), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n);

        using GpuGraph graph = GpuGraph.Capture(stream, () =>
        {
            da.CopyFromAsync(input, stream);
            GeneratedKernels.Launch((n + 255) / 256, 256, 0, stream).Add(da, db, dc);
            GeneratedKernels.Launch((n + 127) / 128, 128, 0, stream).Add(dc, db, da);
            da.CopyToAsync(output, stream);
        });

        for (int round = 0; round < 3; round++)
        {
            float[] a = Enumerable.Range(0, n).Select(i => i * (round + 1f) - 17f).ToArray();
            a.CopyTo(input.Span);
            graph.Launch();
            stream.Synchronize();

            float[] result = output.Span.ToArray();
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(a[i] + b[i] + b[i], result[i]);
            }
        }
    }

    [Theory, BackendData]
    public void A_generated_launch_without_a_stream_inside_a_capture_throws_InvalidOperationException(string backend)
    {
        using GpuContext? owned = backend == "cpu" ? GpuContext.Create(GpuBackend.Cpu) : null;
        GpuContext gpu = owned ?? backends.RequireCudaCompiler();
        using GpuStream stream = gpu.CreateStream();
        using DeviceBuffer<float> a = gpu.Allocate<float>(64), c = gpu.Allocate<float>(64);

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() =>
        {
            using GpuGraph graph = GpuGraph.Capture(stream, () => GeneratedKernels.Launch(1, 64).Add(a, a, c));
            graph.Launch(); // the CPU backend checks when it replays
        });

        Assert.Contains("GeneratedKernels.Add", e.Message);
        Assert.Contains("default stream", e.Message);
    }
}
