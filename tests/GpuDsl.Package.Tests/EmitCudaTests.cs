namespace GpuDsl.Package.Tests;

/// <summary>
/// The <c>GpuDslEmitCuda</c> build property of build/GpuDsl.targets, as this repository's projects get it (the package
/// carries the same file; PackageConsumerTests covers that way in). Each test builds a fresh project.
/// </summary>
public sealed class EmitCudaTests
{
    [Fact]
    public void GpuDslEmitCuda_writes_each_kernel_class_CudaSource_to_obj_gpudsl_as_a_cu_file()
    {
        using KernelProject project = new("<GpuDslEmitCuda>true</GpuDslEmitCuda>");
        project.Write("Filters.cs", KernelProject.KernelClass("Filters"));

        DotnetResult build = project.Build();

        string cu = Path.Combine(project.Obj, "gpudsl", "Probe.Filters.cu");
        Assert.True(File.Exists(cu), $"No {cu}. Build output:\n{build.Output}");
        string text = File.ReadAllText(cu);
        Assert.Contains("extern \"C\" __global__ void Probe_Filters_Scale(", text, StringComparison.Ordinal);
        Assert.Equal(CudaSourceConstant.Read(Path.Combine(project.Obj, "Probe.dll"), "Probe.Filters"), text);
    }

    [Fact]
    public void GpuDslCudaOutputPath_chooses_the_folder()
    {
        using KernelProject project = new("<GpuDslEmitCuda>true</GpuDslEmitCuda><GpuDslCudaOutputPath>cuda/</GpuDslCudaOutputPath>");
        project.Write("Filters.cs", KernelProject.KernelClass("Filters"));

        DotnetResult build = project.Build();

        Assert.True(File.Exists(Path.Combine(project.Path, "cuda", "Probe.Filters.cu")), $"No cuda/Probe.Filters.cu. Build output:\n{build.Output}");
        Assert.False(Directory.Exists(Path.Combine(project.Obj, "gpudsl")));
    }

    [Fact]
    public void A_removed_kernel_class_loses_its_cu_file_at_the_next_build()
    {
        using KernelProject project = new("<GpuDslEmitCuda>true</GpuDslEmitCuda>");
        project.Write("Filters.cs", KernelProject.KernelClass("Filters"));
        project.Write("Blurs.cs", KernelProject.KernelClass("Blurs"));
        string gpudsl = Path.Combine(project.Obj, "gpudsl");
        project.Build();
        Assert.Equal(["Probe.Blurs.cu", "Probe.Filters.cu"], Directory.GetFiles(gpudsl).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        project.Delete("Blurs.cs");
        DotnetResult build = project.Build();

        Assert.True(Directory.GetFiles(gpudsl).Select(Path.GetFileName).SequenceEqual(["Probe.Filters.cu"]),
            $"{gpudsl} holds {string.Join(", ", Directory.GetFiles(gpudsl).Select(Path.GetFileName))}. Build output:\n{build.Output}");
    }

    [Fact]
    public void Without_GpuDslEmitCuda_nothing_is_written()
    {
        using KernelProject project = new("");
        project.Write("Filters.cs", KernelProject.KernelClass("Filters"));

        project.Build();

        Assert.False(Directory.Exists(Path.Combine(project.Obj, "gpudsl")));
        Assert.False(Directory.Exists(Path.Combine(project.Obj, "generated")));
    }
}
