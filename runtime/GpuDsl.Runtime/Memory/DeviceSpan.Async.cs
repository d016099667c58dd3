using System.Runtime.CompilerServices;

namespace GpuDsl;

// Stream-ordered copies: queued on a stream and returning at once, ordered with the launches on that stream, and legal
// inside GpuGraph.Capture (where the graph records them and keeps the memory alive). The host side is pinned memory,
// which the device reads and writes by DMA while the host goes on.
public readonly partial struct DeviceSpan<T>
{
    /// <summary>
    /// Queues a copy of all of <paramref name="source"/> into the start of this view on <paramref name="stream"/>; the
    /// source must not be longer. The copy reads <paramref name="source"/> when the stream reaches it, so leave the
    /// pinned buffer alone until then.
    /// </summary>
    /// <exception cref="ArgumentException">The source is longer than this view, or the buffers or the stream belong to
    /// different contexts.</exception>
    public void CopyFromAsync(PinnedBuffer<T> source, GpuStream stream)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(stream);
        if (source.Length > Length)
        {
            throw new ArgumentException(
                $"The source has {source.Length} elements but the device buffer holds only {Length}.", nameof(source));
        }

        if (source.Length == 0)
        {
            return;
        }

        GpuContext context = CheckStream(stream);
        CheckPinned(source, context, nameof(source));
        context.CopyToDeviceAsync(Address, source.Memory.Address, (long)source.Length * Unsafe.SizeOf<T>(), stream);
        Retain(source.Memory, context);
    }

    /// <summary>
    /// Queues a copy of this view into the start of <paramref name="destination"/> on <paramref name="stream"/>; the
    /// destination must be at least as long. Read it once the stream, or an event recorded after the copy, is synchronized.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is shorter than this view, or the buffers or the stream belong
    /// to different contexts.</exception>
    public void CopyToAsync(PinnedBuffer<T> destination, GpuStream stream)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(stream);
        if (destination.Length < Length)
        {
            throw new ArgumentException(
                $"The destination has {destination.Length} elements but the device buffer holds {Length}.", nameof(destination));
        }

        if (Length == 0)
        {
            return;
        }

        GpuContext context = CheckStream(stream);
        CheckPinned(destination, context, nameof(destination));
        context.CopyToHostAsync(destination.Memory.Address, Address, SizeInBytes, stream);
        Retain(destination.Memory, context);
    }

    /// <summary>
    /// Queues a copy of this view into <paramref name="destination"/> on the same device, on <paramref name="stream"/>;
    /// the destination must be at least as long.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is shorter than this view, or the buffers or the stream belong
    /// to different contexts.</exception>
    public void CopyToAsync(DeviceSpan<T> destination, GpuStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (destination.Length < Length)
        {
            throw new ArgumentException(
                $"The destination has {destination.Length} elements but the source holds {Length}.", nameof(destination));
        }

        if (Length == 0)
        {
            return;
        }

        GpuContext context = CheckStream(stream);
        if (!ReferenceEquals(destination.Context, context))
        {
            throw new ArgumentException("The destination belongs to another context.", nameof(destination));
        }

        context.CopyOnDeviceAsync(destination.Address, Address, SizeInBytes, stream);
        Retain(destination.Memory, context);
    }

    /// <summary>Queues setting every byte in view to zero on <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">The stream belongs to another context.</exception>
    public void ClearAsync(GpuStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (Length == 0)
        {
            return;
        }

        GpuContext context = CheckStream(stream);
        context.FillAsync(Address, SizeInBytes, 0, stream);
        Retain(Memory, context);
    }

    /// <summary>The context of this view, after checking that <paramref name="stream"/> belongs to it.</summary>
    private GpuContext CheckStream(GpuStream stream)
    {
        GpuContext context = Memory.Context;
        if (!ReferenceEquals(stream.Context, context))
        {
            throw new ArgumentException(
                $"The stream belongs to another GpuContext ({stream.Context}) than the device buffer ({context}).", nameof(stream));
        }

        return context;
    }

    private static void CheckPinned(PinnedBuffer<T> buffer, GpuContext context, string parameter)
    {
        if (!ReferenceEquals(buffer.Context, context))
        {
            throw new ArgumentException(
                $"The pinned buffer belongs to another GpuContext ({buffer.Context}) than the device buffer ({context}); " +
                "allocate it with the device buffer's context.", parameter);
        }
    }

    /// <summary>Lets a graph being captured keep this view's memory, and <paramref name="other"/>, alive.</summary>
    private void Retain(System.Runtime.InteropServices.SafeHandle other, GpuContext context)
    {
        GraphCapture.Retain(Memory, context);
        if (!ReferenceEquals(other, Memory))
        {
            GraphCapture.Retain(other, context);
        }
    }
}
