using GpuDsl.Cuda;
using GpuDsl.Interop;

[assembly: AssemblyFixture(typeof(GpuDsl.Ported.Tests.Backends))]

namespace GpuDsl.Ported.Tests;

/// <summary>
/// The two backends every ported kernel runs on: the CPU backend always, and CUDA device 0 when there is one (with
/// NVRTC); a CUDA case skips, saying why, on a machine without. One context of each for the whole run.
/// </summary>
public sealed class Backends : IDisposable
{
    private readonly CudaContext? _cuda;
    private readonly string? _noCudaReason;
    private readonly Lazy<GpuContext> _cpu = new(() => GpuContext.Create(GpuBackend.Cpu));

    public Backends()
    {
        if (CudaContext.TryCreate(0, out _cuda, out _noCudaReason) && !Nvrtc.TryLoad(out string? nvrtc))
            _noCudaReason = $"no NVRTC: {nvrtc}";
    }

    /// <summary>The theory data of every ported test: each case runs once per backend.</summary>
    public static TheoryData<string> Names => new() { "cpu", "cuda" };

    /// <summary>The context for <paramref name="name"/>; skips the calling test when CUDA is asked for and absent.</summary>
    public GpuContext Get(string name)
    {
        if (name == "cpu") return _cpu.Value;
        Assert.SkipWhen(_cuda is null || _noCudaReason is not null, $"No CUDA device: {_noCudaReason}");
        return _cuda!;
    }

    /// <summary>True for the CPU backend, whose tests use the scaled-down problem sizes.</summary>
    public static bool IsCpu(string name) => name == "cpu";

    public void Dispose()
    {
        _cuda?.Dispose();
        if (_cpu.IsValueCreated) _cpu.Value.Dispose();
    }
}
