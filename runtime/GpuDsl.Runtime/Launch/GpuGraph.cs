namespace GpuDsl;

/// <summary>
/// A recorded sequence of launches and copies that replays as one unit (a CUDA graph): capture a training step once,
/// then <see cref="Launch"/> it every step for the cost of one launch instead of one per kernel.
/// </summary>
/// <remarks>
/// Everything the captured work does is fixed at capture: the same kernels, buffers and scalar arguments. Values that
/// change from one replay to the next (a step counter, a batch offset) belong in device memory that a captured kernel
/// reads or updates. On the CPU backend a graph replays the captured delegate.
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
    /// Records what <paramref name="work"/> submits to <paramref name="stream"/> (launches and copies that name the stream)
    /// without running it, and returns it as a graph ready to launch. The stream must not be the default stream.
    /// </summary>
    public static GpuGraph Capture(GpuStream stream, Action work)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(work);
        return stream.Context.CaptureGraph(stream, work);
    }

    /// <summary>Runs the whole graph on <paramref name="stream"/> (the capture stream when <see langword="null"/>).</summary>
    public abstract void Launch(GpuStream? stream = null);

    /// <summary>Releases the graph.</summary>
    public abstract void Dispose();
}
