using GpuDsl;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests;

/// <summary>
/// Training steps on a fixed small dataset against <see cref="ReferenceMlp"/>, in double precision: the gathered and
/// normalized batch, the loss, every gradient and every parameter update must agree within 1e-4 of each tensor's scale.
/// The same checks run for both kernel sets, and on CUDA when a device is present.
/// </summary>
public sealed class TrainingStepTests
{
    private const int Height = 3, Width = 4, Hidden = 8, Classes = 10, Count = 14, BatchSize = 6;
    private const float LearningRate = 0.1f, Momentum = 0.9f;
    private const double Relative = 1e-4;

    private static readonly int[] s_firstOrder = [5, 3, 12, 0, 9, 1, 13, 2, 7, 11, 4, 8, 10, 6];
    private static readonly int[] s_secondOrder = [.. s_firstOrder.Reverse()];

    private static readonly DatasetSplit s_data = CreateData();

    [Theory]
    [InlineData(KernelSet.Fused)]
    [InlineData(KernelSet.Simple)]
    public void One_step_on_the_cpu_backend_matches_the_double_precision_reference(KernelSet kernels)
    {
        using GpuContext gpu = GpuContext.Create(GpuBackend.Cpu);
        AssertOneStepMatchesReference(gpu, kernels);
    }

    [CudaTheory]
    [InlineData(KernelSet.Fused)]
    [InlineData(KernelSet.Simple)]
    public void One_step_on_cuda_matches_the_double_precision_reference(KernelSet kernels)
    {
        using GpuContext gpu = GpuContext.Create();
        Assert.SkipUnless(gpu.Backend == GpuBackend.Cuda,
            $"No CUDA device: {gpu.FallbackReason ?? "GPUDSL_BACKEND chose the CPU backend"}");
        AssertOneStepMatchesReference(gpu, kernels);
    }

    [Theory]
    [InlineData(KernelSet.Fused)]
    [InlineData(KernelSet.Simple)]
    public void Two_epochs_of_replayed_graphs_with_a_partial_batch_match_the_reference_on_the_cpu_backend(KernelSet kernels)
    {
        using GpuContext gpu = GpuContext.Create(GpuBackend.Cpu);
        AssertTwoEpochsMatchReference(gpu, kernels);
    }

    [CudaTheory]
    [InlineData(KernelSet.Fused)]
    [InlineData(KernelSet.Simple)]
    public void Two_epochs_of_replayed_graphs_with_a_partial_batch_match_the_reference_on_cuda(KernelSet kernels)
    {
        using GpuContext gpu = GpuContext.Create();
        Assert.SkipUnless(gpu.Backend == GpuBackend.Cuda,
            $"No CUDA device: {gpu.FallbackReason ?? "GPUDSL_BACKEND chose the CPU backend"}");
        AssertTwoEpochsMatchReference(gpu, kernels);
    }

    [Theory]
    [InlineData(KernelSet.Fused)]
    [InlineData(KernelSet.Simple)]
    public void Replaying_graphs_gives_bit_for_bit_what_launching_each_kernel_gives(KernelSet kernels)
    {
        using GpuContext gpu = GpuContext.Create();
        (float[] withGraphs, double lossWithGraphs, _) = TrainTwoEpochs(gpu, useGraphs: true, kernels);
        (float[] withoutGraphs, double lossWithoutGraphs, _) = TrainTwoEpochs(gpu, useGraphs: false, kernels);

        Assert.Equal(withoutGraphs, withGraphs);
        Assert.Equal(lossWithoutGraphs, lossWithGraphs);
    }

    private static void AssertOneStepMatchesReference(GpuContext gpu, KernelSet kernels)
    {
        using Fixture f = new(gpu, useGraphs: true, kernels);
        double[] p0 = ToDouble(f.Network.Parameters.ToArray());
        f.Step.BeginEpoch(s_firstOrder);
        f.Step.Run(BatchSize);
        double loss = f.Step.TakeLossSum();

        ReferenceMlp reference = new(s_data.Pixels, Hidden, Classes);
        int[] batch = s_firstOrder[..BatchSize];
        (double lossRef, double[] gradRef) = reference.LossAndGradient(p0, Inputs(batch), Labels(batch));
        double[] pRef = (double[])p0.Clone();
        ReferenceMlp.SgdStep(pRef, new double[p0.Length], gradRef, LearningRate, Momentum);

        AssertBatchIsGathered(f.Step.Batch, batch);
        Tolerance.AssertClose(lossRef, loss, Relative, "loss");
        AssertTensorsClose(f.Network, gradRef, f.Network.Gradients.ToArray(), "gradient");
        AssertTensorsClose(f.Network, Subtract(pRef, p0), Subtract(f.Network.Parameters.ToArray(), p0), "update");
    }

