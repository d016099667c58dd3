using System.Diagnostics;

namespace Compare.Measurements;

/// <summary>Wall-clock timing of CPU work: a warm-up, then the median of several samples.</summary>
public static class CpuTiming
{
    /// <summary>A run predicted to take longer than this is timed once, without a warm-up.</summary>
    public const double SingleRunMilliseconds = 1000;

    /// <summary>
    /// Times <paramref name="work"/>. A warm-up call first (the JIT, page faults and caches) measures one call; calls are
    /// then batched so that each sample lasts at least a millisecond, and the median of 7 samples (3 when a call takes
    /// over 100 ms) is returned per call. A run predicted or measured to take over a second is timed once: compilation
    /// is noise at that length, and repeating it would only spend the time budget.
    /// </summary>
    /// <param name="work">One run of the computation.</param>
    /// <param name="predictedMilliseconds">The expected time of one run, if known.</param>
    public static Timing Measure(Action work, double? predictedMilliseconds)
    {
        Stopwatch clock = Stopwatch.StartNew();
        work();
        double first = clock.Elapsed.TotalMilliseconds;
        if (predictedMilliseconds > SingleRunMilliseconds || first > SingleRunMilliseconds)
        {
            return new Timing(first, 1);
        }

        int calls = Math.Max(1, (int)Math.Ceiling(1.0 / Math.Max(first, 1e-6)));
        int samples = first > 100 ? 3 : 7;
        double[] times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            clock.Restart();
            for (int c = 0; c < calls; c++)
            {
                work();
            }

            times[s] = clock.Elapsed.TotalMilliseconds / calls;
        }

        Array.Sort(times);
        return new Timing(times[samples / 2], samples);
    }
}
