[assembly: AssemblyFixture(typeof(GpuDsl.Fuzz.Tests.FuzzBackendFixture))]

namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// The CPU backend, and CUDA device 0 when there is one (with NVRTC), for the whole run; CUDA compiles into a cache
/// directory of this process's own, so thousands of throw-away modules do not fill the user's cache.
/// </summary>
public sealed class FuzzBackendFixture : IDisposable
{
    private readonly GpuContext _cpu = GpuContext.Create(GpuBackend.Cpu);
    private readonly GpuContext? _cuda;
    private readonly string? _cacheDirectory;

    public FuzzBackendFixture()
    {
        _cacheDirectory = Path.Combine(Path.GetTempPath(), $"gpudsl-fuzz-cache-{Environment.ProcessId}");
        Directory.CreateDirectory(_cacheDirectory);
        Environment.SetEnvironmentVariable("GPUDSL_CACHE_DIR", _cacheDirectory);
        try
        {
            _cuda = GpuContext.Create(GpuBackend.Cuda);
            if (!NvrtcLoads(out string? reason))
            {
                CudaUnavailable = $"No NVRTC: {reason}";
                _cuda.Dispose();
                _cuda = null;
            }
        }
        catch (CudaException e)
        {
            CudaUnavailable = $"No CUDA device: {e.Message}";
        }
    }

    /// <summary>The runtime's own NVRTC probe (internal to it, hence reflection).</summary>
    private static bool NvrtcLoads(out string? reason)
    {
        object?[] arguments = [null];
        bool loaded = (bool)typeof(GpuContext).Assembly.GetType("GpuDsl.Interop.Nvrtc")!.GetMethod("TryLoad")!.Invoke(null, arguments)!;
        reason = (string?)arguments[0];
        return loaded;
    }

    /// <summary>Why there is no CUDA context, or null when there is one.</summary>
    public string? CudaUnavailable { get; }

    internal FuzzBackends CpuOnly => new(_cpu, null, null);

    /// <summary>Both backends; skips the calling test when there is no CUDA device or no NVRTC.</summary>
    internal FuzzBackends RequireCuda()
    {
        Assert.SkipWhen(_cuda is null, CudaUnavailable ?? "No CUDA device");
        return WithCudaIfPresent;
    }

    /// <summary>CUDA when present, otherwise only the CPU backend.</summary>
    internal FuzzBackends WithCudaIfPresent => new(_cpu, _cuda, _cacheDirectory)
    {
        ContractionNote = FuzzEnvironment.KeepContraction ? "contraction ON (GPUDSL_FUZZ_FMAD=1: GpuDslContractFloatingPoint=true)" : null,
    };

    public void Dispose()
    {
        _cuda?.Dispose();
        _cpu.Dispose();
        if (_cacheDirectory is not null)
        {
            try
            {
                Directory.Delete(_cacheDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temporary directory left behind is harmless.
            }
        }
    }
}
