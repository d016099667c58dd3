using System.Numerics;

namespace GpuDsl;

// The collectives on whole buffers: a DeviceBuffer<T> converts to a DeviceSpan<T>, but a conversion does not let the
// compiler infer T, so without these a call on buffers would need the type spelled out.
public abstract partial class Communicator
{
    /// <inheritdoc cref="AllReduce{T}(DeviceSpan{T}, DeviceSpan{T}, ReduceOperation, GpuStream)"/>
    public void AllReduce<T>(DeviceBuffer<T> send, DeviceBuffer<T> receive, ReduceOperation operation, GpuStream stream)
        where T : unmanaged, INumber<T> => AllReduce(Span(send, nameof(send)), Span(receive, nameof(receive)), operation, stream);

    /// <inheritdoc cref="AllReduce{T}(DeviceSpan{T}, ReduceOperation, GpuStream)"/>
    public void AllReduce<T>(DeviceBuffer<T> data, ReduceOperation operation, GpuStream stream) where T : unmanaged, INumber<T> =>
        AllReduce(Span(data, nameof(data)), operation, stream);

    /// <inheritdoc cref="ReduceScatter{T}(DeviceSpan{T}, DeviceSpan{T}, ReduceOperation, GpuStream)"/>
    public void ReduceScatter<T>(DeviceBuffer<T> send, DeviceBuffer<T> receive, ReduceOperation operation, GpuStream stream)
        where T : unmanaged, INumber<T> => ReduceScatter(Span(send, nameof(send)), Span(receive, nameof(receive)), operation, stream);

    /// <inheritdoc cref="AllGather{T}(DeviceSpan{T}, DeviceSpan{T}, GpuStream)"/>
    public void AllGather<T>(DeviceBuffer<T> send, DeviceBuffer<T> receive, GpuStream stream) where T : unmanaged, INumber<T> =>
        AllGather(Span(send, nameof(send)), Span(receive, nameof(receive)), stream);

    /// <inheritdoc cref="Broadcast{T}(DeviceSpan{T}, DeviceSpan{T}, int, GpuStream)"/>
    public void Broadcast<T>(DeviceBuffer<T> send, DeviceBuffer<T> receive, int root, GpuStream stream) where T : unmanaged, INumber<T> =>
        Broadcast(Span(send, nameof(send)), Span(receive, nameof(receive)), root, stream);

    /// <inheritdoc cref="Broadcast{T}(DeviceSpan{T}, int, GpuStream)"/>
    public void Broadcast<T>(DeviceBuffer<T> data, int root, GpuStream stream) where T : unmanaged, INumber<T> =>
        Broadcast(Span(data, nameof(data)), root, stream);

    private static DeviceSpan<T> Span<T>(DeviceBuffer<T> buffer, string parameter) where T : unmanaged =>
        (buffer ?? throw new ArgumentNullException(parameter)).AsSpan();
}
