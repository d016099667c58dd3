using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

// Copies, pinned memory and graphs. Device memory is host memory here, so a copy is a memcpy that has finished when it
// returns, and an "async" copy is the same memcpy after checking its stream, as a CUDA stream would be checked.
public sealed partial class CpuContext
{
    private const nuint PinnedAlignment = 64;

    /// <summary>Launches run synchronously on the CPU, so a graph is the captured work, replayed.</summary>
    internal override GpuGraph CaptureGraph(GpuStream stream, Action work)
    {
        CpuStream captureStream = (CpuStream)stream;
        captureStream.ThrowIfUnusable();
        return new CpuGraph(this, captureStream, work);
    }

    internal override unsafe void CopyToDevice(nint destination, ReadOnlySpan<byte> source)
    {
        ThrowIfReplaying("copy to the device");
        source.CopyTo(new Span<byte>((void*)destination, source.Length));
    }

    internal override unsafe void CopyToHost(Span<byte> destination, nint source)
    {
        ThrowIfReplaying("copy to the host");
        new ReadOnlySpan<byte>((void*)source, destination.Length).CopyTo(destination);
    }

    internal override unsafe void CopyOnDevice(nint destination, nint source, long bytes)
    {
        ThrowIfReplaying("device-to-device copy");
        Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
    }

    internal override unsafe void Fill(nint destination, long bytes, byte value)
    {
        ThrowIfReplaying("clear");
        NativeMemory.Fill((void*)destination, checked((nuint)bytes), value);
    }

    /// <summary>
    /// Ordinary aligned host memory: nothing needs pinning without a device. Its buffer frees it, even after the context
    /// is disposed, so the context does not track it.
    /// </summary>
    internal override unsafe nint AllocatePinnedMemory(long bytes)
    {
        ThrowIfDisposed();
        return (nint)AllocateOrThrow(bytes, PinnedAlignment, "pinned memory");
    }

    internal override unsafe void FreePinnedMemory(nint address) => NativeMemory.AlignedFree((void*)address);

    internal override unsafe void CopyToDeviceAsync(nint destination, nint source, long bytes, GpuStream stream)
    {
        CheckWorkStream(stream, "An asynchronous copy to the device");
        Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
    }

    internal override unsafe void CopyToHostAsync(nint destination, nint source, long bytes, GpuStream stream)
    {
        CheckWorkStream(stream, "An asynchronous copy to the host");
        Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
    }

    internal override unsafe void CopyOnDeviceAsync(nint destination, nint source, long bytes, GpuStream stream)
    {
        CheckWorkStream(stream, "An asynchronous device-to-device copy");
        Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
    }

    internal override unsafe void CopyToPeer(nint destination, GpuContext destinationContext, nint source, long bytes, GpuStream? stream)
    {
        if (stream is null)
        {
            ThrowIfReplaying("copy between contexts");
        }
        else
        {
            CheckWorkStream(stream, "An asynchronous copy between contexts");
        }

        Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
    }

    internal override unsafe void FillAsync(nint destination, long bytes, byte value, GpuStream stream)
    {
        CheckWorkStream(stream, "An asynchronous clear");
        NativeMemory.Fill((void*)destination, checked((nuint)bytes), value);
    }

    /// <summary>Checks the stream of an async copy as CUDA would: usable, and not the default stream inside a graph.</summary>
    private void CheckWorkStream(GpuStream stream, string what)
    {
        ((CpuStream)stream).ThrowIfUnusable();
        if (ReferenceEquals(stream, _defaultStream) && CpuGraph.IsReplaying(this))
        {
            throw GraphCapture.DefaultStream(what);
        }
    }

    /// <summary>Refuses a synchronous copy inside a graph's work, where CUDA refuses it at capture.</summary>
    private void ThrowIfReplaying(string what)
    {
        if (CpuGraph.IsReplaying(this))
        {
            throw GraphCapture.SynchronousCopy(what);
        }
    }
}
