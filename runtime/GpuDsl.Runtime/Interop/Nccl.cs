using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GpuDsl.Interop;

/// <summary>
/// NCCL, NVIDIA's collective communication library: the entry points GpuDsl uses. Names and argument order follow
/// <c>nccl.h</c> so each line can be checked against it. NCCL ships apart from the driver and the toolkit (a system
/// package, or PyTorch's <c>nvidia-nccl-cu12</c> wheel), so <see cref="NcclLibrary"/> looks for it in several places.
/// </summary>
internal static unsafe partial class Nccl
{
    /// <summary>The logical library name; <see cref="NativeLibraryResolver"/> maps it to the file the probe loaded.</summary>
    public const string Library = "nccl";

    /// <summary>Bytes of an <c>ncclUniqueId</c> (nccl.h <c>NCCL_UNIQUE_ID_BYTES</c>).</summary>
    public const int UniqueIdBytes = 128;

    static Nccl() => NativeLibraryResolver.EnsureRegistered();

    // ---- Versions, ids and communicators

    [LibraryImport(Library)] public static partial NcclResult ncclGetVersion(out int version);
    [LibraryImport(Library)] public static partial NcclResult ncclGetUniqueId(out NcclUniqueId uniqueId);

    // The id is passed by value, as in nccl.h: a 128-byte struct, which the C calling convention copies onto the stack.
    [LibraryImport(Library)] public static partial NcclResult ncclCommInitRank(out nint comm, int ranks, NcclUniqueId commId, int rank);
    [LibraryImport(Library)] public static partial NcclResult ncclCommInitAll(nint* comms, int devices, int* deviceList);
    [LibraryImport(Library)] public static partial NcclResult ncclCommDestroy(nint comm);
    [LibraryImport(Library)] public static partial NcclResult ncclCommAbort(nint comm);
    [LibraryImport(Library)] public static partial NcclResult ncclCommCount(nint comm, out int count);
    [LibraryImport(Library)] public static partial NcclResult ncclCommCuDevice(nint comm, out int device);
    [LibraryImport(Library)] public static partial NcclResult ncclCommUserRank(nint comm, out int rank);

    // ---- Groups and collectives. Streams are CUstream handles, which are cudaStream_t.

    [LibraryImport(Library)] public static partial NcclResult ncclGroupStart();
    [LibraryImport(Library)] public static partial NcclResult ncclGroupEnd();

    [LibraryImport(Library)]
    public static partial NcclResult ncclAllReduce(
        nint sendBuffer, nint receiveBuffer, nuint count, NcclDataType type, NcclReduceOp op, nint comm, nint stream);

    [LibraryImport(Library)]
    public static partial NcclResult ncclReduceScatter(
        nint sendBuffer, nint receiveBuffer, nuint receiveCount, NcclDataType type, NcclReduceOp op, nint comm, nint stream);

    [LibraryImport(Library)]
    public static partial NcclResult ncclAllGather(
        nint sendBuffer, nint receiveBuffer, nuint sendCount, NcclDataType type, nint comm, nint stream);

    [LibraryImport(Library)]
    public static partial NcclResult ncclBroadcast(
        nint sendBuffer, nint receiveBuffer, nuint count, NcclDataType type, int root, nint comm, nint stream);

    // ---- Errors

    [LibraryImport(Library)] private static partial byte* ncclGetErrorString(NcclResult result);
    [LibraryImport(Library)] private static partial byte* ncclGetLastError(nint comm);

