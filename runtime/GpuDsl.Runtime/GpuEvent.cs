namespace GpuDsl;

/// <summary>
/// A marker recorded on a stream (a CUDA event): wait for it, or time the GPU work between two of them.
/// </summary>
/// <example>
/// <code>
/// start.Record(); VectorKernels.Launch(blocks, threads).Add(a, b, c); stop.Record(); stop.Synchronize();
/// float ms = stop.ElapsedMillisecondsSince(start);
/// </code>
/// </example>
public abstract class GpuEvent : IDisposable
{
    private protected GpuEvent(GpuContext context) => Context = context;

    /// <summary>The context this event belongs to.</summary>
    public GpuContext Context { get; }

    /// <summary>Records the event on <paramref name="stream"/> (the default stream when <see langword="null"/>).</summary>
    public abstract void Record(GpuStream? stream = null);

    /// <summary>Waits until the work before the recorded event has finished.</summary>
    public abstract void Synchronize();

    /// <summary>Milliseconds of device time from <paramref name="start"/> to this event; both must have completed.</summary>
    public abstract float ElapsedMillisecondsSince(GpuEvent start);

    /// <summary>Releases the event.</summary>
    public abstract void Dispose();
}
