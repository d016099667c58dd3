using GpuDsl;

namespace Samples;

/// <summary>How the samples time GPU work: CUDA events around each run, after a warm-up, and the median.</summary>
internal static class EventTiming
{
    /// <summary>
    /// Runs <paramref name="work"/> once to warm up (the first launch of a kernel loads its module), then
    /// <paramref name="repeats"/> times between two events recorded on <paramref name="stream"/>, and returns the median
    /// in milliseconds. On the CPU backend the events are wall-clock timestamps.
    /// </summary>
    /// <param name="gpu">The context whose events time the work.</param>
    /// <param name="work">Queues one run on <paramref name="stream"/>.</param>
    /// <param name="repeats">The timed runs.</param>
    /// <param name="stream">The stream the work is queued on; the default stream when null.</param>
    public static double MedianMilliseconds(GpuContext gpu, Action work, int repeats, GpuStream? stream = null)
    {
        work();
        gpu.Synchronize();
        using GpuEvent start = gpu.CreateEvent(), stop = gpu.CreateEvent();
        double[] times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            start.Record(stream);
            work();
            stop.Record(stream);
            stop.Synchronize();
            times[r] = stop.ElapsedMillisecondsSince(start);
        }

        Array.Sort(times);
        return times[repeats / 2];
    }
}
