using System.Runtime.InteropServices;

namespace GpuDsl;

/// <summary>
/// Owns one device allocation. A <see cref="SafeHandle"/>, so a launch or copy in flight keeps it alive, double disposal
/// is harmless, and a forgotten buffer is freed by the finalizer, which the context turns into a no-op once it is gone.
/// </summary>
internal sealed class DeviceMemory : SafeHandle
{
    public DeviceMemory(GpuContext context, long bytes, string elementType)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        Context = context;
        Bytes = bytes;
        ElementType = elementType;
        SetHandle(bytes == 0 ? 0 : context.AllocateMemory(bytes));
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

    /// <summary>The device address; throws <see cref="ObjectDisposedException"/> once the buffer is disposed.</summary>
    public nint Address
    {
        get
        {
            if (IsDisposed)
            {
                ThrowDisposed();
            }

            ObjectDisposedException.ThrowIf(Context.IsDisposed, Context);
            return handle;
        }
    }

    protected override bool ReleaseHandle()
    {
        if (handle != 0 && !Context.IsDisposed)
        {
            Context.FreeMemory(handle);
        }

        return true;
    }

    private void ThrowDisposed() => throw new ObjectDisposedException(
        $"DeviceBuffer<{ElementType}>", $"This DeviceBuffer<{ElementType}> ({Bytes} bytes) was disposed and can no longer be used.");
}
