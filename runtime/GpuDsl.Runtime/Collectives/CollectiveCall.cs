using System.Runtime.CompilerServices;
using GpuDsl.Interop;

namespace GpuDsl;

/// <summary>The four collectives, in NCCL's terms.</summary>
internal enum CollectiveKind
{
    AllReduce,
    ReduceScatter,
    AllGather,
    Broadcast,
}

/// <summary>
/// One rank's part of a collective, checked and reduced to what a backend needs: addresses, NCCL's count (per rank for
/// reduce-scatter and all-gather, as <c>nccl.h</c> takes it), the element type and the stream.
/// </summary>
internal readonly record struct CollectiveCall(
    CollectiveKind Kind, nint Send, nint Receive, long Count, NcclDataType Type, int ElementSize, ReduceOperation Operation,
    int Root, GpuStream Stream)
{
    /// <summary>How the call reads in messages, e.g. <c>AllReduce(Sum) of 1024 Single</c>.</summary>
    public string Describe() => Kind switch
    {
        CollectiveKind.AllReduce or CollectiveKind.ReduceScatter => $"{Kind}({Operation}) of {Count} {Type}",
        CollectiveKind.Broadcast => $"Broadcast from rank {Root} of {Count} {Type}",
        _ => $"{Kind} of {Count} {Type}",
    };

    /// <summary>Whether two ranks' calls are the same collective (what every rank must agree on).</summary>
    public bool Matches(in CollectiveCall other) =>
        Kind == other.Kind && Count == other.Count && Type == other.Type && Operation == other.Operation && Root == other.Root;
}

/// <summary>
/// The NCCL element type of <typeparamref name="T"/>, worked out once per type (a constant after the JIT's first use),
/// or the reason there is none.
/// </summary>
internal static class CollectiveElement<T> where T : unmanaged
{
    private static readonly NcclDataType? s_type =
        typeof(T) == typeof(sbyte) ? NcclDataType.ncclInt8
        : typeof(T) == typeof(byte) ? NcclDataType.ncclUint8
        : typeof(T) == typeof(int) ? NcclDataType.ncclInt32
        : typeof(T) == typeof(uint) ? NcclDataType.ncclUint32
        : typeof(T) == typeof(long) ? NcclDataType.ncclInt64
        : typeof(T) == typeof(ulong) ? NcclDataType.ncclUint64
        : typeof(T) == typeof(Half) ? NcclDataType.ncclFloat16
        : typeof(T) == typeof(float) ? NcclDataType.ncclFloat32
        : typeof(T) == typeof(double) ? NcclDataType.ncclFloat64
        : null;

    /// <summary>The type, or <see cref="NotSupportedException"/> naming the types that are supported.</summary>
    public static NcclDataType Type => s_type ?? throw new NotSupportedException(
        $"Collectives have no element type for {typeof(T).Name}: NCCL reduces sbyte, byte, int, uint, long, ulong, Half, " +
        $"float and double. View the buffer as one of those (DeviceSpan<T>.Cast) if only its bytes are moved.");

    public static int Size => Unsafe.SizeOf<T>();
}