    private static void AssertTwoEpochsMatchReference(GpuContext gpu, KernelSet kernels)
    {
        (float[] parameters, double lossSum, float[] initial) = TrainTwoEpochs(gpu, useGraphs: true, kernels);

        ReferenceMlp reference = new(s_data.Pixels, Hidden, Classes);
        double[] p0 = ToDouble(initial), p = (double[])p0.Clone(), buf = new double[p.Length];
        double lossRef = 0;
        foreach (int[] order in new[] { s_firstOrder, s_secondOrder })
        {
            for (int start = 0; start < Count; start += BatchSize)
            {
                int[] batch = order[start..Math.Min(start + BatchSize, Count)];
                (double loss, double[] grad) = reference.LossAndGradient(p, Inputs(batch), Labels(batch));
                ReferenceMlp.SgdStep(p, buf, grad, LearningRate, Momentum);
                lossRef += loss;
            }
        }

        Tolerance.AssertClose(lossRef, lossSum, Relative, "sum of the six steps' mean losses");
        using Network layout = new(gpu, s_data.Pixels, Hidden, Classes);
        AssertTensorsClose(layout, Subtract(p, p0), Subtract(parameters, p0), "change over two epochs");
    }

    /// <summary>Two epochs in the two fixed orders: batches of 6, 6 and 2 rows, so two graph shapes.</summary>
    private static (float[] Parameters, double LossSum, float[] Initial) TrainTwoEpochs(GpuContext gpu, bool useGraphs, KernelSet kernels)
    {
        using Fixture f = new(gpu, useGraphs, kernels);
        float[] initial = f.Network.Parameters.ToArray();
        foreach (int[] order in new[] { s_firstOrder, s_secondOrder })
        {
            f.Step.BeginEpoch(order);
            for (int start = 0; start < Count; start += BatchSize) f.Step.Run(Math.Min(BatchSize, Count - start));
        }

        double lossSum = f.Step.TakeLossSum();
        return (f.Network.Parameters.ToArray(), lossSum, initial);
    }

    private static void AssertBatchIsGathered(Activations batch, int[] samples)
    {
        double[][] expected = Inputs(samples);
        float[] input = batch.Input.ToArray();
        for (int r = 0; r < samples.Length; r++)
        {
            for (int i = 0; i < s_data.Pixels; i++)
            {
                Assert.Equal(expected[r][i], input[r * s_data.Pixels + i], 1e-6);
            }
        }

        Assert.Equal(Labels(samples), batch.Labels.ToArray()[..samples.Length]);
    }

    private static void AssertTensorsClose(Network network, double[] expected, float[] actual, string what)
    {
        foreach (TensorSlot slot in network.Slots)
        {
            Tolerance.AssertClose(expected.AsSpan(slot.Offset, slot.Length), actual.AsSpan(slot.Offset, slot.Length),
                Relative, $"{what} of {slot.Name}");
        }
    }

    private static double[][] Inputs(int[] samples) =>
        [.. samples.Select(s => s_data.Images.AsSpan(s * s_data.Pixels, s_data.Pixels).ToArray().Select(ReferenceMlp.Normalize).ToArray())];

    private static int[] Labels(int[] samples) => [.. samples.Select(s => (int)s_data.Labels[s])];

    private static double[] Subtract(double[] a, double[] b) => [.. a.Select((v, i) => v - b[i])];

    private static float[] Subtract(float[] a, double[] b) => [.. a.Select((v, i) => (float)(v - b[i]))];

    private static double[] ToDouble(float[] values) => [.. values.Select(v => (double)v)];

    private static DatasetSplit CreateData()
    {
        Random random = new(2024);
        byte[] images = new byte[Count * Height * Width];
        random.NextBytes(images);
        byte[] labels = [.. Enumerable.Range(0, Count).Select(i => (byte)(i % Classes))];
        return new DatasetSplit("train", images, labels, Count, Height, Width);
    }

    /// <summary>The objects of a training step on <see cref="s_data"/>.</summary>
    private sealed class Fixture : IDisposable
    {
        public Fixture(GpuContext gpu, bool useGraphs, KernelSet kernels)
        {
            Data = DeviceSplit.Upload(gpu, s_data);
            Network = new Network(gpu, s_data.Pixels, Hidden, Classes);
            Network.Initialize(seed: 11);
            Stream = gpu.CreateStream();
            Optimizer = new SgdOptimizer(Network, LearningRate, Momentum);
            Step = new TrainingStep(Stream, Network, Optimizer, Data, BatchSize, useGraphs, kernels);
        }

        public DeviceSplit Data { get; }

        public Network Network { get; }

        public GpuStream Stream { get; }

        public SgdOptimizer Optimizer { get; }

        public TrainingStep Step { get; }

        public void Dispose()
        {
            Step.Dispose();
            Optimizer.Dispose();
            Stream.Dispose();
            Network.Dispose();
            Data.Dispose();
        }
    }
}
