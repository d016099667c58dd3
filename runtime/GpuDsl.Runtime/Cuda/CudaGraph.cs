using System.Runtime.InteropServices;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

/// <summary>
/// An instantiated CUDA graph (a <c>CUgraphExec</c>) and the memory its captured work uses, which it keeps alive until
/// it is disposed or finalized: a replay writes to the addresses captured, freed or not.
/// </summary>
internal sealed class CudaGraph : GpuGraph
{
    private readonly CudaContext _context;
    private readonly nint _executable;
    private readonly CudaStream _captureStream;
    private readonly SafeHandle[] _retained;
    private int _disposed;

    internal CudaGraph(CudaContext context, nint executable, CudaStream captureStream, SafeHandle[] retained)
        : base(context)
    {
        _context = context;
        _executable = executable;
        _captureStream = captureStream;
        _retained = retained;
    }

    /// <summary>Releases a graph that was never disposed, and with it the buffers it kept alive.</summary>
    ~CudaGraph() => Release();

    /// <inheritdoc/>
    public override void Launch(GpuStream? stream = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _context.LaunchGraph(_executable, stream ?? _captureStream);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"graph captured on {_captureStream}";

    /// <summary>
    /// Destroys the executable graph (CUDA frees it once any replay in flight has finished), then lets go of the memory,
    /// freeing what was disposed meanwhile. Once the context is released there is nothing left to destroy.
    /// </summary>
    private void Release()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _context.ReleaseIfAlive(_executable, static e => cuGraphExecDestroy(e));
            GraphCapture.Release(_retained);
        }
    }
}
