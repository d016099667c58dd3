namespace GpuDsl.Cuda.Tests;

public sealed class DeviceTests(Backends backends)
{
    [CudaFact]
    public void Device_info_reports_plausible_limits()
    {
        CudaContext gpu = backends.RequireCuda();
        DeviceInfo device = gpu.Device;

        Assert.Equal(GpuBackend.Cuda, gpu.Backend);
        Assert.False(string.IsNullOrWhiteSpace(device.Name));
        Assert.InRange(device.ComputeCapabilityMajor, 3, 20);
        Assert.Equal($"sm_{device.ComputeCapabilityMajor}{device.ComputeCapabilityMinor}", device.Architecture);
        Assert.InRange(device.MultiprocessorCount, 1, 10_000);
        Assert.InRange(device.MaxThreadsPerBlock, 256, 4096);
        Assert.InRange(device.MaxBlockDim.X, 256, device.MaxThreadsPerBlock);
        Assert.InRange(device.MaxBlockDim.Z, 1, device.MaxThreadsPerBlock);
        Assert.True(device.MaxGridDim.X >= 65_535, $"MaxGridDim.X is {device.MaxGridDim.X}");
        Assert.True(device.MaxGridDim.Y >= 65_535, $"MaxGridDim.Y is {device.MaxGridDim.Y}");
        Assert.InRange(device.MaxSharedMemoryPerBlock, 16 * 1024, 48 * 1024);
        Assert.InRange(gpu.MaxSharedMemoryPerBlockOptIn, device.MaxSharedMemoryPerBlock, 1024 * 1024);
        Assert.Equal(32, device.WarpSize);
        Assert.True(device.TotalMemory > 256L << 20, $"TotalMemory is {device.TotalMemory}");
        Assert.True(gpu.DriverVersion >= 11_000, $"DriverVersion is {gpu.DriverVersion}");
        Assert.Null(gpu.FallbackReason);
    }

    [CudaFact]
    public void Asking_for_a_device_past_the_last_one_says_how_many_there_are()
    {
        backends.RequireCuda();

        Assert.False(CudaContext.TryCreate(1000, out CudaContext? context, out string? reason));
        Assert.Null(context);
        Assert.Contains("there is no CUDA device 1000", reason);
    }

    [CudaFact]
    public void Disposing_the_default_stream_leaves_it_usable()
    {
        CudaContext gpu = backends.RequireCuda();

        gpu.DefaultStream.Dispose();
        gpu.DefaultStream.Synchronize();
        gpu.Synchronize();
    }

    [CudaFact]
    public void Work_on_a_created_stream_completes_when_the_stream_is_synchronized()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(4096);
        using GpuStream stream = gpu.CreateStream();

        TestKernels.LaunchFill(gpu, new LaunchConfig(16, 256, 0, stream), buffer, buffer.Length, 3f);
        stream.Synchronize();

        Assert.All(buffer.ToArray(), value => Assert.Equal(3f, value));
    }

    [CudaFact]
    public void A_disposed_stream_cannot_be_used()
    {
        CudaContext gpu = backends.RequireCuda();
        GpuStream stream = gpu.CreateStream();
        stream.Dispose();
        stream.Dispose();

        Assert.Throws<ObjectDisposedException>(stream.Synchronize);
    }
}
