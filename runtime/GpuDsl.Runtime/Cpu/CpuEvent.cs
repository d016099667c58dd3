using System.Diagnostics;

namespace GpuDsl.Cpu;

/// <summary>
/// An event of the CPU backend: <see cref="Record"/> takes a <see cref="Stopwatch"/> timestamp. Work on the CPU backend
/// has finished by the time its launch or copy returns, so the timestamp marks the end of everything recorded before.
/// </summary>
internal sealed class CpuEvent : GpuEvent
{
    private const long NotRecorded = long.MinValue;

    private long _timestamp = NotRecorded;
    private volatile bool _disposed;

    public CpuEvent(CpuContext context)
        : base(context)
    {
    }

    /// <inheritdoc/>
    public override void Record(GpuStream? stream = null)
    {
        ThrowIfUnusable();
        if (stream is not null)
        {
            if (!ReferenceEquals(stream.Context, Context))
            {
                throw new ArgumentException("The stream belongs to another GpuContext than the event.", nameof(stream));
            }

            ((CpuStream)stream).ThrowIfUnusable();
        }

        Volatile.Write(ref _timestamp, Stopwatch.GetTimestamp());
    }

    /// <inheritdoc/>
    public override void Synchronize() => ThrowIfUnusable();

    /// <inheritdoc/>
    public override float ElapsedMillisecondsSince(GpuEvent start)
    {
        ArgumentNullException.ThrowIfNull(start);
        ThrowIfUnusable();
        if (start is not CpuEvent cpuStart || !ReferenceEquals(start.Context, Context))
        {
            throw new ArgumentException("The start event belongs to another GpuContext.", nameof(start));
        }

        cpuStart.ThrowIfUnusable();
        long from = Volatile.Read(ref cpuStart._timestamp);
        long to = Volatile.Read(ref _timestamp);
        if (from == NotRecorded || to == NotRecorded)
        {
            string which = from == NotRecorded && to == NotRecorded ? "Neither event has"
                : from == NotRecorded ? "The start event has not" : "This event has not";
            throw new InvalidOperationException(
                $"{which} been recorded; call Record() on both events before asking for the time between them.");
        }

        return (float)Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
    }

    /// <inheritdoc/>
    public override void Dispose() => _disposed = true;

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ObjectDisposedException.ThrowIf(Context.IsDisposed, Context);
    }
}
