namespace GpuDsl.Cuda.Tests;

/// <summary>
/// <see cref="KernelImages"/>: CUBINs shipped with a program in <c>gpudsl-kernels/</c>, used instead of NVRTC when one
/// matches the module's source and the device's architecture, and ignored otherwise.
/// </summary>
public sealed class KernelImagesTests(Backends backends) : IDisposable
{
    private static readonly GpuModule s_module = new("Test.Images", "extern \"C\" __global__ void k(int* p) { p[0] = 1; }\n");
    private static readonly byte[] s_image = Enumerable.Range(0, 3000).Select(i => (byte)(i * 13)).ToArray();

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gpudsl-images-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void An_image_name_holds_the_module_a_hash_of_its_source_and_the_architecture()
    {
        string name = KernelImages.FileName(s_module, 90);

        Assert.Matches(@"^Test\.Images\.[0-9a-f]{16}\.sm_90\.cubin$", name);
        Assert.Equal(name, KernelImages.FileName(s_module with { }, 90));
        Assert.NotEqual(name, KernelImages.FileName(s_module with { Source = s_module.Source + "// changed\n" }, 90));
        Assert.NotEqual(name, KernelImages.FileName(s_module, 80));
    }

    [Fact]
    public void A_written_image_is_found_for_its_module_and_architecture_only()
    {
        KernelImages images = new(_directory);
        images.Write(s_module, 90, s_image);

        Assert.True(images.TryFind(s_module, 90, out byte[] found));
        Assert.Equal(s_image, found);
        Assert.False(images.TryFind(s_module, 80, out _));
        Assert.False(images.TryFind(s_module with { Source = s_module.Source + " " }, 90, out _));
        Assert.False(images.TryFind(s_module with { Name = "Test.Other" }, 90, out _));
        Assert.Equal([KernelImages.FileName(s_module, 90)], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void No_folder_a_missing_folder_or_an_empty_file_finds_nothing()
    {
        Assert.False(new KernelImages(null).TryFind(s_module, 90, out _));
        Assert.False(new KernelImages(_directory).TryFind(s_module, 90, out _));

        Directory.CreateDirectory(_directory);
        File.WriteAllBytes(Path.Combine(_directory, KernelImages.FileName(s_module, 90)), []);
        Assert.False(new KernelImages(_directory).TryFind(s_module, 90, out _));
    }

    [Fact]
    public void Images_cover_a_set_of_modules_only_when_each_has_one_for_its_current_source()
    {
        GpuModule other = new("Test.ImagesOther", "extern \"C\" __global__ void j() {}\n");
        KernelImages images = new(_directory);
        Assert.False(images.CoversAll([s_module]));

        images.Write(s_module, 90, s_image);
        Assert.True(images.CoversAll([s_module]));
        Assert.False(images.CoversAll([s_module, other]));
        Assert.False(images.CoversAll([s_module with { Source = "changed" }]));

        images.Write(other, 80, s_image);
        Assert.True(images.CoversAll([s_module, other]));
        Assert.False(images.CoversAll([]));
    }

    [Fact]
    public void A_matching_shipped_image_is_used_as_it_is_without_NVRTC()
    {
        // On a machine without NVRTC, reaching NVRTC would throw: returning proves the image was enough.
        KernelImages images = new(_directory);
        images.Write(s_module, 90, s_image);

        CompiledModule compiled = NvrtcCompiler.Compile(s_module, 9, 0, new CompilationCache(null), images);

        Assert.True(compiled.Shipped);
        Assert.Equal(s_image, compiled.Image);
        Assert.Equal(new CompilationTarget(90, Cubin: true), compiled.Target);
    }

    [CudaFact]
    public void An_image_NVRTC_made_and_shipped_loads_and_runs_as_the_compiled_one()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        DeviceInfo device = gpu.Device;
        int architecture = device.ComputeCapabilityMajor * 10 + device.ComputeCapabilityMinor;
        CompiledModule fromNvrtc = NvrtcCompiler.Compile(TestKernels.FillModule, device.ComputeCapabilityMajor,
            device.ComputeCapabilityMinor, new CompilationCache(null), new KernelImages(null));
        Assert.False(fromNvrtc.Shipped);
        new KernelImages(_directory).Write(TestKernels.FillModule, architecture, fromNvrtc.Image);

        CompiledModule shipped = NvrtcCompiler.Compile(TestKernels.FillModule, device.ComputeCapabilityMajor,
            device.ComputeCapabilityMinor, new CompilationCache(null), new KernelImages(_directory));

        Assert.True(shipped.Shipped);
        Assert.Equal(fromNvrtc.Image, shipped.Image);
        nint handle = gpu.LoadImage(TestKernels.FillModule, shipped);
        Assert.NotEqual(0, handle);
        Assert.Equal(Interop.CUresult.CUDA_SUCCESS, Interop.CudaDriver.cuModuleUnload(handle));
    }

    [CudaFact]
    public void A_shipped_image_the_driver_refuses_falls_back_to_NVRTC()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        DeviceInfo device = gpu.Device;
        GpuModule module = new("Test.ImagesDamaged", TestKernels.FillModule.Source + "\n// a module of its own\n");
        string shippedFolder = KernelImages.Shipped.Directory!;
        string damaged = Path.Combine(shippedFolder, KernelImages.FileName(module, device.ComputeCapabilityMajor * 10 + device.ComputeCapabilityMinor));
        Directory.CreateDirectory(shippedFolder);
        File.WriteAllBytes(damaged, s_image);
        try
        {
            int before = gpu.ModuleCount;

            gpu.Preload(module);

            Assert.Equal(before + 1, gpu.ModuleCount);
        }
        finally
        {
            File.Delete(damaged);
        }
    }
}
