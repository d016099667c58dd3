namespace GpuDsl;

/// <summary>
/// An ordered queue of launches and copies on one context (a CUDA stream). Work on different streams may overlap.
/// Pass it as the fourth part of a launch configuration: <c>Launch(blocks, threads, sharedBytes, stream)</c>.
/// </summary>
public abstract class GpuStream : IDisposable
{
    private protected GpuStream(GpuContext context) => Context = context;

    /// <summary>The context this stream belongs to.</summary>
    public GpuContext Context { get; }

    /// <summary>Waits until all work queued on this stream has finished.</summary>
    public abstract void Synchronize();

    /// <summary>Releases the stream; a context's default stream ignores this.</summary>
    public abstract void Dispose();
}
