namespace GpuDsl.Cuda.Tests;

/// <summary>Pinned host memory and the stream-ordered copies on a CUDA device.</summary>
public sealed class PinnedMemoryTests(Backends backends)
{
    [CudaFact]
    public void Async_copies_round_trip_through_two_device_buffers_while_another_stream_runs_a_kernel()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        const int n = 16 << 20;
        using GpuStream copies = gpu.CreateStream();
        using GpuStream compute = gpu.CreateStream();
        using PinnedBuffer<float> upload = gpu.AllocatePinned<float>(n);
        using PinnedBuffer<float> download = gpu.AllocatePinned<float>(n);
        using DeviceBuffer<float> first = gpu.Allocate<float>(n), second = gpu.Allocate<float>(n), busy = gpu.Allocate<float>(n);
        using GpuEvent start = gpu.CreateEvent(), uploaded = gpu.CreateEvent(), done = gpu.CreateEvent();
        Span<float> values = upload.Span;
        for (int i = 0; i < n; i++)
        {
            values[i] = i * 0.5f - 1000f;
        }

        start.Record(copies);
        first.CopyFromAsync(upload, copies);
        uploaded.Record(copies);
        TestKernels.LaunchFill(gpu, new LaunchConfig(n / 256, 256, 0, compute), busy, n, 3f);
        first.CopyToAsync(second, copies);
        second.CopyToAsync(download, copies);
        done.Record(copies);
        done.Synchronize();
        compute.Synchronize();

        Assert.True(upload.Span.SequenceEqual(download.Span), "the data changed on its way through the device");
        Assert.True(uploaded.ElapsedMillisecondsSince(start) > 0);
        Assert.True(done.ElapsedMillisecondsSince(uploaded) > 0);
        Assert.All(busy.ToArray(), value => Assert.Equal(3f, value));
    }

    [CudaFact]
    public void ClearAsync_on_a_slice_zeroes_only_that_slice()
    {
        CudaContext gpu = backends.RequireCuda();
        using GpuStream stream = gpu.CreateStream();
        using DeviceBuffer<int> buffer = gpu.Allocate<int>([1, 2, 3, 4, 5, 6]);
        using PinnedBuffer<int> result = gpu.AllocatePinned<int>(6);

        buffer.Slice(1, 3).ClearAsync(stream);
        buffer.CopyToAsync(result, stream);
        stream.Synchronize();

        Assert.Equal([1, 0, 0, 0, 5, 6], result.Span.ToArray());
    }

    [CudaFact]
    public void Async_copies_check_lengths_and_contexts_before_queueing_anything()
    {
        CudaContext gpu = backends.RequireCuda();
        using GpuStream stream = gpu.CreateStream();
        using DeviceBuffer<int> buffer = gpu.Allocate<int>([1, 2, 3]);
        using PinnedBuffer<int> tooLong = gpu.AllocatePinned<int>(4);
        using GpuContext cpu = GpuContext.Create(GpuBackend.Cpu);
        using PinnedBuffer<int> foreign = cpu.AllocatePinned<int>(3);

        ArgumentException length = Assert.Throws<ArgumentException>(() => buffer.CopyFromAsync(tooLong, stream));
        ArgumentException context = Assert.Throws<ArgumentException>(() => buffer.CopyToAsync(foreign, stream));

        Assert.Contains("4 elements", length.Message);
        Assert.Contains("another GpuContext", context.Message);
        stream.Synchronize();
        Assert.Equal([1, 2, 3], buffer.ToArray());
    }

    [CudaFact]
    public void A_disposed_pinned_buffer_throws_ObjectDisposedException_and_a_second_dispose_is_harmless()
    {
        CudaContext gpu = backends.RequireCuda();
        PinnedBuffer<double> pinned = gpu.AllocatePinned<double>(1024);
        pinned.Span.Fill(1.5);

        pinned.Dispose();
        pinned.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pinned.Span.Length);
    }
}
