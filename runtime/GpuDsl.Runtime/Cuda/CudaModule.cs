using GpuDsl.Interop;

namespace GpuDsl.Cuda;

/// <summary>
/// One <see cref="GpuModule"/> as loaded in one context. It is compiled and loaded on first use, once, however many
/// threads launch its kernels at the same time; a failed compilation is not remembered, so the next launch retries.
/// </summary>
internal sealed class CudaModule(GpuModule source)
{
    private readonly Lock _loadLock = new();
    private nint _handle;

    /// <summary>The <c>CUmodule</c>, compiling and loading it in <paramref name="context"/> on first call.</summary>
    public nint GetHandle(CudaContext context)
    {
        nint handle = Volatile.Read(ref _handle);
        if (handle != 0)
        {
            return handle;
        }

        lock (_loadLock)
        {
            if (_handle == 0)
            {
                DeviceInfo device = context.Device;
                CompiledModule compiled = ModuleCompilations.Get(source, device.ComputeCapabilityMajor, device.ComputeCapabilityMinor);
                nint loaded;
                try
                {
                    loaded = context.LoadImage(source, compiled);
                }
                catch (CudaException) when (compiled.Shipped)
                {
                    // A shipped image the driver refuses (damaged, or for a driver older than its compiler) is only a
                    // missed shortcut: compile the source as if no image had been shipped.
                    CompiledModule recompiled = NvrtcCompiler.Compile(source, device.ComputeCapabilityMajor,
                        device.ComputeCapabilityMinor, CompilationCache.Default, new KernelImages(null));
                    loaded = context.LoadImage(source, recompiled);
                }

                Volatile.Write(ref _handle, loaded);
            }

            return _handle;
        }
    }

    /// <summary>Unloads the module if it was loaded; errors are ignored, as this runs while the context is torn down.</summary>
    public void Unload()
    {
        lock (_loadLock)
        {
            if (_handle != 0)
            {
                _ = CudaDriver.cuModuleUnload(_handle);
                _handle = 0;
            }
        }
    }
}
