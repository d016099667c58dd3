using System.Runtime.CompilerServices;

namespace GpuDsl;

/// <summary>
/// A typed array in page-locked ("pinned") host memory, made by <see cref="GpuContext.AllocatePinned{T}(int)"/>: the
/// host side of asynchronous copies. Fill <see cref="Span"/> on the host, then queue
/// <see cref="DeviceSpan{T}.CopyFromAsync"/> on a stream; or queue <see cref="DeviceSpan{T}.CopyToAsync(PinnedBuffer{T}, GpuStream)"/>
/// and read <see cref="Span"/> once the stream (or an event recorded after the copy) has been synchronized.
/// </summary>
/// <remarks>
/// An asynchronous copy reads or writes this memory after the call returns: do not touch <see cref="Span"/> until the
/// copy has finished, and dispose the buffer only after that (a <see cref="GpuGraph"/> that captured a copy keeps the
/// buffer alive itself until the graph is disposed). On the CPU backend the memory is ordinary aligned host memory and the copies run when they are called.
/// </remarks>
/// <typeparam name="T">An unmanaged element type.</typeparam>
/// <example>
/// <code>
/// using PinnedBuffer&lt;float&gt; staging = gpu.AllocatePinned&lt;float&gt;(n);
/// batch.CopyTo(staging.Span);
/// input.CopyFromAsync(staging, stream);
/// Kernels.Launch(blocks, threads, 0, stream).Step(input, output);
/// output.CopyToAsync(staging, stream);
/// stream.Synchronize();
/// </code>
/// </example>
public sealed class PinnedBuffer<T> : IDisposable where T : unmanaged
{
    internal PinnedBuffer(GpuContext context, int length)
    {
        Length = length;
        Memory = new PinnedMemory(context, (long)length * Unsafe.SizeOf<T>(), typeof(T).Name);
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The size in bytes.</summary>
    public long SizeInBytes => Memory.Bytes;

    /// <summary>The context that allocated (and pinned) the memory.</summary>
    public GpuContext Context => Memory.Context;

    /// <summary>Whether the buffer has been disposed.</summary>
    public bool IsDisposed => Memory.IsDisposed;

    /// <summary>
    /// The elements, to read and write on the host. Do not keep the span past <see cref="Dispose"/>, and do not touch it
    /// while an asynchronous copy to or from the buffer may still be running.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The buffer or its context is disposed.</exception>
    public unsafe Span<T> Span => new((void*)Memory.Address, Length);

    internal PinnedMemory Memory { get; }

    /// <summary>Frees the pinned memory. Calling it again does nothing.</summary>
    public void Dispose() => Memory.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"PinnedBuffer<{typeof(T).Name}>[{Length}] on {Context.Backend}";
}
