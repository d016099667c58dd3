using System.Runtime.CompilerServices;

namespace GpuDsl;

/// <summary>
/// A typed array in device memory, owned by this object: dispose it to free the memory. Pass it (or a
/// <see cref="Slice(int, int)"/> of it) to a kernel wherever the kernel takes a <see cref="Span{T}"/> or
/// <see cref="ReadOnlySpan{T}"/>.
/// </summary>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public sealed class DeviceBuffer<T> : IDisposable where T : unmanaged
{
    internal DeviceBuffer(GpuContext context, int length)
    {
        Length = length;
        Memory = new DeviceMemory(context, (long)length * Unsafe.SizeOf<T>(), typeof(T).Name);
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The size in bytes.</summary>
    public long SizeInBytes => Memory.Bytes;

    /// <summary>The context that owns the memory.</summary>
    public GpuContext Context => Memory.Context;

    /// <summary>Whether the buffer has been disposed.</summary>
    public bool IsDisposed => Memory.IsDisposed;

    internal DeviceMemory Memory { get; }

    /// <summary>A view of the whole buffer.</summary>
    public DeviceSpan<T> AsSpan() => new(Memory, 0, Length);

    /// <summary>A view of <paramref name="length"/> elements from <paramref name="start"/>.</summary>
    public DeviceSpan<T> Slice(int start, int length) => AsSpan().Slice(start, length);

    /// <summary>The buffer as a 3D view (see <see cref="DeviceSpan{T}.AsSpan3D(int, int, int)"/>).</summary>
    public DeviceSpan3D<T> AsSpan3D(int slices, int rows, int columns) => AsSpan().AsSpan3D(slices, rows, columns);

    /// <summary>The buffer as a 3D view with rows <paramref name="pitch"/> elements apart (see <see cref="DeviceSpan{T}.AsSpan3D(int, int, int, int)"/>).</summary>
    public DeviceSpan3D<T> AsSpan3D(int slices, int rows, int columns, int pitch) => AsSpan().AsSpan3D(slices, rows, columns, pitch);

    /// <summary>The elements from <paramref name="start"/> to the end.</summary>
    public DeviceSpan<T> Slice(int start) => AsSpan().Slice(start);

    /// <summary>The whole buffer viewed as elements of another unmanaged type (see <see cref="DeviceSpan{T}.Cast{TTo}"/>).</summary>
    /// <typeparam name="TTo">The element type of the view.</typeparam>
    public DeviceSpan<TTo> Cast<TTo>() where TTo : unmanaged => AsSpan().Cast<TTo>();

    /// <inheritdoc cref="DeviceSpan{T}.AsSpan2D(int, int)"/>
    public DeviceSpan2D<T> AsSpan2D(int rows, int columns) => AsSpan().AsSpan2D(rows, columns);

    /// <inheritdoc cref="DeviceSpan{T}.AsSpan2D(int, int, int)"/>
    public DeviceSpan2D<T> AsSpan2D(int rows, int columns, int pitch) => AsSpan().AsSpan2D(rows, columns, pitch);

    /// <summary>Copies <paramref name="source"/> into the start of the buffer; it must not be longer than the buffer.</summary>
    public void CopyFrom(ReadOnlySpan<T> source) => AsSpan().CopyFrom(source);

    /// <summary>Copies the whole buffer into <paramref name="destination"/>, which must be at least as long.</summary>
    public void CopyTo(Span<T> destination) => AsSpan().CopyTo(destination);

    /// <summary>Copies the whole buffer into <paramref name="destination"/>, which must be in the same context.</summary>
    public void CopyTo(DeviceBuffer<T> destination) => AsSpan().CopyTo(destination.AsSpan());

    /// <summary>
    /// Queues a copy of all of <paramref name="source"/> into the start of the buffer on <paramref name="stream"/>; see
    /// <see cref="DeviceSpan{T}.CopyFromAsync"/>.
    /// </summary>
    public void CopyFromAsync(PinnedBuffer<T> source, GpuStream stream) => AsSpan().CopyFromAsync(source, stream);

    /// <summary>
    /// Queues a copy of the whole buffer into <paramref name="destination"/> on <paramref name="stream"/>; see
    /// <see cref="DeviceSpan{T}.CopyToAsync(PinnedBuffer{T}, GpuStream)"/>.
    /// </summary>
    public void CopyToAsync(PinnedBuffer<T> destination, GpuStream stream) => AsSpan().CopyToAsync(destination, stream);

    /// <summary>
    /// Queues a copy of the whole buffer into <paramref name="destination"/> (a buffer or a slice, in the same context)
    /// on <paramref name="stream"/>.
    /// </summary>
    public void CopyToAsync(DeviceSpan<T> destination, GpuStream stream) => AsSpan().CopyToAsync(destination, stream);

    /// <summary>Copies the whole buffer into <paramref name="destination"/>, which may be in another context (another GPU); see <see cref="DeviceSpan{T}.CopyToPeer"/>.</summary>
    public void CopyToPeer(DeviceSpan<T> destination) => AsSpan().CopyToPeer(destination);

    /// <summary>Queues a copy of the whole buffer into <paramref name="destination"/> in another context of the same backend; see <see cref="DeviceSpan{T}.CopyToPeerAsync"/>.</summary>
    public void CopyToPeerAsync(DeviceSpan<T> destination, GpuStream stream) => AsSpan().CopyToPeerAsync(destination, stream);

    /// <summary>Queues setting every byte of the buffer to zero on <paramref name="stream"/>.</summary>
    public void ClearAsync(GpuStream stream) => AsSpan().ClearAsync(stream);

    /// <summary>Copies the buffer into a new host array.</summary>
    public T[] ToArray() => AsSpan().ToArray();

    /// <summary>Sets every byte of the buffer to zero.</summary>
    public void Clear() => AsSpan().Clear();

    /// <summary>Frees the device memory. Calling it again does nothing.</summary>
    public void Dispose() => Memory.Dispose();

    /// <summary>A view of the whole buffer, so a buffer can be passed to a kernel directly.</summary>
    public static implicit operator DeviceSpan<T>(DeviceBuffer<T> buffer) => buffer.AsSpan();

    /// <inheritdoc/>
    public override string ToString() => $"DeviceBuffer<{typeof(T).Name}>[{Length}] on {Context.Backend}";
}
