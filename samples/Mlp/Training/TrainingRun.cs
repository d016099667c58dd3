using GpuDsl;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Reporting;

namespace Mlp.Training;

/// <summary>
/// Training on one device (a <see cref="Trainer"/>) or data-parallel on several (a <see cref="DataParallelTrainer"/>),
/// behind one face: the program evaluates and saves <see cref="Network"/>, rank 0's, either way.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly IDisposable[] _owned;
    private readonly Func<int, ITrainingReporter, EpochTiming> _trainEpoch;

    private TrainingRun(Network network, GpuStream stream, KernelSet kernels, Func<int, ITrainingReporter, EpochTiming> trainEpoch, IDisposable[] owned)
    {
        Network = network;
        Stream = stream;
        Kernels = kernels;
        _trainEpoch = trainEpoch;
        _owned = owned;
    }

    /// <summary>The trained network (rank 0's).</summary>
    public Network Network { get; }

    /// <summary>The stream training runs on (rank 0's).</summary>
    public GpuStream Stream { get; }

    /// <summary>The kernels that compute a step.</summary>
    public KernelSet Kernels { get; }

    /// <summary>Uploads <paramref name="train"/>, initializes the network from the recipe's seed and prepares to train it.</summary>
    public static TrainingRun Start(IReadOnlyList<GpuContext> gpus, DatasetSplit train, int hidden, TrainingOptions recipe)
    {
        if (gpus.Count > 1)
        {
            DataParallelTrainer parallel = new(gpus, train, hidden, recipe);
            return new TrainingRun(parallel.Network, parallel.Stream, parallel.Kernels, parallel.TrainEpoch, [parallel]);
        }

        GpuContext gpu = gpus[0];
        DeviceSplit data = DeviceSplit.Upload(gpu, train);
        Network network = new(gpu, train.Pixels, hidden, Dataset.Classes);
        network.Initialize(recipe.Seed);
        Trainer trainer = new(gpu, network, data, recipe);
        return new TrainingRun(network, trainer.Stream, trainer.Kernels, trainer.TrainEpoch, [trainer, network, data]);
    }

    /// <summary>Trains one epoch (numbered from 1).</summary>
    public EpochTiming TrainEpoch(int epoch, ITrainingReporter reporter) => _trainEpoch(epoch, reporter);

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (IDisposable owned in _owned) owned.Dispose();
    }
}
