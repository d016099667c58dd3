using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

/// <summary>
/// A CUDA device, used through its primary context (the one the CUDA runtime and libraries such as cuBLAS share).
/// Kernels are compiled with NVRTC through an on-disk cache, in the background from the context's creation on (or at
/// their first launch with <c>GPUDSL_COMPILE_AHEAD=0</c>); see <see cref="GpuContext.Preload"/> to wait for modules now. Safe to use from many threads: the context is made current on each thread as needed.
/// </summary>
/// <remarks>
/// Environment variables: <c>GPUDSL_SYNC_LAUNCHES=1</c> waits for every launch to finish, so a fault is reported by
/// the launch that caused it (launches captured into a <see cref="GpuGraph"/> are not waited for: they do not run); <c>GPUDSL_CACHE_DIR</c> moves the compilation cache; <c>GPUDSL_COMPILE_AHEAD=0</c> compiles each module at its first launch only; <c>GPUDSL_NVRTC_PATH</c> names the
/// NVRTC library to use.
/// </remarks>
public sealed partial class CudaContext : GpuContext
{
    private static readonly bool s_synchronizeLaunches =
        Environment.GetEnvironmentVariable("GPUDSL_SYNC_LAUNCHES")?.Trim() is "1" or "true" or "TRUE" or "True";

    private readonly int _device;
    private readonly nint _context;
    private readonly CudaStream _defaultStream;
    private readonly ConcurrentDictionary<GpuModule, CudaModule> _modules = new();
    private readonly ConcurrentDictionary<KernelDescriptor, CudaFunction> _functions = new();

    private CudaContext(int ordinal, int device, nint context, DeviceInfo info, int maxSharedOptIn, int driverVersion)
        : base(info, fallbackReason: null)
    {
        DeviceOrdinal = ordinal;
        _device = device;
        _context = context;
        MaxSharedMemoryPerBlockOptIn = maxSharedOptIn;
        DriverVersion = driverVersion;
        _defaultStream = new CudaStream(this, handle: 0, isDefault: true);
    }

    /// <inheritdoc/>
    public override GpuBackend Backend => GpuBackend.Cuda;

    /// <summary>The CUDA ordinal of the device, as in <c>CUDA_VISIBLE_DEVICES</c> order (0 for the first).</summary>
    public int DeviceOrdinal { get; }

    /// <summary>
    /// The most shared memory (static plus dynamic) one block may use on this device. Launches that ask for more than
    /// <see cref="DeviceInfo.MaxSharedMemoryPerBlock"/> (48 KiB) and no more than this opt in automatically.
    /// </summary>
    public int MaxSharedMemoryPerBlockOptIn { get; }

    /// <summary>The CUDA version the driver supports, as <c>cuDriverGetVersion</c> reports it: 12040 for CUDA 12.4.</summary>
    public int DriverVersion { get; }

    /// <summary>The context's default stream: CUDA's legacy null stream. Disposing it does nothing.</summary>
    public override GpuStream DefaultStream => _defaultStream;

    /// <summary>Opens device <paramref name="ordinal"/>, or throws a <see cref="CudaException"/> saying why it cannot.</summary>
    internal static CudaContext Create(int ordinal)
    {
        try
        {
            return Open(ordinal);
        }
        catch (CudaException e)
        {
            throw new CudaException(e.ErrorName, e.ErrorCode, $"CUDA device {ordinal} cannot be used: {e.Message.TrimEnd('.')}.");
        }
    }

