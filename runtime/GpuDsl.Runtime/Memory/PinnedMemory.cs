using System.Runtime.InteropServices;

namespace GpuDsl;

/// <summary>
/// Owns one pinned host allocation, as <see cref="DeviceMemory"/> owns a device one: a <see cref="SafeHandle"/>, so a
/// captured graph can keep it alive, double disposal is harmless, and a forgotten buffer is freed by the finalizer.
/// </summary>
internal sealed class PinnedMemory : SafeHandle
{
    public PinnedMemory(GpuContext context, long bytes, string elementType)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        Context = context;
        Bytes = bytes;
        ElementType = elementType;
        if (bytes > 0)
        {
            SetHandle(context.AllocatePinnedMemory(bytes));
            GC.AddMemoryPressure(bytes);
        }
    }

    public GpuContext Context { get; }

    public long Bytes { get; }

    /// <summary>The C# element type, for messages.</summary>
    public string ElementType { get; }

    public override bool IsInvalid => false;

    /// <summary>
    /// Whether the owner disposed it. The release itself may come later, when the last launch, copy or graph that holds
    /// a reference lets go, so <see cref="SafeHandle.IsClosed"/> alone would say "alive" to a user who disposed it.
    /// </summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0 || IsClosed;

    private int _disposed;

    protected override void Dispose(bool disposing)
    {
        Interlocked.Exchange(ref _disposed, 1);
        base.Dispose(disposing);
    }

    /// <summary>The host address; throws <see cref="ObjectDisposedException"/> once the buffer or its context is disposed.</summary>
    public nint Address
    {
        get
        {
            if (IsDisposed)
            {
                throw new ObjectDisposedException(
                    $"PinnedBuffer<{ElementType}>",
                    $"This PinnedBuffer<{ElementType}> ({Bytes} bytes) was disposed and can no longer be used.");
            }

            ObjectDisposedException.ThrowIf(Context.IsDisposed, Context);
            return handle;
        }
    }

    /// <summary>Frees through the context, which ignores the call once a CUDA context is gone (the memory went with it).</summary>
    protected override bool ReleaseHandle()
    {
        if (handle != 0)
        {
            Context.FreePinnedMemory(handle);
            GC.RemoveMemoryPressure(Bytes);
        }

        return true;
    }
}
