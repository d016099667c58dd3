using System.Runtime.InteropServices;

namespace GpuDsl.Cuda.Tests;

public sealed class LaunchTests(Backends backends)
{
    [CudaFact]
    public void Fill_kernel_writes_the_value_below_n_and_nothing_above()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(1000);
        buffer.Clear();

        TestKernels.LaunchFill(gpu, new LaunchConfig(4, 256), buffer, 600, 2.5f);

        float[] result = buffer.ToArray();
        Assert.All(result[..600], value => Assert.Equal(2.5f, value));
        Assert.All(result[600..], value => Assert.Equal(0f, value));
    }

    [CudaFact]
    public void A_block_of_500000_threads_throws_InvalidLaunchException_naming_MaxThreadsPerBlock_before_launching()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(16);
        buffer.Clear();

        InvalidLaunchException e = Assert.Throws<InvalidLaunchException>(
            () => TestKernels.LaunchFill(gpu, new LaunchConfig(1, 500_000), buffer, buffer.Length, 1f));

        Assert.Equal("MaxThreadsPerBlock", e.Limit);
        Assert.Contains("MaxThreadsPerBlock", e.Message);
        Assert.Contains("Test.Fill", e.Message);
        Assert.All(buffer.ToArray(), value => Assert.Equal(0f, value));
        gpu.Synchronize();
    }

    [CudaFact]
    public void A_syntax_error_throws_KernelCompilationException_citing_the_CSharp_file_and_line()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        GpuModule broken = new("Test.BrokenKernels", """
            #line 7 "Kernels.cs"
            extern "C" __global__ void broken(float* p) { p[0] = 1.0f }
            """);

        KernelCompilationException e = Assert.Throws<KernelCompilationException>(() => gpu.Preload(broken));

        Assert.StartsWith("Kernels.cs(7)", e.Message);
        Assert.Contains("Test.BrokenKernels", e.Message);
        Assert.Equal("Test.BrokenKernels", e.ModuleName);
        Assert.Contains("Kernels.cs(7)", e.Log);
    }

    [CudaFact]
    public void Launching_a_kernel_of_a_module_that_does_not_compile_throws_KernelCompilationException_every_time()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        KernelDescriptor kernel = new(new GpuModule("Test.Undeclared", """
            #line 3 "Broken.cs"
            extern "C" __global__ void k(float* p) { p[0] = undeclared; }
            """), "k", "Test.K", false);

        for (int attempt = 0; attempt < 2; attempt++)
        {
            KernelCompilationException e = Assert.Throws<KernelCompilationException>(
                () => gpu.Launch(kernel, new LaunchConfig(1, 1), new byte[8]));
            Assert.StartsWith("Broken.cs(3)", e.Message);
        }
    }

    [CudaFact]
    public void An_argument_block_with_tail_padding_is_trimmed_to_the_kernels_parameters()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(64);
        Span<byte> padded = stackalloc byte[24];
        MemoryMarshal.Write(padded, buffer.AsSpan().GetArgumentAddress(gpu, TestKernels.Fill, "p"));
        MemoryMarshal.Write(padded[8..], buffer.Length);
        MemoryMarshal.Write(padded[12..], 4f);

        gpu.Launch(TestKernels.Fill, new LaunchConfig(1, 64), padded);

        Assert.All(buffer.ToArray(), value => Assert.Equal(4f, value));
    }

    [CudaFact]
    public void An_argument_block_shorter_than_the_parameters_throws_ArgumentException_before_launching()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        Assert.SkipWhen(gpu.DriverVersion < 12_040, "The driver predates cuFuncGetParamInfo (CUDA 12.4), so it cannot report the size.");
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(64);
        byte[] tooShort = new byte[12];
        MemoryMarshal.Write(tooShort, buffer.AsSpan().GetArgumentAddress(gpu, TestKernels.Fill, "p"));

        ArgumentException e = Assert.Throws<ArgumentException>(
            () => gpu.Launch(TestKernels.Fill, new LaunchConfig(1, 64), tooShort));

        Assert.Contains("Test.Fill", e.Message);
        Assert.Contains("12 bytes", e.Message);
        Assert.Contains("take 16", e.Message);
    }

    [CudaFact]
    public void An_entry_point_missing_from_the_module_is_named_in_the_error()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        KernelDescriptor missing = new(TestKernels.FillModule, "no_such_kernel", "Test.Missing", false);

        CudaException e = Assert.Throws<CudaException>(() => gpu.Launch(missing, new LaunchConfig(1, 1), default));

        Assert.Contains("no_such_kernel", e.Message);
        Assert.Contains(TestKernels.FillModule.Name, e.Message);
    }

    [CudaFact]
    public void More_than_48_KiB_of_dynamic_shared_memory_is_opted_in_to_automatically()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        int floats = 64 * 1024 / sizeof(float);
        Assert.SkipWhen(gpu.MaxSharedMemoryPerBlockOptIn < floats * sizeof(float),
            $"{gpu.Device.Name} allows only {gpu.MaxSharedMemoryPerBlockOptIn} bytes of shared memory per block");
        float[] host = Enumerable.Range(0, floats).Select(i => (float)i).ToArray();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(host);

        TestKernels.LaunchThroughShared(gpu, buffer);
        TestKernels.LaunchThroughShared(gpu, buffer);

        Assert.Equal(host.Select(v => v + 2f), buffer.ToArray());
    }

    [CudaFact]
    public void Dynamic_shared_memory_beyond_the_opt_in_limit_throws_InvalidLaunchException()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(gpu.MaxSharedMemoryPerBlockOptIn / sizeof(float) + 1);

        InvalidLaunchException e = Assert.Throws<InvalidLaunchException>(() => TestKernels.LaunchThroughShared(gpu, buffer));

        Assert.Equal("MaxSharedMemoryPerBlock", e.Limit);
        Assert.Equal(gpu.MaxSharedMemoryPerBlockOptIn, e.LimitValue);
    }

    [CudaFact]
    public void A_stream_of_another_context_is_rejected()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using CudaContext other = CudaContext.Create(0);
        using GpuStream foreign = other.CreateStream();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(16);

        Assert.Throws<ArgumentException>(
            () => TestKernels.LaunchFill(gpu, new LaunchConfig(1, 16, 0, foreign), buffer, buffer.Length, 1f));
    }

    [CudaFact]
    public void Launching_on_a_disposed_context_throws_ObjectDisposedException()
    {
        backends.RequireCudaCompiler();
        CudaContext gpu = CudaContext.Create(0);
        gpu.Preload(TestKernels.FillModule);
        gpu.Dispose();

        Assert.Throws<ObjectDisposedException>(() => gpu.Launch(TestKernels.Fill, new LaunchConfig(1, 1), new byte[16]));
    }

    [CudaFact]
    public void A_repeated_launch_allocates_no_managed_memory()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(1024);
        LaunchConfig config = new(4, 256);
        for (int i = 0; i < 200; i++)
        {
            TestKernels.LaunchFill(gpu, config, buffer, buffer.Length, i);
        }

        gpu.Synchronize();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            TestKernels.LaunchFill(gpu, config, buffer, buffer.Length, i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        gpu.Synchronize();
        Assert.Equal(0, allocated);
        Assert.All(buffer.ToArray(), value => Assert.Equal(999f, value));
    }

    [CudaFact]
    public void A_repeated_launch_through_a_generated_launcher_allocates_no_managed_memory()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<double> o = gpu.Allocate<double>(8);
        for (int i = 0; i < 200; i++)
        {
            GeneratedKernels.Launch(1, 32).Scalars(o, true, 1, 2, i, 4, 5f, 6, 7);
        }

        gpu.Synchronize();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            GeneratedKernels.Launch(1, 32).Scalars(o, true, 1, 2, i, 4, 5f, 6, 7);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        gpu.Synchronize();
        Assert.Equal(0, allocated);
        Assert.Equal([1.0, 1, 2, 999, 4, 5, 6, 7], o.ToArray()); // the last launch's arguments, each where CUDA reads it
    }
}
