namespace GpuDsl.Cuda.Tests;

/// <summary>
/// The CUDA side of the runtime's limit messages (the CPU backend's are in GpuDsl.Runtime.Tests): an empty grid, a
/// disposed context, and a buffer of more than 2 GiB copied to and from the host.
/// </summary>
public sealed class LimitMessageTests(Backends backends)
{
    [CudaFact]
    public void A_grid_of_0_blocks_names_Grid_X_as_a_minimum_and_launches_nothing()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(16);
        buffer.Clear();

        InvalidLaunchException e = Assert.Throws<InvalidLaunchException>(
            () => TestKernels.LaunchFill(gpu, new LaunchConfig(0, 256), buffer, buffer.Length, 1f));

        Assert.Equal("Grid.X", e.Limit);
        Assert.Equal(
            "Cannot launch Test.Fill: the grid's x extent must be at least 1, and the launch asks for 0 (grid (0, 1, 1)); " +
            "skip the launch when there is no work.",
            e.Message);
        Assert.All(buffer.ToArray(), value => Assert.Equal(0f, value));
    }

    [CudaFact]
    public void A_launch_on_a_disposed_context_names_the_kernel()
    {
        backends.RequireCudaCompiler();
        CudaContext gpu = CudaContext.Create(0);
        gpu.Preload(TestKernels.FillModule);
        using GpuStream stream = gpu.CreateStream();
        gpu.Dispose();

        ObjectDisposedException direct = Assert.Throws<ObjectDisposedException>(
            () => gpu.Launch(TestKernels.Fill, new LaunchConfig(1, 1), new byte[16]));
        ObjectDisposedException resolved = Assert.Throws<ObjectDisposedException>(
            () => new LaunchConfig(1, 1, 0, stream).ResolveContext(TestKernels.Fill, null));

        Assert.StartsWith($"Kernel Test.Fill was launched on a GpuContext (Cuda: {gpu.Device.Name}) that was disposed.", direct.Message);
        Assert.StartsWith("Kernel Test.Fill was launched on a GpuContext", resolved.Message);
    }

    [CudaFact]
    public void A_buffer_of_more_than_2_GiB_round_trips_through_the_host()
    {
        // 600 million floats are 2.4 GB: more bytes than one span can hold, so the copies go in pieces.
        CudaContext gpu = backends.RequireCuda();
        const int Length = 600_000_000;
        if (gpu.GetMemoryInfo().FreeBytes < 2L * Length * sizeof(float))
        {
            Assert.Skip("The device has less than 4.8 GB free.");
        }

        float[] host = new float[Length];
        for (int i = 0; i < Length; i += 1_000_003)
        {
            host[i] = i;
        }

        host[^1] = -1f;
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(host);

        float[] back = buffer.ToArray();

        Assert.Equal(Length * 4L, buffer.SizeInBytes);
        Assert.True(host.AsSpan().SequenceEqual(back), "the copy back differs from what was copied in");
    }
}