    /// <summary>Opens device <paramref name="ordinal"/>, or returns false with the reason in words.</summary>
    internal static bool TryCreate(int ordinal, [NotNullWhen(true)] out CudaContext? context, out string? reason)
    {
        try
        {
            context = Open(ordinal);
            reason = null;
            return true;
        }
        catch (CudaException e)
        {
            context = null;
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Opens the device, throwing a <see cref="CudaException"/> whose message is the reason, phrased to follow "cannot be used:".</summary>
    private static CudaContext Open(int ordinal)
    {
        try
        {
            return OpenDevice(ordinal);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new CudaException(
                $"the NVIDIA driver is too old ({e.Message}); install a driver that supports CUDA 12 or later", e);
        }
    }

    private static CudaContext OpenDevice(int ordinal)
    {
        if (!CudaDriver.TryLoad(out string? missing))
        {
            throw new CudaException(missing);
        }

        // Loading and warming up NVRTC, a large library, overlaps with initialising the driver and creating the context,
        // the slowest steps of startup, instead of following them at the first compilation; unless every module has an
        // image shipped with the program, when NVRTC is likely never needed and paging it in would only compete with
        // the program's own start.
        if (!KernelImages.Shipped.CoversAll(GeneratedModules.Registered))
        {
            Nvrtc.StartLoading(NvrtcCompiler.WarmUp);
        }

        CUresult init = cuInit(0);
        if (init != CUresult.CUDA_SUCCESS)
        {
            throw new CudaException(ErrorName(init), (int)init, InitFailure(init));
        }

        ThrowIfFailed(cuDeviceGetCount(out int count));
        if (count == 0)
        {
            throw new CudaException(
                "the NVIDIA driver reports no CUDA devices; check that nvidia-smi lists a GPU and that CUDA_VISIBLE_DEVICES, if set, names one");
        }

        if ((uint)ordinal >= (uint)count)
        {
            throw new CudaException(
                $"there is no CUDA device {ordinal}: the driver reports {count} device{(count == 1 ? "" : "s")}, numbered 0 to {count - 1}");
        }

        ThrowIfFailed(cuDeviceGet(out int device, ordinal));
        (DeviceInfo info, int maxSharedOptIn) = CudaDevice.Describe(device);
        ThrowIfFailed(cuDriverGetVersion(out int driverVersion));
        CUresult retained = cuDevicePrimaryCtxRetain(out nint context, device);
        if (retained != CUresult.CUDA_SUCCESS)
        {
            throw new CudaException(ErrorName(retained), (int)retained, RetainFailure(retained, info.Name));
        }

        ModuleCompilations.StartAhead(info.ComputeCapabilityMajor, info.ComputeCapabilityMinor);
        return new CudaContext(ordinal, device, context, info, maxSharedOptIn, driverVersion);
    }

    /// <summary>Why <c>cuInit</c> failed and what to do, phrased to follow "cannot be used:".</summary>
    internal static string InitFailure(CUresult result) => result switch
    {
        CUresult.CUDA_ERROR_NO_DEVICE =>
            "no CUDA device is visible (cuInit returned CUDA_ERROR_NO_DEVICE); check that nvidia-smi lists a GPU and that " +
            "CUDA_VISIBLE_DEVICES, if set, names one",
        CUresult.CUDA_ERROR_STUB_LIBRARY =>
            $"{CudaDriver.FileName} is the CUDA toolkit's stub library, not the NVIDIA driver (cuInit returned CUDA_ERROR_STUB_LIBRARY); " +
            "install the NVIDIA driver, or take the toolkit's stubs directory out of the library path",
        CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH =>
            $"the NVIDIA kernel module and {CudaDriver.FileName} come from different driver versions (cuInit returned " +
            "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH); reboot after a driver update, or reinstall the NVIDIA driver",
        CUresult.CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE =>
            "the CUDA forward-compatibility libraries in use do not support this GPU (cuInit returned " +
            "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE); take the cuda-compat directory out of LD_LIBRARY_PATH, or update the NVIDIA driver",
        CUresult.CUDA_ERROR_SYSTEM_NOT_READY =>
            "the NVIDIA driver's system software is not ready (cuInit returned CUDA_ERROR_SYSTEM_NOT_READY); on NVSwitch " +
            "systems start nvidia-fabricmanager, otherwise check the driver with nvidia-smi",
        _ => $"the CUDA driver did not initialise: cuInit returned {Describe(result)}; check that nvidia-smi works and, in a " +
             "container, that it was started with access to the GPU (for example docker run --gpus all)",
    };

    /// <summary>Why the device's primary context could not be created, phrased to follow "cannot be used:".</summary>
    internal static string RetainFailure(CUresult result, string deviceName) => result switch
    {
        CUresult.CUDA_ERROR_DEVICE_UNAVAILABLE =>
            $"{deviceName} is busy or unavailable (cuDevicePrimaryCtxRetain returned CUDA_ERROR_DEVICE_UNAVAILABLE); it may be " +
            "in exclusive-process compute mode with another process using it: nvidia-smi shows the mode and the processes",
        CUresult.CUDA_ERROR_OUT_OF_MEMORY =>
            $"{deviceName} has no memory left for a new context (cuDevicePrimaryCtxRetain returned CUDA_ERROR_OUT_OF_MEMORY); " +
            "nvidia-smi shows which processes hold it",
        _ => $"creating a context on {deviceName} failed: cuDevicePrimaryCtxRetain returned {Describe(result)}",
    };

    /// <inheritdoc/>
    public override GpuStream CreateStream()
    {
        EnterCall();
        Check(cuStreamCreate(out nint stream, flags: 0));
        return new CudaStream(this, stream, isDefault: false);
    }

    /// <inheritdoc/>
    public override GpuEvent CreateEvent()
    {
        EnterCall();
        Check(cuEventCreate(out nint @event, flags: 0));
        return new CudaEvent(this, @event);
    }

    /// <inheritdoc/>
    public override void Synchronize()
    {
        EnterCall();
        ThrowIfCapturingOnThisThread("GpuContext.Synchronize");
        Check(cuCtxSynchronize());
        ThrowIfIndexOutOfRange(allWorkDone: true);
    }

    /// <inheritdoc/>
    public override DeviceMemoryInfo GetMemoryInfo()
    {
        EnterCall();
        Check(cuMemGetInfo_v2(out nuint free, out nuint total), "Reading the device's free memory (cuMemGetInfo)");
        return new DeviceMemoryInfo((long)free, (long)total);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Cuda device {DeviceOrdinal}: {Device}";

    /// <summary>
    /// Unloads the modules and releases the primary context. Driver errors are ignored: a faulted context must still be
    /// released, and nothing useful can be done about a failure here.
    /// </summary>
    private protected override void DisposeCore()
    {
        lock (_lifetimeLock)
        {
            _released = true;
            if (cuCtxSetCurrent(_context) == CUresult.CUDA_SUCCESS)
            {
                _ = cuCtxSynchronize();
                foreach (CudaModule module in _modules.Values)
                {
                    module.Unload();
                }

                FreeAllocations();
            }

            _ = cuDevicePrimaryCtxRelease_v2(_device);
        }

        ForgetCurrent();
    }
}
