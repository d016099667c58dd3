namespace GpuDsl.Cuda.Tests;

/// <summary><see cref="GpuContext.GetMemoryInfo"/> on a CUDA device.</summary>
[Collection(nameof(SoakCollection))] // it reads the device's free memory, which parallel tests would move
public sealed class MemoryInfoTests(Backends backends)
{
    [CudaFact]
    public void Free_memory_drops_by_at_least_an_allocation_and_comes_back_when_it_is_freed()
    {
        CudaContext gpu = backends.RequireCuda();
        const int bytes = 256 << 20;

        DeviceMemoryInfo before = gpu.GetMemoryInfo();
        DeviceMemoryInfo during;
        using (DeviceBuffer<byte> buffer = gpu.Allocate<byte>(bytes))
        {
            during = gpu.GetMemoryInfo();
        }

        DeviceMemoryInfo after = gpu.GetMemoryInfo();
        Assert.Equal(gpu.Device.TotalMemory, before.TotalBytes);
        Assert.InRange(before.FreeBytes - during.FreeBytes, bytes, bytes + (4L << 20));
        Assert.InRange(Math.Abs(after.FreeBytes - before.FreeBytes), 0, 4L << 20);
    }
}