    /// <summary>Throws a <see cref="CudaException"/> naming the NCCL result and <paramref name="call"/> unless it succeeded.</summary>
    public static void ThrowIfFailed(NcclResult result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != NcclResult.ncclSuccess)
        {
            throw Failure(result, call, comm: 0);
        }
    }

    /// <summary>
    /// The exception for a failed call: "<c>call</c> failed: ncclX (NCCL's description): NCCL's last error." The last
    /// error is NCCL's own account of what went wrong (a bad argument, a lost peer), often the only useful part.
    /// </summary>
    public static CudaException Failure(NcclResult result, string call, nint comm)
    {
        string name = Enum.IsDefined(result) ? result.ToString() : $"ncclResult_t {(int)result}";
        bool loaded = NcclLibrary.IsLoaded;
        string description = (loaded ? Text(ncclGetErrorString(result)) : null) ?? Describe(result);
        string? last = loaded ? LastError(comm) : null;
        string detail = string.IsNullOrWhiteSpace(last) ? "" : $": {last.Trim()}";
        string advice = result switch
        {
            NcclResult.ncclSystemError or NcclResult.ncclRemoteError =>
                " NCCL_DEBUG=WARN (or INFO) makes NCCL print what happened on every rank.",
            NcclResult.ncclInvalidUsage =>
                " Every rank must call the same collectives in the same order with the same counts.",
            _ => "",
        };
        return new CudaException(name, (int)result, $"{call} failed: {name} ({description}){detail}.{advice}");
    }

    /// <summary>What nccl.h says each result means, for when the library cannot say.</summary>
    private static string Describe(NcclResult result) => result switch
    {
        NcclResult.ncclUnhandledCudaError => "unhandled cuda error",
        NcclResult.ncclSystemError => "unhandled system error",
        NcclResult.ncclInternalError => "internal error",
        NcclResult.ncclInvalidArgument => "invalid argument",
        NcclResult.ncclInvalidUsage => "invalid usage",
        NcclResult.ncclRemoteError => "remote process exited or there was a network error",
        NcclResult.ncclInProgress => "NCCL operation in progress",
        _ => "no description",
    };

    /// <summary>NCCL's version as <c>major.minor.patch</c>, e.g. <c>2.21.5</c>.</summary>
    public static string Version()
    {
        ThrowIfFailed(ncclGetVersion(out int code));

        // nccl.h: NCCL_VERSION(X,Y,Z) is X*10000 + Y*100 + Z since 2.9, X*1000 + Y*100 + Z before.
        return code >= 10000 ? $"{code / 10000}.{code / 100 % 100}.{code % 100}" : $"{code / 1000}.{code / 100 % 10}.{code % 100}";
    }

    private static string? LastError(nint comm)
    {
        try
        {
            return Text(ncclGetLastError(comm));
        }
        catch (EntryPointNotFoundException)
        {
            return null; // before NCCL 2.13
        }
    }

    private static string? Text(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);
}

/// <summary>An <c>ncclUniqueId</c>: 128 opaque bytes that rank 0 makes and every rank of a communicator is given.</summary>
[StructLayout(LayoutKind.Sequential, Size = Nccl.UniqueIdBytes)]
internal unsafe struct NcclUniqueId
{
    public fixed byte Bytes[Nccl.UniqueIdBytes];
}

/// <summary>NCCL status codes (nccl.h <c>ncclResult_t</c>).</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Names as in nccl.h, so messages and searches match NVIDIA's.")]
internal enum NcclResult
{
    ncclSuccess = 0,
    ncclUnhandledCudaError = 1,
    ncclSystemError = 2,
    ncclInternalError = 3,
    ncclInvalidArgument = 4,
    ncclInvalidUsage = 5,
    ncclRemoteError = 6,
    ncclInProgress = 7,
}

/// <summary>Element types (nccl.h <c>ncclDataType_t</c>).</summary>
internal enum NcclDataType
{
    ncclInt8 = 0,
    ncclUint8 = 1,
    ncclInt32 = 2,
    ncclUint32 = 3,
    ncclInt64 = 4,
    ncclUint64 = 5,
    ncclFloat16 = 6,
    ncclFloat32 = 7,
    ncclFloat64 = 8,
    ncclBfloat16 = 9,
}

/// <summary>Reductions (nccl.h <c>ncclRedOp_t</c>); <see cref="ncclAvg"/> needs NCCL 2.10 or later.</summary>
internal enum NcclReduceOp
{
    ncclSum = 0,
    ncclProd = 1,
    ncclMax = 2,
    ncclMin = 3,
    ncclAvg = 4,
}
