using System.Collections.Concurrent;
using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

// CUDA graphs by stream capture. While a stream captures, what is queued on it is recorded instead of run, and CUDA
// forbids anything that would make the capture wait for real work: synchronizing, and using the legacy default stream
// that synchronous copies and stream-less launches go to (it would wait for the capturing stream). Those refuse here
// with a message saying what to do, before the driver invalidates the capture with an error that does not.
public sealed partial class CudaContext
{
    // GpuContext._activeCaptures counts captures in progress on this context, from any thread: while there are some, the
    // default stream is off limits.

    // Frees that arrived during a capture (cuMemFree and cuMemFreeHost are not allowed then), done when the last ends.
    private readonly ConcurrentQueue<(nint Address, bool Pinned)> _freesAfterCapture = new();

    /// <summary>
    /// Begins a capture on <paramref name="stream"/> in thread-local mode (calls forbidden during capture fail only on
    /// this thread, so other threads may go on using the device), runs <paramref name="work"/>, and instantiates what it
    /// recorded. If the work throws, the capture is ended and discarded and the exception propagates.
    /// </summary>
    internal override GpuGraph CaptureGraph(GpuStream stream, Action work)
    {
        EnterCall();
        nint handle = StreamHandle(stream);
        Check(cuStreamIsCapturing(handle, out CUstreamCaptureStatus status), $"Asking whether {stream} is capturing (cuStreamIsCapturing)");
        if (status != CUstreamCaptureStatus.NONE)
        {
            throw new InvalidOperationException(
                $"{stream} is already being captured into a graph, and a stream captures one graph at a time. Capture the " +
                "inner work on another stream from context.CreateStream().");
        }

        Interlocked.Increment(ref _activeCaptures);
        GraphCapture capture = GraphCapture.Begin(this);
        bool instantiated = false;
        try
        {
            Check(cuStreamBeginCapture_v2(handle, CUstreamCaptureMode.THREAD_LOCAL), $"Beginning a graph capture on {stream} (cuStreamBeginCapture)");
            nint graph = RunCapturedWork(stream, handle, work);
            CUresult result = cuGraphInstantiateWithFlags(out nint executable, graph, flags: 0);

            // The executable graph is a snapshot; the captured one is not needed once it is made.
            _ = cuGraphDestroy(graph);
            Check(result, $"Instantiating the graph captured on {stream} (cuGraphInstantiateWithFlags)");
            CudaGraph created = new(this, executable, (CudaStream)stream, capture.TakeRetained());
            instantiated = true;
            return created;
        }
        finally
        {
            capture.End();
            if (!instantiated)
            {
                capture.ReleaseRetained();
            }

            if (Interlocked.Decrement(ref _activeCaptures) == 0)
            {
                FreeDeferred();
            }
        }
    }

    /// <summary>Queues the instantiated graph <paramref name="executable"/> on <paramref name="stream"/>.</summary>
    internal void LaunchGraph(nint executable, GpuStream stream)
    {
        EnterCall();
        nint handle = WorkStreamHandle(stream, "A graph launch");
        CUresult result = cuGraphLaunch(executable, handle);
        if (result != CUresult.CUDA_SUCCESS)
        {
            throw Failure(result, $"Launching a graph on {stream} (cuGraphLaunch)");
        }

        // The graph may hold checked kernels; which ones is not worth tracking.
        if (!_checkedModules.IsEmpty)
        {
            _indexCheckPending = true;
        }

        if (s_synchronizeLaunches && !IsCapturing(handle))
        {
            if (cuStreamSynchronize(handle) is var completion and not CUresult.CUDA_SUCCESS)
            {
                throw Failure(completion, "Running a graph (GPUDSL_SYNC_LAUNCHES=1)");
            }

            ThrowIfIndexOutOfRange();
        }
    }

    /// <summary>
    /// The handle of the stream an async copy or a graph launch goes to, after checking it belongs to this context. The
    /// default stream is refused while a graph is being captured on the context.
    /// </summary>
    private nint WorkStreamHandle(GpuStream stream, string what)
    {
        nint handle = StreamHandle(stream);
        if (handle == 0 && Volatile.Read(ref _activeCaptures) != 0)
        {
            throw GraphCapture.DefaultStream(what);
        }

        return handle;
    }

    /// <summary>Refuses a synchronous copy or fill while any capture is in progress on this context.</summary>
    private void ThrowIfCapturing(string what)
    {
        if (Volatile.Read(ref _activeCaptures) != 0)
        {
            throw GraphCapture.SynchronousCopy(what);
        }
    }

