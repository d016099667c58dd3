using GpuDsl.Cuda;
using GpuDsl.Interop;

[assembly: AssemblyFixture(typeof(GpuDsl.Testing.Backends))]

namespace GpuDsl.Testing;

/// <summary>
/// The backends a test runs on, one context of each for the whole run: the CPU backend always, and CUDA device 0 when
/// there is one. A test says once where it runs, with <see cref="BackendDataAttribute"/> (every backend, the backend's
/// name its first parameter) or <see cref="CudaFactAttribute"/> (CUDA only), and takes its context from here.
/// </summary>
public sealed class Backends : IDisposable
{
    /// <summary>The CPU backend's name in theory data.</summary>
    public const string Cpu = "cpu";

    /// <summary>CUDA's name in theory data.</summary>
    public const string Cuda = "cuda";

    /// <summary>Every backend, in the order their cases are listed.</summary>
    internal static readonly string[] All = [Cpu, Cuda];

    private readonly Lazy<GpuContext> _cpu = new(() => GpuContext.Create(GpuBackend.Cpu));

    /// <summary>
    /// The context for <paramref name="backend"/>; for CUDA, skips the calling test when there is no device or no NVRTC
    /// (every backend test launches kernels, so it needs the compiler).
    /// </summary>
    public GpuContext Get(string backend) => backend switch
    {
        Cpu => _cpu.Value,
        Cuda => RequireCudaCompiler(),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, $"not a backend: '{Cpu}' or '{Cuda}'"),
    };

    /// <summary>True for the CPU backend, where tests use smaller problem sizes.</summary>
    public static bool IsCpu(string backend) => backend == Cpu;

    /// <summary>The CUDA context; skips the calling test when there is no CUDA device.</summary>
    public CudaContext RequireCuda()
    {
        Assert.SkipWhen(CudaDevice.Context is null, CudaDevice.Absence ?? "");
        return CudaDevice.Context!;
    }

    /// <summary>Like <see cref="RequireCuda"/>, and also skips when NVRTC is missing, for tests that compile kernels.</summary>
    public CudaContext RequireCudaCompiler()
    {
        CudaContext context = RequireCuda();
        Assert.SkipUnless(Nvrtc.TryLoad(out string? reason), $"No NVRTC: {reason}");
        return context;
    }

    public void Dispose()
    {
        CudaDevice.Close();
        if (_cpu.IsValueCreated) _cpu.Value.Dispose();
    }
}
