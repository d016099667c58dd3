using System.Runtime.CompilerServices;

namespace GpuDsl.Cuda.Tests;

public sealed class MemoryTests(Backends backends)
{
    [CudaFact]
    public void Host_data_survives_a_round_trip_through_device_memory()
    {
        CudaContext gpu = backends.RequireCuda();
        float[] host = Enumerable.Range(0, 100_000).Select(i => i * 0.5f - 7f).ToArray();

        using DeviceBuffer<float> buffer = gpu.Allocate<float>(host);

        Assert.Equal(host, buffer.ToArray());
    }

    [CudaFact]
    public void Copying_into_a_slice_writes_only_that_slice()
    {
        CudaContext gpu = backends.RequireCuda();
        using DeviceBuffer<int> buffer = gpu.Allocate<int>(Enumerable.Repeat(-1, 10).ToArray());

        buffer.Slice(4, 3).CopyFrom([7, 8, 9]);

        Assert.Equal([-1, -1, -1, -1, 7, 8, 9, -1, -1, -1], buffer.ToArray());
    }

    [CudaFact]
    public void Clear_sets_every_element_to_zero()
    {
        CudaContext gpu = backends.RequireCuda();
        using DeviceBuffer<double> buffer = gpu.Allocate<double>(Enumerable.Range(1, 5000).Select(i => (double)i).ToArray());

        buffer.Clear();

        Assert.All(buffer.ToArray(), value => Assert.Equal(0d, value));
    }

    [CudaFact]
    public void Clearing_a_slice_leaves_the_rest_untouched()
    {
        CudaContext gpu = backends.RequireCuda();
        using DeviceBuffer<int> buffer = gpu.Allocate<int>([1, 2, 3, 4, 5, 6]);

        buffer.Slice(1, 3).Clear();

        Assert.Equal([1, 0, 0, 0, 5, 6], buffer.ToArray());
    }

    [CudaFact]
    public void Device_to_device_copy_duplicates_the_data()
    {
        CudaContext gpu = backends.RequireCuda();
        long[] host = Enumerable.Range(0, 65_536).Select(i => (long)i * i).ToArray();
        using DeviceBuffer<long> source = gpu.Allocate<long>(host);
        using DeviceBuffer<long> destination = gpu.Allocate<long>(host.Length);

        source.CopyTo(destination);
        source.Clear();

        Assert.Equal(host, destination.ToArray());
    }

    [CudaFact]
    public void Copying_into_a_host_array_that_is_too_small_throws_ArgumentException()
    {
        CudaContext gpu = backends.RequireCuda();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(100);

        ArgumentException e = Assert.Throws<ArgumentException>(() => buffer.CopyTo(new float[99]));
        Assert.Contains("99", e.Message);
    }

    [CudaFact]
    public void A_disposed_buffer_throws_ObjectDisposedException()
    {
        CudaContext gpu = backends.RequireCuda();
        DeviceBuffer<float> buffer = gpu.Allocate<float>(16);
        buffer.Dispose();
        buffer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => buffer.ToArray());
    }

    [CudaFact]
    public void A_disposed_context_throws_ObjectDisposedException_and_its_buffers_dispose_quietly()
    {
        backends.RequireCuda();
        CudaContext gpu = CudaContext.Create(0);
        DeviceBuffer<int> buffer = gpu.Allocate<int>([1, 2, 3]);
        gpu.Dispose();

        Assert.Throws<ObjectDisposedException>(() => gpu.Allocate<int>(4));
        Assert.Throws<ObjectDisposedException>(() => buffer.ToArray());
        Assert.Throws<ObjectDisposedException>(gpu.CreateStream);
        buffer.Dispose();
    }

    [CudaFact]
    public void Allocating_more_than_the_device_has_names_the_error_and_the_free_memory()
    {
        CudaContext gpu = backends.RequireCuda();

        CudaException e = Assert.Throws<CudaException>(() => gpu.Allocate<Kibibyte>(int.MaxValue));

        Assert.Equal("CUDA_ERROR_OUT_OF_MEMORY", e.ErrorName);
        Assert.Contains("CUDA_ERROR_OUT_OF_MEMORY", e.Message);
        Assert.Contains("is free", e.Message);

        using DeviceBuffer<int> stillWorks = gpu.Allocate<int>([42]);
        Assert.Equal([42], stillWorks.ToArray());
    }

    [InlineArray(128)]
    private struct Kibibyte
    {
        private long _element;
    }
}
