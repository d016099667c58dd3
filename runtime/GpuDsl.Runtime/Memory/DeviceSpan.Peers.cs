namespace GpuDsl;

// Copies between the memories of two contexts (two GPUs, or a GPU and the CPU backend).
public readonly partial struct DeviceSpan<T>
{
    /// <summary>
    /// Copies this view into <paramref name="destination"/>, which may belong to another context (another GPU): device to
    /// device where <see cref="GpuContext.EnablePeerAccess"/> turned direct access on, staged through host memory
    /// otherwise, and through a host array between a CUDA context and a CPU one. Returns when the copy is done.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is shorter than this view.</exception>
    public void CopyToPeer(DeviceSpan<T> destination)
    {
        GpuContext source = CheckPeerCopy(destination);
        if (Length == 0)
        {
            return;
        }

        if (source.Backend != destination.Context!.Backend)
        {
            // Different kinds of memory: the host array is the only place both reach.
            destination.Slice(0, Length).CopyFrom(ToArray());
            return;
        }

        source.CopyToPeer(destination.Address, destination.Context, Address, SizeInBytes, stream: null);
    }

    /// <summary>
    /// Queues a copy of this view into <paramref name="destination"/>, which may belong to another context of the same
    /// backend, on <paramref name="stream"/> (of this view's context): <c>cuMemcpyPeerAsync</c> on CUDA, legal inside a
    /// captured graph. The destination's device sees the data once the stream has reached the copy.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is shorter, the stream belongs to another context than this
    /// view, or the destination is of another backend (use <see cref="CopyToPeer"/>, which goes through the host).</exception>
    public void CopyToPeerAsync(DeviceSpan<T> destination, GpuStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        GpuContext source = CheckPeerCopy(destination);
        GpuContext context = CheckStream(stream);
        if (source.Backend != destination.Context!.Backend)
        {
            throw new ArgumentException(
                $"An asynchronous copy cannot go from a {source.Backend} context to a {destination.Context.Backend} one; " +
                "CopyToPeer copies between backends through host memory.", nameof(destination));
        }

        if (Length == 0)
        {
            return;
        }

        source.CopyToPeer(destination.Address, destination.Context, Address, SizeInBytes, stream);
        GraphCapture.Retain(Memory, context);
        GraphCapture.Retain(destination.Memory, context);
    }

    private GpuContext CheckPeerCopy(DeviceSpan<T> destination)
    {
        if (destination.Context is null)
        {
            throw new ArgumentException("The destination is an empty (default) DeviceSpan.", nameof(destination));
        }

        if (destination.Length < Length)
        {
            throw new ArgumentException(
                $"The destination has {destination.Length} elements but the source holds {Length}.", nameof(destination));
        }

        return Memory.Context;
    }
}