    /// <summary>Refuses to wait for the device from inside the work of a capture, where CUDA forbids it.</summary>
    internal void ThrowIfCapturingOnThisThread(string what)
    {
        if (GraphCapture.IsCapturingOnThisThread(this))
        {
            throw GraphCapture.Synchronize(what);
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/>, a driver call that is not itself captured (loading a module, setting a kernel
    /// attribute), with this thread's capture mode relaxed while the thread captures a graph: thread-local capture forbids
    /// calls that may synchronize, and the first launch of a kernel inside <see cref="GpuGraph.Capture"/> must still load it.
    /// </summary>
    private TResult OutsideCapture<TState, TResult>(TState state, Func<TState, TResult> call)
    {
        if (!GraphCapture.IsAnyOnThisThread)
        {
            return call(state);
        }

        CUstreamCaptureMode mode = CUstreamCaptureMode.RELAXED;
        Check(cuThreadExchangeStreamCaptureMode(ref mode));
        try
        {
            return call(state);
        }
        finally
        {
            _ = cuThreadExchangeStreamCaptureMode(ref mode);
        }
    }

    /// <summary>Whether <paramref name="stream"/> is capturing, for skipping the GPUDSL_SYNC_LAUNCHES wait (captured work does not run).</summary>
    private static bool IsCapturing(nint stream) => cuStreamIsCapturing(stream, out CUstreamCaptureStatus status) switch
    {
        CUresult.CUDA_SUCCESS => status != CUstreamCaptureStatus.NONE,
        CUresult.CUDA_ERROR_STREAM_CAPTURE_IMPLICIT => true, // the legacy stream, while another stream captures
        _ => false,
    };

    /// <summary>What to do about an error that a capture rule caused; <see langword="null"/> for other errors.</summary>
    private static string? CaptureAdvice(CUresult result) => result switch
    {
        CUresult.CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED or CUresult.CUDA_ERROR_STREAM_CAPTURE_INVALIDATED or
        CUresult.CUDA_ERROR_STREAM_CAPTURE_IMPLICIT or CUresult.CUDA_ERROR_CAPTURED_EVENT =>
            "A call that is not allowed during a graph capture was made (and any capture it broke is invalidated). Inside " +
            "GpuGraph.Capture, allocate nothing, do not synchronize, and give every launch and copy the capture stream, " +
            "using the async copies and a PinnedBuffer<T> for host data.",
        CUresult.CUDA_ERROR_STREAM_CAPTURE_UNJOINED or CUresult.CUDA_ERROR_STREAM_CAPTURE_ISOLATION or
        CUresult.CUDA_ERROR_STREAM_CAPTURE_MERGE or CUresult.CUDA_ERROR_STREAM_CAPTURE_UNMATCHED =>
            "Work the capture forked onto other streams (through events) must be joined back to the capture stream before " +
            "the captured work returns.",
        CUresult.CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD =>
            "A capture must end on the thread that began it: keep the work given to GpuGraph.Capture synchronous.",
        _ => null,
    };

    /// <summary>Runs the work being captured; if it throws, ends the capture and discards what it recorded.</summary>
    private nint RunCapturedWork(GpuStream stream, nint handle, Action work)
    {
        try
        {
            work();
        }
        catch
        {
            MakeCurrentQuietly();
            if (cuStreamEndCapture(handle, out nint discarded) == CUresult.CUDA_SUCCESS && discarded != 0)
            {
                _ = cuGraphDestroy(discarded);
            }

            throw;
        }

        MakeCurrentQuietly();
        CUresult ended = cuStreamEndCapture(handle, out nint graph);
        if (ended != CUresult.CUDA_SUCCESS)
        {
            if (graph != 0)
            {
                _ = cuGraphDestroy(graph);
            }

            throw Failure(ended, $"Ending the graph capture on {stream} (cuStreamEndCapture)");
        }

        return graph;
    }

    /// <summary>
    /// Makes this context current again without throwing, so the capture can be ended whatever the work did: it may have
    /// used another context on this thread, or hit a fault that makes <see cref="EnterCall"/> refuse.
    /// </summary>
    private void MakeCurrentQuietly()
    {
        if (!ReferenceEquals(t_current, this) && cuCtxSetCurrent(_context) == CUresult.CUDA_SUCCESS)
        {
            t_current = this;
        }
    }

    /// <summary>Holds a free back while a capture is in progress; true when it was held.</summary>
    private bool DeferFreeDuringCapture(nint address, bool pinned)
    {
        if (Volatile.Read(ref _activeCaptures) == 0)
        {
            return false;
        }

        _freesAfterCapture.Enqueue((address, pinned));

        // The last capture may have ended between the check and the enqueue, after it emptied the queue.
        if (Volatile.Read(ref _activeCaptures) == 0)
        {
            FreeDeferred();
        }

        return true;
    }

    private void FreeDeferred()
    {
        while (Volatile.Read(ref _activeCaptures) == 0 && _freesAfterCapture.TryDequeue(out (nint Address, bool Pinned) free))
        {
            if (free.Pinned)
            {
                ReleaseIfAlive(free.Address, static a => cuMemFreeHost(a));
            }
            else
            {
                ReleaseIfAlive(free.Address, static a => cuMemFree_v2(a));
            }
        }
    }
}
