using System.Diagnostics;
using GpuDsl;
using Mlp.Kernels;

namespace Mlp.Training;

/// <summary>How many times the profiler runs things, and how it times each kernel.</summary>
/// <param name="WarmupSteps">Whole steps run first: they compile and load the kernels, capture the graph, and warm caches and clocks.</param>
/// <param name="MinimumWarmup">Warm-up goes on after <paramref name="WarmupSteps"/> for this much longer: on the CPU
/// backend the kernels start as the JIT's first, slow code and are recompiled optimized in the background.</param>
/// <param name="WarmupLaunches">Untimed launches of each kernel just before its timed ones (when timed alone).</param>
/// <param name="Repetitions">Timed launches of each kernel, and replays of the whole step.</param>
/// <param name="KernelsInSequence">Time each kernel where it runs in a step of separate launches, between events
/// recorded around every launch, rather than alone and repeated: the kernels then add up to that step.</param>
public sealed record ProfileSettings(
    int WarmupSteps, TimeSpan MinimumWarmup, int WarmupLaunches, int Repetitions, bool KernelsInSequence)
{
    /// <summary>
    /// On a GPU, stable medians of each kernel alone (300 warm-up steps, 200 timed launches). On the CPU backend, where
    /// a step takes tens of milliseconds and events are timestamps taken between synchronous launches, each kernel in
    /// sequence over 5 steps, after 3 warm-up steps and a second more of them.
    /// </summary>
    public static ProfileSettings For(GpuBackend backend) => backend == GpuBackend.Cuda
        ? new(WarmupSteps: 300, MinimumWarmup: TimeSpan.Zero, WarmupLaunches: 20, Repetitions: 200, KernelsInSequence: false)
        : new(WarmupSteps: 3, MinimumWarmup: TimeSpan.FromSeconds(1), WarmupLaunches: 0, Repetitions: 5, KernelsInSequence: true);

    /// <summary>What a kernel's figure is, for the report: <c>Each kernel alone, median of 200 launches</c>.</summary>
    public string KernelFigure => KernelsInSequence
        ? FormattableString.Invariant($"Each kernel timed inside steps of separate launches, median of {Repetitions}")
        : FormattableString.Invariant($"Each kernel alone, median of {Repetitions} launches");
}

/// <summary>One launch of the step, timed (see <see cref="ProfileSettings.KernelFigure"/>).</summary>
/// <param name="Launch">The launch.</param>
/// <param name="MedianMicroseconds">The median over the repetitions of the time between events recorded just before and after it.</param>
public sealed record KernelTiming(PlannedLaunch Launch, double MedianMicroseconds);

/// <summary>Where the time of one training step goes.</summary>
/// <param name="Rows">Rows of the profiled batch.</param>
/// <param name="Kernels">Every launch of the step, in order, each timed alone.</param>
/// <param name="StepMicroseconds">The whole step as training runs it (graph replays, or the kernels one by one), back to back: time per step.</param>
/// <param name="Graphs">Whether the step is replayed as a captured graph.</param>
/// <param name="StepsPerEpoch">Steps in an epoch of the training split, to turn <paramref name="StepMicroseconds"/> into an epoch time.</param>
/// <param name="Settings">How many times things ran.</param>
/// <param name="WarmupSteps">The whole steps run before any timing: at least <see cref="ProfileSettings.WarmupSteps"/>.</param>
public sealed record StepProfile(
    int Rows, IReadOnlyList<KernelTiming> Kernels, double StepMicroseconds, bool Graphs, int StepsPerEpoch, ProfileSettings Settings,
    int WarmupSteps)
{
    /// <summary>The kernels' medians added up: the step without what separates its launches.</summary>
    public double KernelMicroseconds => Kernels.Sum(k => k.MedianMicroseconds);

    /// <summary>An epoch at <paramref name="StepMicroseconds"/> per step, in milliseconds.</summary>
    public double EpochMilliseconds => StepMicroseconds * StepsPerEpoch / 1000;
}

/// <summary>
/// Times each kernel of a <see cref="TrainingStep"/> on its own with events (median over repetitions, after warm-up),
/// then the whole step replayed back to back as training replays it. The kernels run on real batches of the epoch's
/// order; a kernel repeated on its own (the optimizer, say) changes the parameters as often as it runs, so profile a
/// network that is not going to be kept.
/// </summary>
public static class StepProfiler
{
    /// <summary>Profiles steps of <paramref name="rows"/> rows taken from <paramref name="order"/>.</summary>
    /// <param name="step">The step; its stream is <paramref name="stream"/>.</param>
    /// <param name="stream">The step's stream, on which the events are recorded.</param>
    /// <param name="order">Sample indices to take batches from; at least <paramref name="rows"/> of them.</param>
    /// <param name="rows">Rows per batch.</param>
    /// <param name="stepsPerEpoch">Steps in an epoch, for <see cref="StepProfile.EpochMilliseconds"/>.</param>
    /// <param name="settings">How many times to run things.</param>
    /// <param name="graphs">Whether <paramref name="step"/> replays graphs, for the report.</param>
    public static StepProfile Measure(
        TrainingStep step, GpuStream stream, int[] order, int rows, int stepsPerEpoch, ProfileSettings settings, bool graphs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order.Length, rows);
        BatchCursor cursor = new(step, order, rows);
        GpuContext gpu = stream.Context;
        using GpuEvent start = gpu.CreateEvent(), stop = gpu.CreateEvent();

