using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GpuDsl.Interop;

/// <summary>
/// The CUDA driver API (libcuda.so.1 / nvcuda.dll), the entry points GpuDsl uses and nothing more. Names and argument
/// order follow <c>cuda.h</c> so each line can be checked against it; the <c>_v2</c> entry points are the ones the
/// header's macros select on 64-bit platforms.
/// </summary>
internal static unsafe partial class CudaDriver
{
    /// <summary>The logical library name; <see cref="NativeLibraryResolver"/> maps it to the driver's file.</summary>
    public const string Library = "cuda";

    // cuLaunchKernel's `extra` markers (cuda.h: CU_LAUNCH_PARAM_*).
    public const nint LaunchParamEnd = 0;
    public const nint LaunchParamBufferPointer = 1;
    public const nint LaunchParamBufferSize = 2;

    private static readonly Lock s_loadLock = new();
    private static nint s_handle;
    private static string? s_loadFailure;

    static CudaDriver() => NativeLibraryResolver.EnsureRegistered();

    /// <summary>The file the driver is loaded from on this platform.</summary>
    public static string FileName => OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1";

    /// <summary>Loads the driver library once; false with a reason when it is not installed.</summary>
    public static bool TryLoad([NotNullWhen(false)] out string? reason)
    {
        lock (s_loadLock)
        {
            if (s_handle == 0 && s_loadFailure is null)
            {
                s_loadFailure = NativeLibrary.TryLoad(FileName, out s_handle)
                    ? null
                    : $"no CUDA driver ({FileName}) was found; install the NVIDIA driver";
            }

            reason = s_loadFailure;
            return reason is null;
        }
    }

    /// <summary>The loaded driver's handle, for the import resolver; zero when it cannot be loaded.</summary>
    internal static nint Handle => TryLoad(out _) ? s_handle : 0;

    // ---- Initialisation and devices

    [LibraryImport(Library)] public static partial CUresult cuInit(uint flags);
    [LibraryImport(Library)] public static partial CUresult cuDriverGetVersion(out int version);
    [LibraryImport(Library)] public static partial CUresult cuDeviceGetCount(out int count);
    [LibraryImport(Library)] public static partial CUresult cuDeviceGet(out int device, int ordinal);
    [LibraryImport(Library)] public static partial CUresult cuDeviceGetName(byte* name, int length, int device);
    [LibraryImport(Library)] public static partial CUresult cuDeviceGetAttribute(out int value, CUdevice_attribute attribute, int device);
    [LibraryImport(Library)] public static partial CUresult cuDeviceTotalMem_v2(out nuint bytes, int device);

    // ---- Contexts

    [LibraryImport(Library)] public static partial CUresult cuDevicePrimaryCtxRetain(out nint context, int device);
    [LibraryImport(Library)] public static partial CUresult cuDevicePrimaryCtxRelease_v2(int device);
    [LibraryImport(Library)] public static partial CUresult cuCtxSetCurrent(nint context);
    [LibraryImport(Library)] public static partial CUresult cuCtxGetCurrent(out nint context);
    [LibraryImport(Library)] public static partial CUresult cuCtxSynchronize();

    // ---- Several devices: direct access to a peer's memory, and copies between contexts (staged through host memory
    // by the driver where the devices cannot reach each other).

    [LibraryImport(Library)] public static partial CUresult cuDeviceCanAccessPeer(out int canAccess, int device, int peerDevice);
    [LibraryImport(Library)] public static partial CUresult cuCtxEnablePeerAccess(nint peerContext, uint flags);
    [LibraryImport(Library)] public static partial CUresult cuMemcpyPeer(nint destination, nint destinationContext, nint source, nint sourceContext, nuint bytes);
    [LibraryImport(Library)] public static partial CUresult cuMemcpyPeerAsync(nint destination, nint destinationContext, nint source, nint sourceContext, nuint bytes, nint stream);

    // ---- Modules and functions

