using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary>What a launch that cannot run says: an empty grid or block, and a context that is gone.</summary>
public sealed class CpuLaunchMessageTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    public static TheoryData<Dim3, Dim3, string, string> EmptyShapes() => new()
    {
        { new Dim3(0), new Dim3(256), "Grid.X", "the grid's x extent must be at least 1, and the launch asks for 0 (grid (0, 1, 1))" },
        { new Dim3(4, 0), new Dim3(32), "Grid.Y", "the grid's y extent must be at least 1, and the launch asks for 0 (grid (4, 0, 1))" },
        { new Dim3(4), new Dim3(0), "Block.X", "the block's x extent must be at least 1, and the launch asks for 0 (block (0, 1, 1))" },
        { new Dim3(4), new Dim3(32, 1, -2), "Block.Z", "the block's z extent must be at least 1, and the launch asks for -2 (block (32, 1, -2))" },
    };

    [Theory]
    [MemberData(nameof(EmptyShapes))]
    public void An_extent_below_1_names_the_dimension_and_the_value_as_a_minimum_not_a_device_limit(
        Dim3 grid, Dim3 block, string dimension, string detail)
    {
        using DeviceBuffer<int> visits = _context.Allocate<int>(1);

        InvalidLaunchException e = Assert.Throws<InvalidLaunchException>(() =>
            TestKernels.Launch(new LaunchConfig(grid, block)).CountVisits(visits));

        Assert.Equal(dimension, e.Limit);
        Assert.Equal(1, e.LimitValue);
        Assert.Equal($"Cannot launch TestKernels.CountVisits: {detail}; skip the launch when there is no work.", e.Message);
        Assert.DoesNotContain("Max", e.Message);
        Assert.Equal(0, visits.ToArray()[0]);
    }

    [Fact]
    public void Negative_dynamic_shared_memory_is_reported_as_below_zero_not_as_a_limit_of_zero()
    {
        using DeviceBuffer<int> visits = _context.Allocate<int>(1);

        InvalidLaunchException e = Assert.Throws<InvalidLaunchException>(() =>
            TestKernels.Launch(new LaunchConfig(1, 32, -16)).CountVisits(visits));

        Assert.Equal("SharedMemoryBytes", e.Limit);
        Assert.Equal(
            "Cannot launch TestKernels.CountVisits: dynamic shared memory must be at least 0 bytes, and the launch asks for -16.",
            e.Message);
    }

    [Fact]
    public void A_launch_on_a_disposed_context_names_the_kernel_and_the_context()
    {
        GpuContext context = GpuContext.Create(GpuBackend.Cpu);
        DeviceBuffer<int> visits = context.Allocate<int>(1);
        context.Dispose();

        ObjectDisposedException e = Assert.Throws<ObjectDisposedException>(() =>
            TestKernels.Launch(new LaunchConfig(1, 1)).CountVisits(visits));

        Assert.StartsWith(
            $"Kernel TestKernels.CountVisits was launched on a GpuContext (Cpu: {context.Device.Name}) that was disposed.", e.Message);
        Assert.Equal(typeof(Cpu.CpuContext).FullName, e.ObjectName);
        visits.Dispose();
    }

    [Fact]
    public void A_launch_through_a_stream_of_a_disposed_context_names_the_kernel()
    {
        GpuContext context = GpuContext.Create(GpuBackend.Cpu);
        GpuStream stream = context.CreateStream();
        context.Dispose();

        ObjectDisposedException e = Assert.Throws<ObjectDisposedException>(() =>
            TestKernels.Launch(new LaunchConfig(1, 1, 0, stream)).CountVisits(default(DeviceSpan<int>)));

        Assert.Contains("Kernel TestKernels.CountVisits was launched on a GpuContext", e.Message);
    }

    [Fact]
    public void The_backend_launch_itself_names_the_kernel_when_the_context_is_disposed()
    {
        Cpu.CpuContext context = (Cpu.CpuContext)GpuContext.Create(GpuBackend.Cpu);
        context.Dispose();

        ObjectDisposedException e = Assert.Throws<ObjectDisposedException>(() =>
            context.Run(TestKernels.CountVisitsKernel, new LaunchConfig(1, 1), default(CountVisitsBody)));

        Assert.Contains("Kernel Tests.CountVisits was launched on a GpuContext", e.Message);
    }
}
