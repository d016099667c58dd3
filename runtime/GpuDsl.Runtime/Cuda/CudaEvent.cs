using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

/// <summary>A CUDA event, created with timing enabled.</summary>
internal sealed class CudaEvent : GpuEvent
{
    private readonly CudaContext _context;
    private readonly nint _handle;
    private int _disposed;
    private volatile bool _recorded;

    internal CudaEvent(CudaContext context, nint handle)
        : base(context)
    {
        _context = context;
        _handle = handle;
    }

    private nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _handle;
        }
    }

    /// <inheritdoc/>
    public override void Record(GpuStream? stream = null)
    {
        _context.EnterCall();
        nint streamHandle = stream is null ? 0 : _context.StreamHandle(stream);
        _context.Check(cuEventRecord(Handle, streamHandle));
        _recorded = true;
    }

    /// <inheritdoc/>
    public override void Synchronize()
    {
        _context.EnterCall();
        _context.ThrowIfCapturingOnThisThread("GpuEvent.Synchronize");
        _context.Check(cuEventSynchronize(Handle));
        _context.ThrowIfIndexOutOfRange();
    }

    /// <inheritdoc/>
    public override float ElapsedMillisecondsSince(GpuEvent start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start is not CudaEvent begin || !ReferenceEquals(begin._context, _context))
        {
            throw new ArgumentException("The start event belongs to another GpuContext.", nameof(start));
        }

        if (!_recorded || !begin._recorded)
        {
            throw new InvalidOperationException(
                "Both events must be recorded before the time between them can be measured: call Record() on each.");
        }

        _context.EnterCall();
        CUresult result = cuEventElapsedTime(out float milliseconds, begin.Handle, Handle);
        if (result == CUresult.CUDA_ERROR_NOT_READY)
        {
            throw new InvalidOperationException(
                "The work before the events has not finished yet: call Synchronize() on the later event first.");
        }

        _context.Check(result);
        return milliseconds;
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _context.ReleaseIfAlive(_handle, static e => cuEventDestroy_v2(e));
        }
    }
}
