using GpuDsl;
using Samples;

namespace Compare.Measurements;

/// <summary>Device-side timing of one context's work as a <see cref="Timing"/>: see <see cref="EventTiming"/>.</summary>
/// <param name="gpu">The context whose events time the work.</param>
public sealed class GpuTiming(GpuContext gpu)
{
    /// <summary>
    /// Runs <paramref name="work"/> once to warm up, then <paramref name="repeats"/> times between two events recorded on
    /// <paramref name="stream"/>, and returns the median (<see cref="EventTiming.MedianMilliseconds"/>).
    /// </summary>
    /// <param name="work">Queues one run on <paramref name="stream"/>.</param>
    /// <param name="repeats">The timed runs.</param>
    /// <param name="stream">The stream the work is queued on; the default stream when null.</param>
    public Timing Median(Action work, int repeats, GpuStream? stream = null) =>
        new(EventTiming.MedianMilliseconds(gpu, work, repeats, stream), repeats);
}
