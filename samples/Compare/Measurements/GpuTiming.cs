using GpuDsl;

namespace Compare.Measurements;

/// <summary>Device-side timing with a pair of events: a warm-up run, then the median of several.</summary>
/// <param name="gpu">The context whose events time the work.</param>
public sealed class GpuTiming(GpuContext gpu) : IDisposable
{
    private readonly GpuEvent _start = gpu.CreateEvent(), _stop = gpu.CreateEvent();

    /// <summary>
    /// Runs <paramref name="work"/> once to warm up (the first launch of a kernel loads its module), then
    /// <paramref name="repeats"/> times between two events recorded on <paramref name="stream"/>, and returns the median.
    /// On the CPU backend the events are wall-clock timestamps.
    /// </summary>
    /// <param name="work">Queues one run on <paramref name="stream"/>.</param>
    /// <param name="repeats">The timed runs.</param>
    /// <param name="stream">The stream the work is queued on; the default stream when null.</param>
    public Timing Median(Action work, int repeats, GpuStream? stream = null)
    {
        work();
        gpu.Synchronize();
        double[] times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            _start.Record(stream);
            work();
            _stop.Record(stream);
            _stop.Synchronize();
            times[r] = _stop.ElapsedMillisecondsSince(_start);
        }

        Array.Sort(times);
        return new Timing(times[repeats / 2], repeats);
    }

    /// <summary>Releases the events.</summary>
    public void Dispose()
    {
        _start.Dispose();
        _stop.Dispose();
    }
}
