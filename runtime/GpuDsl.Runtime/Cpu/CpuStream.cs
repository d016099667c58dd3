namespace GpuDsl.Cpu;

/// <summary>
/// A stream of the CPU backend. Launches and copies run to completion on the calling thread before they return, so a
/// stream never has queued work and <see cref="Synchronize"/> only checks that the stream is still usable.
/// </summary>
internal sealed class CpuStream : GpuStream
{
    private readonly bool _isDefault;
    private volatile bool _disposed;

    public CpuStream(CpuContext context, bool isDefault)
        : base(context) => _isDefault = isDefault;

    /// <inheritdoc/>
    public override void Synchronize() => ThrowIfUnusable();

    /// <inheritdoc/>
    public override void Dispose()
    {
        if (!_isDefault)
        {
            _disposed = true;
        }
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once this stream or its context is disposed.</summary>
    public void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ObjectDisposedException.ThrowIf(Context.IsDisposed, Context);
    }

    /// <inheritdoc/>
    public override string ToString() => _isDefault ? "CPU default stream" : "CPU stream";
}
