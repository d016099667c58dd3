namespace GpuDsl;

/// <summary>
/// A recorded sequence of launches and copies that replays as one unit (a CUDA graph): capture a training step once,
/// then <see cref="Launch"/> it every step for the cost of one launch instead of one per kernel.
/// </summary>
/// <remarks>
/// <para>
/// Everything the captured work does is fixed at capture: the same kernels, buffers and scalar arguments. Values that
/// change from one replay to the next (a step counter, a batch offset) belong in device memory that a captured kernel
/// reads or updates, or in a <see cref="PinnedBuffer{T}"/> that a captured <c>CopyFromAsync</c> uploads.
/// </para>
/// <para>
/// Inside the work, launches and copies must name the capture stream: the default stream cannot take part in a capture,
/// so synchronous copies (<c>CopyFrom</c>, <c>CopyTo</c>, <c>Clear</c>, <c>ToArray</c>) and launches without a stream
/// throw <see cref="InvalidOperationException"/>; use their <c>Async</c> forms with the stream. The buffers the captured
/// work uses are kept alive by the graph until it is disposed. On the CPU backend a graph replays the captured delegate,
/// and the same rules are checked when it does.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using GpuStream stream = gpu.CreateStream();
/// using GpuGraph step = GpuGraph.Capture(stream, () => { Kernels.Launch(blocks, threads, 0, stream).Step(x, y); });
/// for (int i = 0; i &lt; steps; i++) step.Launch(stream);
/// </code>
/// </example>
public abstract class GpuGraph : IDisposable
{
    private protected GpuGraph(GpuContext context) => Context = context;

    /// <summary>The context the graph runs on.</summary>
    public GpuContext Context { get; }

    /// <summary>
    /// Records what <paramref name="work"/> submits to <paramref name="stream"/> (launches and async copies that name the
    /// stream) without running it, and returns it as a graph ready to launch. If <paramref name="work"/> throws, the
    /// capture is discarded, the stream is left as it was, and the exception propagates.
    /// </summary>
    /// <param name="stream">A stream from <see cref="GpuContext.CreateStream"/>; not the default stream.</param>
    /// <param name="work">Submits the work to record; it runs once, on the calling thread.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is the context's default stream.</exception>
    /// <exception cref="InvalidOperationException">The work made a synchronous copy, launched on the default stream,
    /// or waited for the device; or <paramref name="stream"/> is already being captured.</exception>
    /// <exception cref="NotSupportedException">The backend has no graphs.</exception>
    public static GpuGraph Capture(GpuStream stream, Action work)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(work);
        GpuContext context = stream.Context;
        ObjectDisposedException.ThrowIf(context.IsDisposed, context);
        if (ReferenceEquals(stream, context.DefaultStream))
        {
            throw new ArgumentException(
                "The default stream cannot be captured into a graph. Create a stream with context.CreateStream(), capture " +
                "on it, and give every launch and copy in the work that stream.", nameof(stream));
        }

        return context.CaptureGraph(stream, work);
    }

    /// <summary>
    /// Runs the whole graph on <paramref name="stream"/> (the capture stream when <see langword="null"/>), ordered after
    /// the work already queued there. Like a launch, it returns before the work has run.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The graph, the stream or the context is disposed.</exception>
    public abstract void Launch(GpuStream? stream = null);

    /// <summary>
    /// Releases the graph and its hold on the buffers the captured work uses. Calling it again, or after the context is
    /// disposed, does nothing.
    /// </summary>
    public abstract void Dispose();
}