    [LibraryImport(Library)] public static partial CUresult cuModuleLoadData(out nint module, byte* image);
    [LibraryImport(Library)] public static partial CUresult cuModuleUnload(nint module);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial CUresult cuModuleGetFunction(out nint function, nint module, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial CUresult cuModuleGetGlobal_v2(out nint address, out nuint bytes, nint module, string name);

    [LibraryImport(Library)] public static partial CUresult cuFuncGetAttribute(out int value, CUfunction_attribute attribute, nint function);
    [LibraryImport(Library)] public static partial CUresult cuFuncSetAttribute(nint function, CUfunction_attribute attribute, int value);

    // Drivers for CUDA 12.4 (R550) and later only; see ParameterLayout.
    [LibraryImport(Library)] private static partial CUresult cuFuncGetParamInfo(nint function, nuint index, out nuint offset, out nuint size);

    /// <summary>
    /// The byte offset of each of a kernel's parameters in its packed parameter block (<c>cuFuncGetParamInfo</c>, CUDA
    /// 12.4 and later), or <see langword="null"/> when the driver cannot say. With <paramref name="count"/> known (the
    /// generator knows it) exactly that many are asked for; otherwise the driver is asked until it answers that the
    /// index is past the last parameter, which tools like compute-sanitizer report as an API error.
    /// </summary>
    public static (int[] Offsets, int End)? ParameterLayout(nint function, int count)
    {
        try
        {
            List<int> offsets = new();
            int end = 0;
            for (nuint index = 0; count < 0 || index < (nuint)count; index++)
            {
                CUresult result = cuFuncGetParamInfo(function, index, out nuint offset, out nuint size);
                if (result == CUresult.CUDA_ERROR_INVALID_VALUE && count < 0)
                {
                    break; // past the last parameter
                }

                if (result != CUresult.CUDA_SUCCESS)
                {
                    return null;
                }

                offsets.Add((int)offset);
                end = Math.Max(end, (int)(offset + size));
            }

            return (offsets.ToArray(), end);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    // ---- Memory

    [LibraryImport(Library)] public static partial CUresult cuMemAlloc_v2(out nint address, nuint bytes);
    [LibraryImport(Library)] public static partial CUresult cuMemFree_v2(nint address);
    [LibraryImport(Library)] public static partial CUresult cuMemcpyHtoD_v2(nint destination, void* source, nuint bytes);
    [LibraryImport(Library)] public static partial CUresult cuMemcpyDtoH_v2(void* destination, nint source, nuint bytes);
    [LibraryImport(Library)] public static partial CUresult cuMemcpyDtoD_v2(nint destination, nint source, nuint bytes);
    [LibraryImport(Library)] public static partial CUresult cuMemsetD8_v2(nint destination, byte value, nuint count);
    [LibraryImport(Library)] public static partial CUresult cuMemGetInfo_v2(out nuint free, out nuint total);

    // Stream-ordered copies and fills. cuMemsetD8Async has no _v2: it postdates the 64-bit CUdeviceptr change.
    [LibraryImport(Library)] public static partial CUresult cuMemcpyHtoDAsync_v2(nint destination, void* source, nuint bytes, nint stream);
    [LibraryImport(Library)] public static partial CUresult cuMemcpyDtoHAsync_v2(void* destination, nint source, nuint bytes, nint stream);
    [LibraryImport(Library)] public static partial CUresult cuMemcpyDtoDAsync_v2(nint destination, nint source, nuint bytes, nint stream);
    [LibraryImport(Library)] public static partial CUresult cuMemsetD8Async(nint destination, byte value, nuint count, nint stream);

    // Page-locked host memory, which the device reads and writes by DMA, so copies from it can be asynchronous.
    [LibraryImport(Library)] public static partial CUresult cuMemHostAlloc(out nint address, nuint bytes, uint flags);
    [LibraryImport(Library)] public static partial CUresult cuMemFreeHost(nint address);

    // ---- Launches, streams and events

    [LibraryImport(Library)]
    public static partial CUresult cuLaunchKernel(
        nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedMemoryBytes, nint stream, void** kernelParams, void** extra);

    // A launch whose blocks are all resident at once, so that they may wait for each other (Gpu.SyncGrid).
    [LibraryImport(Library)]
    public static partial CUresult cuLaunchCooperativeKernel(
        nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedMemoryBytes, nint stream, void** kernelParams);

    [LibraryImport(Library)]
    public static partial CUresult cuOccupancyMaxActiveBlocksPerMultiprocessor(
        out int blocks, nint function, int blockSize, nuint dynamicSharedMemoryBytes);

    [LibraryImport(Library)] public static partial CUresult cuStreamCreate(out nint stream, uint flags);
    [LibraryImport(Library)] public static partial CUresult cuStreamDestroy_v2(nint stream);
    [LibraryImport(Library)] public static partial CUresult cuStreamSynchronize(nint stream);
    [LibraryImport(Library)] public static partial CUresult cuEventCreate(out nint @event, uint flags);
    [LibraryImport(Library)] public static partial CUresult cuEventRecord(nint @event, nint stream);
    [LibraryImport(Library)] public static partial CUresult cuEventSynchronize(nint @event);

    // The original entry point rather than cuEventElapsedTime_v2 (CUDA 12.8+): every driver exports it, older ones lack _v2.
    [LibraryImport(Library)] public static partial CUresult cuEventElapsedTime(out float milliseconds, nint start, nint end);
    [LibraryImport(Library)] public static partial CUresult cuEventDestroy_v2(nint @event);

    // ---- Graphs, by stream capture

    [LibraryImport(Library)] public static partial CUresult cuStreamBeginCapture_v2(nint stream, CUstreamCaptureMode mode);
    [LibraryImport(Library)] public static partial CUresult cuStreamEndCapture(nint stream, out nint graph);
    [LibraryImport(Library)] public static partial CUresult cuStreamIsCapturing(nint stream, out CUstreamCaptureStatus status);
    [LibraryImport(Library)] public static partial CUresult cuThreadExchangeStreamCaptureMode(ref CUstreamCaptureMode mode);

    // cuda.h maps cuGraphInstantiate to this entry point since CUDA 12; drivers export it since CUDA 11.4.
    [LibraryImport(Library)] public static partial CUresult cuGraphInstantiateWithFlags(out nint graphExec, nint graph, ulong flags);
    [LibraryImport(Library)] public static partial CUresult cuGraphLaunch(nint graphExec, nint stream);
    [LibraryImport(Library)] public static partial CUresult cuGraphExecDestroy(nint graphExec);
    [LibraryImport(Library)] public static partial CUresult cuGraphDestroy(nint graph);

    // ---- Errors

    [LibraryImport(Library)] private static partial CUresult cuGetErrorName(CUresult error, out nint name);
    [LibraryImport(Library)] private static partial CUresult cuGetErrorString(CUresult error, out nint description);

    /// <summary>Throws a <see cref="CudaException"/> naming the error and <paramref name="call"/> unless it succeeded.</summary>
    public static void ThrowIfFailed(CUresult result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != CUresult.CUDA_SUCCESS)
        {
            throw Failure(result, call);
        }
    }

    /// <summary>An exception for a failed call: "<c>call</c> failed: CUDA_ERROR_X (description)." plus any advice.</summary>
    public static CudaException Failure(CUresult result, string call, string? advice = null) =>
        new(ErrorName(result), (int)result,
            $"{call} failed: {Describe(result)}.{(advice is null ? "" : " " + advice)}");

    /// <summary>"CUDA_ERROR_X (the driver's description)", for messages.</summary>
    public static string Describe(CUresult result) => $"{ErrorName(result)} ({ErrorDescription(result)})";

    /// <summary>The error's name from the driver, e.g. <c>CUDA_ERROR_OUT_OF_MEMORY</c>.</summary>
    public static string ErrorName(CUresult result) =>
        TryLoad(out _) && cuGetErrorName(result, out nint name) == CUresult.CUDA_SUCCESS && name != 0
            ? Marshal.PtrToStringUTF8(name) ?? result.ToString()
            : Enum.IsDefined(result) ? result.ToString() : $"CUresult {(int)result}";

    /// <summary>The driver's one-line description of the error.</summary>
    public static string ErrorDescription(CUresult result) =>
        TryLoad(out _) && cuGetErrorString(result, out nint text) == CUresult.CUDA_SUCCESS && text != 0
            ? Marshal.PtrToStringUTF8(text) ?? "no description"
            : "no description";

    /// <summary>
    /// Whether the error is a fault the device reported while running a kernel. Such an error is sticky: the context is
    /// corrupted and every later call on it returns the same error.
    /// </summary>
    public static bool IsSticky(CUresult result) => result is
        CUresult.CUDA_ERROR_ECC_UNCORRECTABLE or CUresult.CUDA_ERROR_NVLINK_UNCORRECTABLE or
        CUresult.CUDA_ERROR_ILLEGAL_ADDRESS or CUresult.CUDA_ERROR_LAUNCH_TIMEOUT or CUresult.CUDA_ERROR_ASSERT or
        CUresult.CUDA_ERROR_HARDWARE_STACK_ERROR or CUresult.CUDA_ERROR_ILLEGAL_INSTRUCTION or
        CUresult.CUDA_ERROR_MISALIGNED_ADDRESS or CUresult.CUDA_ERROR_INVALID_ADDRESS_SPACE or
        CUresult.CUDA_ERROR_INVALID_PC or CUresult.CUDA_ERROR_LAUNCH_FAILED;
}

/// <summary>Driver API status codes (cuda.h <c>cudaError_enum</c>); the ones GpuDsl names or is likely to meet.</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Names as in cuda.h, so messages and searches match NVIDIA's.")]
internal enum CUresult
{
    CUDA_SUCCESS = 0,
    CUDA_ERROR_INVALID_VALUE = 1,
    CUDA_ERROR_OUT_OF_MEMORY = 2,
    CUDA_ERROR_NOT_INITIALIZED = 3,
    CUDA_ERROR_DEINITIALIZED = 4,
    CUDA_ERROR_STUB_LIBRARY = 34,
    CUDA_ERROR_DEVICE_UNAVAILABLE = 46,
    CUDA_ERROR_NO_DEVICE = 100,
    CUDA_ERROR_INVALID_DEVICE = 101,
    CUDA_ERROR_INVALID_IMAGE = 200,
    CUDA_ERROR_INVALID_CONTEXT = 201,
    CUDA_ERROR_NO_BINARY_FOR_GPU = 209,
    CUDA_ERROR_PEER_ACCESS_UNSUPPORTED = 217,
    CUDA_ERROR_ECC_UNCORRECTABLE = 214,
    CUDA_ERROR_INVALID_PTX = 218,
    CUDA_ERROR_NVLINK_UNCORRECTABLE = 220,
    CUDA_ERROR_JIT_COMPILER_NOT_FOUND = 221,
    CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222,
    CUDA_ERROR_INVALID_SOURCE = 300,
    CUDA_ERROR_INVALID_HANDLE = 400,
    CUDA_ERROR_NOT_FOUND = 500,
    CUDA_ERROR_NOT_READY = 600,
    CUDA_ERROR_ILLEGAL_ADDRESS = 700,
    CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
    CUDA_ERROR_LAUNCH_TIMEOUT = 702,
    CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED = 704,
    CUDA_ERROR_PEER_ACCESS_NOT_ENABLED = 705,
    CUDA_ERROR_CONTEXT_IS_DESTROYED = 709,
    CUDA_ERROR_ASSERT = 710,
    CUDA_ERROR_TOO_MANY_PEERS = 711,
    CUDA_ERROR_HARDWARE_STACK_ERROR = 714,
    CUDA_ERROR_ILLEGAL_INSTRUCTION = 715,
    CUDA_ERROR_MISALIGNED_ADDRESS = 716,
    CUDA_ERROR_INVALID_ADDRESS_SPACE = 717,
    CUDA_ERROR_INVALID_PC = 718,
    CUDA_ERROR_LAUNCH_FAILED = 719,
    CUDA_ERROR_NOT_PERMITTED = 800,
    CUDA_ERROR_NOT_SUPPORTED = 801,
    CUDA_ERROR_SYSTEM_NOT_READY = 802,
    CUDA_ERROR_SYSTEM_DRIVER_MISMATCH = 803,
    CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE = 804,
    CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED = 900,
    CUDA_ERROR_STREAM_CAPTURE_INVALIDATED = 901,
    CUDA_ERROR_STREAM_CAPTURE_MERGE = 902,
    CUDA_ERROR_STREAM_CAPTURE_UNMATCHED = 903,
    CUDA_ERROR_STREAM_CAPTURE_UNJOINED = 904,
    CUDA_ERROR_STREAM_CAPTURE_ISOLATION = 905,
    CUDA_ERROR_STREAM_CAPTURE_IMPLICIT = 906,
    CUDA_ERROR_CAPTURED_EVENT = 907,
    CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD = 908,
    CUDA_ERROR_UNKNOWN = 999,
}

/// <summary>Device attributes GpuDsl reads (cuda.h <c>CUdevice_attribute</c>, without the prefix).</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Names as in cuda.h.")]
internal enum CUdevice_attribute
{
    MAX_THREADS_PER_BLOCK = 1,
    MAX_BLOCK_DIM_X = 2,
    MAX_BLOCK_DIM_Y = 3,
    MAX_BLOCK_DIM_Z = 4,
    MAX_GRID_DIM_X = 5,
    MAX_GRID_DIM_Y = 6,
    MAX_GRID_DIM_Z = 7,
    MAX_SHARED_MEMORY_PER_BLOCK = 8,
    TOTAL_CONSTANT_MEMORY = 9,
    WARP_SIZE = 10,
    MULTIPROCESSOR_COUNT = 16,
    COMPUTE_CAPABILITY_MAJOR = 75,
    COMPUTE_CAPABILITY_MINOR = 76,
    MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97,
}

/// <summary>Function attributes GpuDsl reads or sets (cuda.h <c>CUfunction_attribute</c>, without the prefix).</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Names as in cuda.h.")]
internal enum CUfunction_attribute
{
    MAX_THREADS_PER_BLOCK = 0,
    SHARED_SIZE_BYTES = 1,
    NUM_REGS = 4,
    MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
}

/// <summary>
/// Which API calls a stream capture forbids (cuda.h <c>CUstreamCaptureMode</c>): with <see cref="THREAD_LOCAL"/>, calls
/// that are unsafe during capture (a synchronous allocation or copy) fail on the capturing thread only.
/// </summary>
[SuppressMessage("Naming", "CA1707", Justification = "Names as in cuda.h.")]
internal enum CUstreamCaptureMode
{
    GLOBAL = 0,
    THREAD_LOCAL = 1,
    RELAXED = 2,
}

/// <summary>A stream's capture state (cuda.h <c>CUstreamCaptureStatus</c>, without the prefix).</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Names as in cuda.h.")]
internal enum CUstreamCaptureStatus
{
    NONE = 0,
    ACTIVE = 1,
    INVALIDATED = 2,
}
