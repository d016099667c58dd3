namespace GpuDsl.Cuda.Tests;

/// <summary>Device enumeration and copies between contexts: between two GPUs where there are two, else on one.</summary>
public sealed class PeerCopyTests
{
    [CudaFact]
    public void Every_device_is_listed_with_its_name_and_memory()
    {
        IReadOnlyList<DeviceInfo> devices = GpuContext.ListCudaDevices();

        Assert.NotEmpty(devices);
        Assert.All(devices, d => Assert.False(string.IsNullOrWhiteSpace(d.Name)));
        Assert.All(devices, d => Assert.True(d.TotalMemory > 256L << 20));
    }

    [CudaFact]
    public void A_peer_copy_reaches_the_last_device_with_or_without_direct_access()
    {
        int last = GpuContext.ListCudaDevices().Count - 1;
        using GpuContext source = GpuContext.Create(GpuBackend.Cuda, 0);
        using GpuContext target = GpuContext.Create(GpuBackend.Cuda, last);
        using DeviceBuffer<int> from = source.Allocate<int>([.. Enumerable.Range(0, 1000)]);
        using DeviceBuffer<int> to = target.Allocate<int>(1000);
        using DeviceBuffer<int> queued = target.Allocate<int>(1000);
        using GpuStream stream = source.CreateStream();

        _ = target.EnablePeerAccess(source); // either way the copies work: direct, or staged through the host
        from.CopyToPeer(to);
        from.CopyToPeerAsync(queued, stream);
        stream.Synchronize();

        Assert.Equal(Enumerable.Range(0, 1000), to.ToArray());
        Assert.Equal(Enumerable.Range(0, 1000), queued.ToArray());
    }

    [CudaFact]
    public void A_copy_between_a_GPU_and_a_CPU_context_goes_through_the_host()
    {
        using GpuContext gpu = GpuContext.Create(GpuBackend.Cuda, 0);
        using GpuContext cpu = GpuContext.Create(GpuBackend.Cpu);
        using DeviceBuffer<float> onGpu = gpu.Allocate<float>([1, 2, 3]);
        using DeviceBuffer<float> onCpu = cpu.Allocate<float>(3);
        using GpuStream stream = gpu.CreateStream();

        onGpu.CopyToPeer(onCpu);
        ArgumentException queued = Assert.Throws<ArgumentException>(() => onGpu.CopyToPeerAsync(onCpu, stream));

        Assert.Equal([1f, 2, 3], onCpu.ToArray());
        Assert.False(gpu.CanAccessPeer(cpu));
        Assert.Contains("through host memory", queued.Message);
    }
}
