using System.Runtime.InteropServices;

namespace GpuDsl;

/// <summary>
/// One allocation owned by a buffer: a <see cref="SafeHandle"/>, so a launch, copy or captured graph in flight keeps it
/// alive, double disposal is harmless, and a forgotten buffer is freed by the finalizer. Subclasses say how to allocate
/// and free; the context turns a free into a no-op once it is gone (the memory went with it).
/// </summary>
internal abstract class OwnedMemory : SafeHandle
{
    private int _disposed;

    protected OwnedMemory(GpuContext context, long bytes, string bufferType)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        Context = context;
        Bytes = bytes;
        BufferType = bufferType;
    }

    public GpuContext Context { get; }

    public long Bytes { get; }

    /// <summary>The owning buffer's C# type, e.g. <c>DeviceBuffer&lt;Single&gt;</c>, for messages.</summary>
    public string BufferType { get; }

    public override bool IsInvalid => false;

    /// <summary>
    /// Whether the owner disposed it. The release itself may come later, when the last launch, copy or graph that holds
    /// a reference lets go, so <see cref="SafeHandle.IsClosed"/> alone would say "alive" to a user who disposed it.
    /// </summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0 || IsClosed;

    /// <summary>The address; throws <see cref="ObjectDisposedException"/> once the buffer or its context is disposed.</summary>
    public nint Address
    {
        get
        {
            if (IsDisposed)
            {
                throw new ObjectDisposedException(
                    BufferType, $"This {BufferType} ({Bytes} bytes) was disposed and can no longer be used.");
            }

            ObjectDisposedException.ThrowIf(Context.IsDisposed, Context);
            return handle;
        }
    }

    /// <summary>The address without the disposal checks, for callers that have just made them (the launch path).</summary>
    internal nint UncheckedAddress => handle;

    protected override void Dispose(bool disposing)
    {
        Interlocked.Exchange(ref _disposed, 1);
        base.Dispose(disposing);
    }

    protected override bool ReleaseHandle()
    {
        if (handle != 0)
        {
            Free(handle);
        }

        return true;
    }

    /// <summary>Frees the allocation; called once.</summary>
    protected abstract void Free(nint address);
}
