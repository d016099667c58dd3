namespace GpuDsl.Cpu;

/// <summary>
/// A graph on the CPU backend: launches run synchronously, so replaying the captured work is the graph. While it
/// replays, the rules of a CUDA capture are checked (no synchronous copies, no launches on the default stream), so that
/// code tested on the CPU behaves the same on a GPU.
/// </summary>
internal sealed class CpuGraph : GpuGraph
{
    // The context whose graph this thread is replaying, innermost first; null when none.
    [ThreadStatic] private static CpuContext? t_replaying;

    private readonly CpuContext _context;
    private readonly CpuStream _captureStream;
    private readonly Action _work;
    private volatile bool _disposed;

    public CpuGraph(CpuContext context, CpuStream captureStream, Action work)
        : base(context)
    {
        _context = context;
        _captureStream = captureStream;
        _work = work;
    }

    /// <summary>Whether this thread is replaying a graph of <paramref name="context"/>.</summary>
    public static bool IsReplaying(CpuContext context) => ReferenceEquals(t_replaying, context);

    /// <inheritdoc/>
    public override void Launch(GpuStream? stream = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ObjectDisposedException.ThrowIf(_context.IsDisposed, _context);
        if (stream is not null && (stream is not CpuStream || !ReferenceEquals(stream.Context, _context)))
        {
            throw new ArgumentException("The stream belongs to another GpuContext than the graph.", nameof(stream));
        }

        ((CpuStream?)stream ?? _captureStream).ThrowIfUnusable();
        CpuContext? outer = t_replaying;
        t_replaying = _context;
        try
        {
            _work();
        }
        finally
        {
            t_replaying = outer;
        }
    }

    /// <inheritdoc/>
    public override void Dispose() => _disposed = true;

    /// <inheritdoc/>
    public override string ToString() => $"graph captured on {_captureStream}";
}
