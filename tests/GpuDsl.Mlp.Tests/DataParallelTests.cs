using GpuDsl;
using GpuDsl.Interop;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Reporting;
using Mlp.Training;

namespace Mlp.Tests;

/// <summary>
/// Data-parallel training equals one-device training of the same global batches, to float rounding: on CPU contexts of
/// the CPU backend (in CI), and on two GPUs through NCCL where a machine has them.
/// </summary>
public sealed class DataParallelTests
{
    // 28 samples in batches of 8: three full batches and a last one of 4, which divides among 2 and 4 ranks too.
    private const int Height = 3, Width = 4, Hidden = 8, Count = 28, BatchSize = 8, Epochs = 2;
    private const double Relative = 1e-4;

    private static readonly DatasetSplit s_data = CreateData();

    [Theory]
    [InlineData(2, KernelSet.Simple, true)]
    [InlineData(4, KernelSet.Simple, true)]
    [InlineData(2, KernelSet.Fused, true)]
    [InlineData(2, KernelSet.Simple, false)]
    public void Data_parallel_training_on_CPU_contexts_equals_one_device_training(int ranks, KernelSet kernels, bool useGraphs)
    {
        GpuContext[] gpus = [.. Enumerable.Range(0, ranks).Select(_ => GpuContext.Create(GpuBackend.Cpu))];
        try
        {
            AssertParallelEqualsSingle(gpus, kernels, useGraphs);
        }
        finally
        {
            foreach (GpuContext gpu in gpus) gpu.Dispose();
        }
    }

    [CudaFact]
    public void Data_parallel_training_on_two_GPUs_equals_one_GPU_training()
    {
        int devices = GpuContext.ListCudaDevices().Count;
        Assert.SkipUnless(devices >= 2, $"Needs 2 CUDA devices; this machine has {devices}.");
        Assert.SkipUnless(NcclLibrary.TryLoad(out string? missing), missing ?? "");
        using GpuContext first = GpuContext.Create(GpuBackend.Cuda, 0);
        using GpuContext second = GpuContext.Create(GpuBackend.Cuda, 1);

        AssertParallelEqualsSingle([first, second], KernelSet.Fused, useGraphs: true);
    }

    [Fact]
    public void Each_rank_takes_its_equal_slice_of_every_batch_in_order()
    {
        int[] order = [.. Enumerable.Range(0, 10)];

        // Batches of 4: [0 1 2 3] [4 5 6 7] [8 9]; rank 1 of 2 takes the second half of each.
        Assert.Equal([2, 3, 6, 7, 9], Trainer.RankOrder(order, batchSize: 4, ranks: 2, rank: 1));
        Assert.Equal([0, 1, 4, 5, 8], Trainer.RankOrder(order, batchSize: 4, ranks: 2, rank: 0));
    }

    [Theory]
    [InlineData(3, 8, 28, "--batch-size 8 does not divide among 3 devices")]
    [InlineData(8, 8, 28, "the epoch's last batch has 4 samples")]
    public void Batches_that_do_not_divide_among_the_ranks_are_refused(int ranks, int batchSize, int samples, string expected)
    {
        Assert.Contains(expected, DataParallelTrainer.CheckShape(ranks, batchSize, samples));
        Assert.Null(DataParallelTrainer.CheckShape(4, 8, 28));
    }

    private static void AssertParallelEqualsSingle(GpuContext[] gpus, KernelSet kernels, bool useGraphs)
    {
        TrainingOptions recipe = new(Epochs, BatchSize, LearningRate: 0.1f, Momentum: 0.9f, Seed: 5, UseGraphs: useGraphs, Kernels: kernels);
        float[] single;
        using (TrainingRun run = TrainingRun.Start([gpus[0]], s_data, Hidden, recipe))
        {
            for (int epoch = 1; epoch <= Epochs; epoch++) run.TrainEpoch(epoch, new Silent());
            single = run.Network.Parameters.ToArray();
        }

        using TrainingRun parallel = TrainingRun.Start(gpus, s_data, Hidden, recipe);
        for (int epoch = 1; epoch <= Epochs; epoch++) parallel.TrainEpoch(epoch, new Silent());
        float[] rank0 = parallel.Network.Parameters.ToArray();

        Assert.NotEqual(InitialParameters(gpus[0], recipe.Seed), rank0); // it trained
        Tolerance.AssertClose([.. single.Select(v => (double)v)], rank0, Relative, "parameters after data-parallel training");
    }

    private static float[] InitialParameters(GpuContext gpu, int seed)
    {
        using Model.Network network = new(gpu, s_data.Pixels, Hidden, Dataset.Classes);
        network.Initialize(seed);
        return network.Parameters.ToArray();
    }

    private static DatasetSplit CreateData()
    {
        Random random = new(77);
        byte[] images = new byte[Count * Height * Width];
        random.NextBytes(images);
        byte[] labels = [.. Enumerable.Range(0, Count).Select(i => (byte)(i * 7 % Dataset.Classes))];
        return new DatasetSplit("train", images, labels, Count, Height, Width);
    }

    private sealed class Silent : ITrainingReporter
    {
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
