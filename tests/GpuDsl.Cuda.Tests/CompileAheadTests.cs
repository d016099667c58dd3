using GpuDsl.CompilerServices;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Compiling ahead: the generated code registers each module as the assembly loads, and a CUDA context compiles the
/// registered modules in the background from its creation on, so a first launch finds its module compiled.
/// </summary>
public sealed class CompileAheadTests(Backends backends)
{
    private static GpuModule GeneratedModule => new("GpuDsl.Cuda.Tests.GeneratedKernels", GeneratedKernels.CudaSource);

    [Fact]
    public void Generated_modules_are_registered_when_the_assembly_loads_without_initializing_their_class()
    {
        // No launch and no access to the class's static fields has happened here; the module initializer ran as the
        // test assembly loaded and read only the constant source.
        GpuModule[] registered = GeneratedModules.Registered;

        Assert.Contains(GeneratedModule, registered);
        Assert.Contains(registered, m => m.Name == "GpuDsl.Cuda.Tests.MathKernels");
        Assert.Equal(registered.Length, registered.Distinct().Count());
    }

    [CudaFact]
    public void A_context_compiles_the_registered_modules_in_the_background_before_any_launch()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        Assert.SkipUnless(ModuleCompilations.CompileAhead, "GPUDSL_COMPILE_AHEAD=0 turns compiling ahead off");
        DeviceInfo device = gpu.Device;
        GpuModule module = new("GpuDsl.Cuda.Tests.CompileAheadKernels", CompileAheadKernels.CudaSource);

        // A generous bound against a hang, not a speed check: the background compiles every module of this assembly,
        // and nothing launches CompileAheadKernels, so only the background can have compiled it.
        DateTime giveUp = DateTime.UtcNow.AddMinutes(5);
        while (!ModuleCompilations.IsCompiled(module, device.ComputeCapabilityMajor, device.ComputeCapabilityMinor) && DateTime.UtcNow < giveUp)
        {
            Thread.Sleep(50);
        }

        Assert.True(ModuleCompilations.IsCompiled(module, device.ComputeCapabilityMajor, device.ComputeCapabilityMinor),
            "the background compilation did not finish CompileAheadKernels' module within 5 minutes");
    }
}

/// <summary>A kernel no test launches: only compiling ahead can compile its module.</summary>
public static partial class CompileAheadKernels
{
    [Kernel]
    public static void Mark(Span<int> flags)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < flags.Length) flags[i] = 1;
    }
}
