using GpuDsl;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Reporting;

namespace Mlp.Training;

/// <summary>
/// The host side of training: shuffles each epoch, replays the <see cref="TrainingStep"/> once per mini-batch, reads
/// the running loss back every <see cref="TrainingOptions.LossInterval"/> batches, and times the epoch with events.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly GpuStream _stream;
    private readonly DeviceSplit _data;
    private readonly TrainingOptions _options;
    private readonly SgdOptimizer _optimizer;
    private readonly TrainingStep _step;
    private readonly GpuEvent _start;
    private readonly GpuEvent _stop;
    private readonly Random _shuffle;
    private readonly int[] _order;
    private readonly Communicator? _communicator;
    private readonly Func<double, double> _meanOverRanks;

    /// <summary>Prepares to train <paramref name="network"/> on <paramref name="data"/>; the network is not touched yet.</summary>
    /// <param name="gpu">The device.</param>
    /// <param name="network">The network to train.</param>
    /// <param name="data">The training split, on the device.</param>
    /// <param name="options">The recipe; its batch size is the global batch, over every rank.</param>
    /// <param name="communicator">For data-parallel training, this rank's communicator: each step takes this rank's
    /// slice of every batch (<see cref="RankOrder"/>) and averages the gradients over the ranks.</param>
    /// <param name="meanOverRanks">For data-parallel training, the mean of a value over the ranks (each rank calls it
    /// with its own at the same point); it makes the reported loss the global batch's.</param>
    public Trainer(
        GpuContext gpu, Network network, DeviceSplit data, TrainingOptions options, Communicator? communicator = null,
        Func<double, double>? meanOverRanks = null)
    {
        _data = data;
        _options = options;
        _stream = gpu.CreateStream();
        _optimizer = new SgdOptimizer(network, options.LearningRate, options.Momentum);
        _communicator = communicator;
        _meanOverRanks = meanOverRanks ?? (value => value);
        int ranks = communicator?.Size ?? 1;
        _step = new TrainingStep(_stream, network, _optimizer, data, options.BatchSize / ranks, options.UseGraphs, options.Kernels, communicator);
        _start = gpu.CreateEvent();
        _stop = gpu.CreateEvent();

        // Its own stream of numbers, apart from the initialization's, so that changing one does not change the other.
        _shuffle = new Random(unchecked(options.Seed * 7919 + 1));
        _order = new int[data.Count];
    }

    /// <summary>The kernels that compute a step.</summary>
    public KernelSet Kernels => _step.Kernels;

    /// <summary>The stream training runs on.</summary>
    public GpuStream Stream => _stream;

    /// <summary>Mini-batches per epoch, the last one partial when the batch size does not divide the data.</summary>
    public int BatchesPerEpoch => (int)(((long)_data.Count + _options.BatchSize - 1) / _options.BatchSize);

    /// <summary>Trains one epoch (numbered from 1), reporting progress and the running loss.</summary>
    public EpochTiming TrainEpoch(int epoch, ITrainingReporter reporter)
    {
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        _shuffle.Shuffle(_order);
        int ranks = _communicator?.Size ?? 1;
        _step.BeginEpoch(ranks == 1 ? _order : RankOrder(_order, _options.BatchSize, ranks, _communicator!.Rank));

        int batches = BatchesPerEpoch;
        reporter.EpochStarted(epoch, batches);
        _start.Record(_stream);
        for (int batch = 1; batch <= batches; batch++)
        {
            int rows = (int)Math.Min(_options.BatchSize, _data.Count - (long)(batch - 1) * _options.BatchSize);
            _step.Run(rows / ranks);
            if (batch % TrainingOptions.LossInterval == 0)
            {
                reporter.LossReported(epoch, batch, _meanOverRanks(_step.TakeLossSum()) / TrainingOptions.LossInterval);
            }

            reporter.BatchCompleted(epoch, batch);
        }

        _stop.Record(_stream);
        _stop.Synchronize();

        // Batches after the last report do not carry over: PyTorch's example resets its running loss every epoch.
        _step.TakeLossSum();
        return new EpochTiming(epoch, _stop.ElapsedMillisecondsSince(_start), _data.Count);
    }

    /// <summary>
    /// Rank <paramref name="rank"/>'s share of an epoch's <paramref name="order"/>: of each batch of
    /// <paramref name="batchSize"/> samples (the last one possibly shorter), the <paramref name="rank"/>-th of
    /// <paramref name="ranks"/> equal slices, one batch after another, so the step's batch offset walks it as it walks
    /// the whole order on one device. The batches' sizes must divide by <paramref name="ranks"/> (<see cref="DataParallelTrainer.CheckShape"/>).
    /// </summary>
    public static int[] RankOrder(ReadOnlySpan<int> order, int batchSize, int ranks, int rank)
    {
        List<int> mine = new(order.Length / ranks + 1);
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int slice = Math.Min(batchSize, order.Length - start) / ranks;
            foreach (int sample in order.Slice(start + rank * slice, slice)) mine.Add(sample);
        }

        return [.. mine];
    }

    /// <summary>
    /// Profiles the training step on full batches of a shuffled order instead of training: each kernel alone, then the
    /// step as <see cref="TrainEpoch"/> runs it (see <see cref="StepProfiler"/>). It moves the parameters, so train a
    /// fresh network after it rather than this one.
    /// </summary>
    public StepProfile ProfileStep(ProfileSettings settings)
    {
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        _shuffle.Shuffle(_order);
        int rows = Math.Min(_options.BatchSize, _data.Count);
        return StepProfiler.Measure(_step, _stream, _order, rows, BatchesPerEpoch, settings, _options.UseGraphs);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _step.Dispose();
        _optimizer.Dispose();
        _start.Dispose();
        _stop.Dispose();
        _stream.Dispose();
    }
}
