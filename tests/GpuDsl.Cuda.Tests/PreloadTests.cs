namespace GpuDsl.Cuda.Tests;

/// <summary><see cref="GpuContext.Preload"/>: compiling modules ahead of their first launch.</summary>
public sealed class PreloadTests(Backends backends)
{
    [CudaFact]
    public void Preloading_several_modules_at_once_loads_them_all_so_their_kernels_launch()
    {
        backends.RequireCudaCompiler();
        using CudaContext gpu = CudaContext.Create(0);
        GpuModule generated = new("GpuDsl.Cuda.Tests.GeneratedKernels", GeneratedKernels.CudaSource);

        gpu.Preload(TestKernels.FillModule, TestKernels.AddModule, generated);
        Assert.Equal(3, gpu.ModuleCount);

        using DeviceBuffer<float> buffer = gpu.Allocate<float>(300), sum = gpu.Allocate<float>(300);
        TestKernels.LaunchFill(gpu, new LaunchConfig(2, 256), buffer, buffer.Length, 1f);
        TestKernels.LaunchAdd(gpu, new LaunchConfig(2, 256), buffer, 2f);
        GeneratedKernels.Launch(2, 256).Add(buffer, buffer, sum);
        Assert.All(sum.ToArray(), value => Assert.Equal(6f, value));
        Assert.Equal(3, gpu.ModuleCount); // the launcher's module is the preloaded one: equal name and source
    }

    [CudaFact]
    public void A_preload_with_broken_modules_throws_for_the_first_in_order_and_still_loads_the_good_ones()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        GpuModule first = Broken("Test.PreloadBrokenFirst", 3), second = Broken("Test.PreloadBrokenSecond", 5);

        KernelCompilationException e = Assert.Throws<KernelCompilationException>(() => gpu.Preload(first, TestKernels.FillModule, second));

        Assert.Equal("Test.PreloadBrokenFirst", e.ModuleName);
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(10);
        TestKernels.LaunchFill(gpu, new LaunchConfig(1, 32), buffer, buffer.Length, 4f);
        Assert.All(buffer.ToArray(), value => Assert.Equal(4f, value));
    }

    [CudaFact]
    public void Preload_on_a_disposed_context_throws_ObjectDisposedException()
    {
        backends.RequireCuda();
        CudaContext gpu = CudaContext.Create(0);
        gpu.Dispose();

        Assert.Throws<ObjectDisposedException>(() => gpu.Preload(TestKernels.FillModule));
    }

    private static GpuModule Broken(string name, int line) => new(name, $$"""
        #line {{line}} "Broken.cs"
        extern "C" __global__ void broken(float* p) { p[0] = missing; }
        """);
}
