namespace GpuDsl.Runtime.Tests;

/// <summary><see cref="GpuContext.GetMemoryInfo"/> and <see cref="GpuContext.Preload"/> on the CPU backend.</summary>
public sealed class CpuMemoryInfoAndPreloadTests
{
    [Fact]
    public void Free_memory_drops_by_exactly_what_the_buffers_hold_and_comes_back_when_they_are_freed()
    {
        using GpuContext context = GpuContext.Create(GpuBackend.Cpu);
        DeviceMemoryInfo before = context.GetMemoryInfo();

        DeviceMemoryInfo during;
        using (DeviceBuffer<double> a = context.Allocate<double>(1000))
        using (DeviceBuffer<byte> b = context.Allocate<byte>(24))
        {
            during = context.GetMemoryInfo();
        }

        Assert.Equal(context.Device.TotalMemory, before.TotalBytes);
        Assert.Equal(8024, before.FreeBytes - during.FreeBytes);
        Assert.Equal(8024, during.UsedBytes - before.UsedBytes);
        Assert.Equal(before, context.GetMemoryInfo());
    }

    [Fact]
    public void Preload_has_nothing_to_compile_on_the_CPU_but_checks_its_arguments_and_the_context()
    {
        GpuContext context = GpuContext.Create(GpuBackend.Cpu);

        context.Preload(new GpuModule("Tests.NotCuda", "this is not CUDA"), new GpuModule("Tests.Empty", ""));
        context.Preload();
        Assert.Throws<ArgumentNullException>(() => context.Preload(new GpuModule("Tests.Fine", ""), null!));

        context.Dispose();
        Assert.Throws<ObjectDisposedException>(() => context.Preload(new GpuModule("Tests.Late", "")));
    }
}