        int warmupSteps = WarmUp(step, stream, cursor, rows, settings);
        IReadOnlyList<PlannedLaunch> launches = step.Launches(rows);
        List<KernelTiming> kernels = settings.KernelsInSequence
            ? TimeInSequence(launches, stream, cursor, settings.Repetitions)
            : [.. launches.Select(launch => new KernelTiming(launch, Median(TimeAlone(launch, stream, cursor, settings))))];

        // Back to back, as the trainer queues them: what a step costs in an epoch, launch overheads included.
        double[] rounds = new double[3];
        for (int round = 0; round < rounds.Length; round++)
        {
            cursor.Rewind();
            int replays = Math.Min(settings.Repetitions, cursor.Available);
            start.Record(stream);
            for (int i = 0; i < replays; i++) step.Run(rows);
            stop.Record(stream);
            stop.Synchronize();
            rounds[round] = stop.ElapsedMillisecondsSince(start) * 1000.0 / replays;
        }

        step.TakeLossSum();
        return new StepProfile(rows, kernels, Median(rounds), graphs, stepsPerEpoch, settings, warmupSteps);
    }

    /// <summary>
    /// Runs the settings' whole steps (the first compiles the kernels and captures the graph), then more until their
    /// minimum time has passed since; returns how many ran.
    /// </summary>
    private static int WarmUp(TrainingStep step, GpuStream stream, BatchCursor cursor, int rows, ProfileSettings settings)
    {
        cursor.Rewind();
        int steps = 0;
        for (; steps < settings.WarmupSteps; steps++)
        {
            cursor.Take();
            step.Run(rows);
        }

        stream.Synchronize();
        Stopwatch clock = Stopwatch.StartNew();
        for (; clock.Elapsed < settings.MinimumWarmup; steps++)
        {
            cursor.Take();
            step.Run(rows);
            stream.Synchronize(); // so that the clock sees the work, not its queueing
        }

        return steps;
    }

    /// <summary>Each repetition launches <paramref name="launch"/> alone between two events, after untimed launches.</summary>
    private static double[] TimeAlone(PlannedLaunch launch, GpuStream stream, BatchCursor cursor, ProfileSettings settings)
    {
        using GpuEvent start = stream.Context.CreateEvent(), stop = stream.Context.CreateEvent();
        cursor.Rewind();
        for (int i = 0; i < settings.WarmupLaunches; i++)
        {
            cursor.Take();
            launch.Enqueue(stream);
        }

        double[] times = new double[settings.Repetitions];
        for (int i = 0; i < times.Length; i++)
        {
            cursor.Take();
            start.Record(stream);
            launch.Enqueue(stream);
            stop.Record(stream);
            stop.Synchronize();
            times[i] = stop.ElapsedMillisecondsSince(start) * 1000.0;
        }

        return times;
    }

    /// <summary>
    /// Runs <paramref name="repetitions"/> steps of separate launches with an event between every two launches; each
    /// kernel's figure is the median of its time in those steps, so the figures add up to such a step.
    /// </summary>
    private static List<KernelTiming> TimeInSequence(
        IReadOnlyList<PlannedLaunch> launches, GpuStream stream, BatchCursor cursor, int repetitions)
    {
        GpuEvent[] marks = [.. Enumerable.Range(0, launches.Count + 1).Select(_ => stream.Context.CreateEvent())];
        try
        {
            double[][] times = [.. launches.Select(_ => new double[repetitions])];
            cursor.Rewind();
            for (int r = 0; r < repetitions; r++)
            {
                cursor.Take();
                marks[0].Record(stream);
                for (int k = 0; k < launches.Count; k++)
                {
                    launches[k].Enqueue(stream);
                    marks[k + 1].Record(stream);
                }

                marks[^1].Synchronize();
                for (int k = 0; k < launches.Count; k++) times[k][r] = marks[k + 1].ElapsedMillisecondsSince(marks[k]) * 1000.0;
            }

            return [.. launches.Select((launch, k) => new KernelTiming(launch, Median(times[k])))];
        }
        finally
        {
            foreach (GpuEvent mark in marks) mark.Dispose();
        }
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// Keeps the step's batch offset inside the order: every launch counts as one step taken (only the step's last
    /// kernel moves the offset on, so this is conservative), and the order starts over before it would run out.
    /// </summary>
    private sealed class BatchCursor(TrainingStep step, int[] order, int rows)
    {
        private int _taken;

        /// <summary>Whole batches from the start of the order.</summary>
        public int Available { get; } = order.Length / rows;

        /// <summary>Moves the batch offset back to the start of the order (waits for queued work).</summary>
        public void Rewind()
        {
            step.BeginEpoch(order);
            _taken = 0;
        }

        /// <summary>Counts one more step, rewinding first when the order has no batch left.</summary>
        public void Take()
        {
            if (_taken == Available) Rewind();
            _taken++;
        }
    }
}
