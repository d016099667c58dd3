namespace GpuDsl.Cuda.Tests;

/// <summary>
/// <see cref="Gpu.SyncGrid"/>: kernels launched cooperatively on the CUDA device, and run with every thread of the grid
/// at once on the CPU backend, against C# computed here; and what each backend says about a grid it cannot hold at once.
/// </summary>
public sealed class GridSyncKernelTests(Backends backends)
{
    [Theory, BackendData]
    public void Heat_equation_stepped_with_SyncGrid_in_one_launch_equals_CSharp_bit_for_bit(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int points = 1000, steps = 50;
        const float alpha = 0.25f;
        float[] u = new float[points];
        for (int i = 0; i < points; i++)
        {
            u[i] = i is > 400 and < 600 ? 100f : i % 7;
        }

        using DeviceBuffer<float> du = gpu.Allocate<float>(u), dnext = gpu.Allocate<float>(points);

        // 4 blocks of 64: far fewer threads than points, so each thread takes several points per step.
        GridSyncKernels.Launch(4, 64).Diffuse(du, dnext, alpha, steps);

        float[] next = new float[points];
        for (int step = 0; step < steps; step++)
        {
            for (int i = 0; i < points; i++)
            {
                next[i] = i == 0 || i == points - 1 ? u[i] : u[i] + alpha * (u[i - 1] - 2f * u[i] + u[i + 1]);
            }

            Array.Copy(next, u, points);
        }

        float[] actual = du.ToArray();
        for (int i = 0; i < points; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(u[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"u[{i}] is {actual[i]}, C# computes {u[i]}");
        }
    }

    [Theory, BackendData]
    public void Sum_of_block_partials_read_after_a_SyncGrid_in_a_device_method_is_exact(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 10_000, blocks = 8;
        using DeviceBuffer<long> x = gpu.Allocate<long>(Enumerable.Range(1, n).Select(i => (long)i).ToArray());
        using DeviceBuffer<long> partial = gpu.Allocate<long>(blocks), total = gpu.Allocate<long>(1);

        GridSyncKernels.Launch(blocks, 256).TwoPhaseSum(x, partial, total);

        Assert.Equal((long)n * (n + 1) / 2, total.ToArray()[0]);
        Assert.Equal((long)n * (n + 1) / 2, partial.ToArray().Sum());
    }

    [CudaFact]
    public void Grid_larger_than_the_device_holds_at_once_throws_naming_the_co_resident_limit_before_running()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        int blocks = gpu.Device.MultiprocessorCount * 8 + 1; // an SM holds at most 2,048 threads: 8 blocks of 256
        using DeviceBuffer<float> u = gpu.Allocate<float>(16), next = gpu.Allocate<float>(16);
        u.CopyFrom(Enumerable.Repeat(3f, 16).ToArray());

        InvalidLaunchException e = Assert.Throws<InvalidLaunchException>(() => GridSyncKernels.Launch(blocks, 256).Diffuse(u, next, 0.25f, 1));

        Assert.Equal("co-resident blocks", e.Limit);
        Assert.Equal(blocks, e.Value);
        Assert.True(e.LimitValue < blocks && e.LimitValue > 0, e.Message);
        Assert.Contains("Gpu.SyncGrid()", e.Message);
        Assert.Contains($"{gpu.Device.MultiprocessorCount} multiprocessors", e.Message);
        Assert.Equal(Enumerable.Repeat(3f, 16), u.ToArray()); // nothing ran
    }

    [Fact]
    public void On_the_CPU_a_grid_of_more_threads_than_it_runs_at_once_throws_naming_MaxGridSyncThreads()
    {
        GpuContext gpu = backends.Get(Backends.Cpu);
        using DeviceBuffer<float> u = gpu.Allocate<float>(16), next = gpu.Allocate<float>(16);

        InvalidLaunchException e = Assert.Throws<InvalidLaunchException>(
            () => GridSyncKernels.Launch(Cpu.CpuContext.MaxGridSyncThreads / 64 + 1, 64).Diffuse(u, next, 0.25f, 1));

        Assert.Equal(nameof(Cpu.CpuContext.MaxGridSyncThreads), e.Limit);
        Assert.Equal(Cpu.CpuContext.MaxGridSyncThreads, e.LimitValue);
        Assert.Contains("Gpu.SyncGrid()", e.Message);
    }

    [Fact]
    public void On_the_CPU_threads_returning_before_SyncGrid_fail_the_launch_instead_of_hanging()
    {
        GpuContext gpu = backends.Get(Backends.Cpu);
        using DeviceBuffer<int> x = gpu.Allocate<int>(3 * 32);

        KernelExecutionException e = Assert.Throws<KernelExecutionException>(() => GridSyncKernels.Launch(3, 32).ReturnsBeforeSyncGrid(x));

        Assert.Contains("would hang at Gpu.SyncGrid()", e.Message);
        Assert.Contains("93 of the grid's 96 threads", e.Message);
        Assert.Equal(new int[96], x.ToArray());
    }
}
