using System.Runtime.ExceptionServices;
using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

// Modules: compiled by NVRTC (through the on-disk cache) and loaded once per context, on the first launch of one of
// their kernels or ahead of time by Preload, which compiles several at once: NVRTC allows concurrent compilations of
// different programs, and a cold start is mostly compilation.
public sealed partial class CudaContext
{
    /// <summary>Modules this context has loaded or is loading (equal modules count once), for tests and the benchmark.</summary>
    internal int ModuleCount => _modules.Count;

    private protected override void PreloadCore(GpuModule[] modules)
    {
        EnterCall();
        if (modules.Length == 1)
        {
            _ = OutsideCapture((Context: this, Module: modules[0]), static s => s.Context.LoadModule(s.Module));
            return;
        }

        ExceptionDispatchInfo?[] failures = new ExceptionDispatchInfo?[modules.Length];
        Parallel.For(0, modules.Length, i =>
        {
            try
            {
                _ = OutsideCapture((Context: this, Module: modules[i]), static s => s.Context.LoadModule(s.Module));
            }
            catch (Exception e)
            {
                failures[i] = ExceptionDispatchInfo.Capture(e);
            }
        });

        // The first in the caller's order, not the first to finish, so the same broken module is reported every run.
        foreach (ExceptionDispatchInfo? failure in failures)
        {
            failure?.Throw();
        }
    }

    /// <summary>Loads a compiled image into this context; called by <see cref="CudaModule"/> under its lock.</summary>
    internal unsafe nint LoadImage(GpuModule module, CompiledModule compiled)
    {
        EnterCall();
        CUresult result;
        nint handle;
        fixed (byte* image = compiled.Image)
        {
            result = cuModuleLoadData(out handle, image);
        }

        if (result != CUresult.CUDA_SUCCESS)
        {
            string? advice = result is CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION or CUresult.CUDA_ERROR_INVALID_PTX
                or CUresult.CUDA_ERROR_INVALID_IMAGE or CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU
                ? $"The driver supports CUDA {DriverVersion / 1000}.{DriverVersion % 1000 / 10}; code from a newer NVRTC may " +
                  $"need a newer driver. Update the NVIDIA driver, or set {Nvrtc.PathVariable} to an NVRTC no newer than it."
                : null;
            throw Failure(result,
                $"Loading the kernels of {module.Name} ({compiled.Target} from NVRTC {compiled.CompilerVersion}) with cuModuleLoadData",
                advice);
        }

        return handle;
    }

    private nint LoadModule(GpuModule module) =>
        _modules.GetOrAdd(module, static m => new CudaModule(m)).GetHandle(this);
}
