using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

/// <summary>
/// A CUDA stream. Created streams are blocking streams, so they stay ordered with the legacy default stream that
/// copies use; the context's default stream wraps that null stream and ignores <see cref="Dispose"/>.
/// </summary>
internal sealed class CudaStream : GpuStream
{
    private readonly CudaContext _context;
    private readonly nint _handle;
    private readonly bool _isDefault;
    private int _disposed;

    internal CudaStream(CudaContext context, nint handle, bool isDefault)
        : base(context)
    {
        _context = context;
        _handle = handle;
        _isDefault = isDefault;
    }

    /// <summary>The <c>CUstream</c> (zero for the default stream); throws once the stream is disposed.</summary>
    internal nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _handle;
        }
    }

    /// <inheritdoc/>
    public override void Synchronize()
    {
        _context.EnterCall();
        _context.ThrowIfCapturingOnThisThread("GpuStream.Synchronize");
        _context.Check(cuStreamSynchronize(Handle));
        _context.ThrowIfIndexOutOfRange();
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        if (!_isDefault && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _context.ReleaseIfAlive(_handle, static s => cuStreamDestroy_v2(s));
        }
    }

    /// <inheritdoc/>
    public override string ToString() => _isDefault ? $"default stream of {_context}" : $"stream 0x{_handle:x} of {_context}";
}
