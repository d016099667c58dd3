using GpuDsl.Interop;

[assembly: AssemblyFixture(typeof(GpuDsl.Cuda.Tests.CudaDeviceFixture))]

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// One context on CUDA device 0 for the whole run (opening and closing the primary context per test would dominate the
/// run time), or the reason there is none, which tests that need a device report when they skip.
/// </summary>
public sealed class CudaDeviceFixture : IDisposable
{
    private readonly CudaContext? _context;
    private readonly string? _reason;

    public CudaDeviceFixture() => CudaContext.TryCreate(0, out _context, out _reason);

    /// <summary>The shared context; skips the calling test when there is no CUDA device.</summary>
    public CudaContext Require()
    {
        Assert.SkipWhen(_context is null, $"No CUDA device: {_reason}");
        return _context!;
    }

    /// <summary>Like <see cref="Require"/>, and also skips when NVRTC is missing, for tests that compile kernels.</summary>
    public CudaContext RequireCompiler()
    {
        CudaContext context = Require();
        Assert.SkipUnless(Nvrtc.TryLoad(out string? reason), $"No NVRTC: {reason}");
        return context;
    }

    public void Dispose() => _context?.Dispose();
}
