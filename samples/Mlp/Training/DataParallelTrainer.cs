using GpuDsl;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Reporting;

namespace Mlp.Training;

/// <summary>
/// Data-parallel training over several devices of one process, as PyTorch's DistributedDataParallel does it: every rank
/// holds the whole network (rank 0's initial parameters, broadcast), takes an equal slice of every batch, and averages
/// its gradients with the others' (an all-reduce inside the step, and so inside its graph) before SGD, so every rank
/// applies the same update and the result is one-device training on the same global batches, to float rounding.
/// </summary>
/// <remarks>
/// One thread per rank (rank 0 on the caller's), as NCCL and the CPU backend's communicator both need: a collective
/// waits for every rank. Rank 0 reports progress; the loss it reports is the mean over the ranks.
/// </remarks>
public sealed class DataParallelTrainer : IDisposable
{
    private readonly Rank[] _ranks;
    private readonly double[] _losses;
    private readonly Barrier _barrier;
    private readonly CancellationTokenSource _failed = new();

    private sealed record Rank(DeviceSplit Data, Network Network, Communicator Communicator, Trainer Trainer) : IDisposable
    {
        public void Dispose()
        {
            Trainer.Dispose();
            Network.Dispose();
            Data.Dispose();
        }
    }

    /// <summary>Uploads the data and builds a network and a trainer on every device; rank 0's parameters reach them all.</summary>
    /// <param name="gpus">One context per rank, all of one backend (CUDA devices, or CPU contexts).</param>
    /// <param name="train">The training split.</param>
    /// <param name="hidden">Hidden units.</param>
    /// <param name="options">The recipe; its batch size is the global batch, divided among the ranks.</param>
    /// <exception cref="ArgumentException">The batches do not divide among the ranks (see <see cref="CheckShape"/>).</exception>
    public DataParallelTrainer(IReadOnlyList<GpuContext> gpus, DatasetSplit train, int hidden, TrainingOptions options)
    {
        if (CheckShape(gpus.Count, options.BatchSize, train.Count) is { } mistake)
        {
            throw new ArgumentException(mistake, nameof(options));
        }

        _losses = new double[gpus.Count];
        _barrier = new Barrier(gpus.Count);
        Communicator[] communicators = Communicator.CreateGroup(gpus);
        _ranks = new Rank[gpus.Count];
        for (int r = 0; r < gpus.Count; r++)
        {
            DeviceSplit data = DeviceSplit.Upload(gpus[r], train);
            Network network = new(gpus[r], train.Pixels, hidden, Dataset.Classes);
            if (r == 0) network.Initialize(options.Seed);
            int rank = r;
            _ranks[r] = new Rank(data, network, communicators[r],
                new Trainer(gpus[r], network, data, options, communicators[r], value => MeanOverRanks(rank, value)));
        }

        // Every rank starts from rank 0's parameters, as DistributedDataParallel broadcasts them when it is built.
        RunRanks(r =>
        {
            Rank rank = _ranks[r];
            rank.Communicator.Broadcast(rank.Network.Parameters, root: 0, rank.Trainer.Stream);
            rank.Trainer.Stream.Synchronize();
        });
    }

    /// <summary>The number of ranks.</summary>
    public int Ranks => _ranks.Length;

    /// <summary>Rank 0's network (every rank's is the same).</summary>
    public Network Network => _ranks[0].Network;

    /// <summary>Rank 0's training stream.</summary>
    public GpuStream Stream => _ranks[0].Trainer.Stream;

    /// <summary>The kernels that compute a step.</summary>
    public KernelSet Kernels => _ranks[0].Trainer.Kernels;

    /// <summary>
    /// Why a global batch of <paramref name="batchSize"/> over <paramref name="samples"/> samples cannot be split among
    /// <paramref name="ranks"/> ranks, or <see langword="null"/> when it can: every batch, the epoch's last (shorter)
    /// one included, must divide into equal slices, so that the mean of the ranks' mean gradients is the batch's.
    /// </summary>
    public static string? CheckShape(int ranks, int batchSize, int samples)
    {
        if (batchSize % ranks != 0)
        {
            return $"--batch-size {batchSize} does not divide among {ranks} devices: each takes an equal slice of every batch, so give a multiple of {ranks}.";
        }

        int last = Math.Min(batchSize, samples) == batchSize ? samples % batchSize : samples;
        return last % ranks == 0 ? null
            : $"the epoch's last batch has {last} samples ({samples:N0} training samples in batches of {batchSize}), which do not divide " +
              $"among {ranks} devices; pick a --batch-size that leaves a remainder divisible by {ranks}, or none.";
    }

    /// <summary>Trains one epoch on every rank; rank 0 reports to <paramref name="reporter"/> and its timing is returned.</summary>
    public EpochTiming TrainEpoch(int epoch, ITrainingReporter reporter)
    {
        EpochTiming? timing = null;
        RunRanks(r =>
        {
            EpochTiming rankTiming = _ranks[r].Trainer.TrainEpoch(epoch, r == 0 ? reporter : SilentReporter.Instance);
            if (r == 0) timing = rankTiming;
        });
        return timing!;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The graphs that hold the collectives go before the communicators they name.
        foreach (Rank rank in _ranks) rank?.Dispose();
        Communicator.DisposeAll([.. _ranks.Where(r => r is not null).Select(r => r.Communicator)]);
        _barrier.Dispose();
        _failed.Dispose();
    }

    /// <summary>Each rank gives its value and gets the mean of all of them; rank by rank in order, so every rank's is the same.</summary>
    private double MeanOverRanks(int rank, double value)
    {
        _losses[rank] = value;
        _barrier.SignalAndWait(_failed.Token);
        double mean = _losses.Average();
        _barrier.SignalAndWait(_failed.Token); // nobody writes the next value before everyone has read this one
        return mean;
    }

    /// <summary>
    /// Runs <paramref name="work"/> for every rank at once, rank 0 on this thread. When a rank fails, every communicator
    /// is aborted so the other ranks stop waiting for it, and that first failure is thrown.
    /// </summary>
    private void RunRanks(Action<int> work)
    {
        Exception? first = null;
        void Run(int r)
        {
            try
            {
                work(r);
            }
            catch (Exception e)
            {
                if (Interlocked.CompareExchange(ref first, e, null) is null)
                {
                    _failed.Cancel();
                    foreach (Rank rank in _ranks) rank?.Communicator.Abort();
                }
            }
        }

        Thread[] others = [.. Enumerable.Range(1, _ranks.Length - 1).Select(r => new Thread(() => Run(r)) { IsBackground = true, Name = $"rank {r}" })];
        foreach (Thread thread in others) thread.Start();
        Run(0);
        foreach (Thread thread in others) thread.Join();
        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    private sealed class SilentReporter : ITrainingReporter
    {
        public static readonly SilentReporter Instance = new();

        public void EpochStarted(int epoch, int batches)
        {
        }

        public void BatchCompleted(int epoch, int batch)
        {
        }

        public void LossReported(int epoch, int batch, double loss)
        {
        }
    }
}
