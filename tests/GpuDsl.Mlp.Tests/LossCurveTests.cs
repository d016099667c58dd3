using GpuDsl;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests;

/// <summary>
/// The training loss step by step, from the same seed and data, compared across backends and kernel sets: the first
/// steps of training must give the same loss curve everywhere to within float rounding (the backends round differently:
/// CUDA contracts multiply-adds and has its own exp and log). The data is a synthetic 28 x 28 set that can be learned
/// (each class a fixed pattern plus noise), 2000 images: batches of 128 with a partial one of 80 closing each epoch.
/// </summary>
public sealed class LossCurveTests
{
    private const int Height = 28, Width = 28, Count = 2000, BatchSize = 128, Hidden = 128, Classes = 10;

    /// <summary>Per-step tolerance on the mean loss, relative.</summary>
    private const double Relative = 1e-4;

    private static readonly DatasetSplit s_data = CreateData();

    /// <summary>
    /// What a user sees: the sample on the CPU backend (its default, the simple kernels) and on CUDA (its default, the
    /// fused kernels) follow one loss curve.
    /// </summary>
    [CudaFact]
    public void Cuda_with_its_fused_kernels_follows_the_cpu_backends_loss_curve_over_the_first_50_steps()
    {
        using GpuContext cuda = GpuContext.Create();
        Assert.SkipUnless(cuda.Backend == GpuBackend.Cuda,
            $"No CUDA device: {cuda.FallbackReason ?? "GPUDSL_BACKEND chose the CPU backend"}");
        using GpuContext cpu = GpuContext.Create(GpuBackend.Cpu);

        double[] onCpu = LossCurve(cpu, KernelSets.DefaultFor(GpuBackend.Cpu), Hidden, steps: 50);
        double[] onCuda = LossCurve(cuda, KernelSets.DefaultFor(GpuBackend.Cuda), Hidden, steps: 50);

        AssertSameCurve(onCpu, onCuda, "CUDA against the CPU backend");
    }

    [Fact]
    public void Simple_and_fused_kernels_give_the_same_loss_curve_over_20_steps_on_the_cpu_backend()
    {
        using GpuContext cpu = GpuContext.Create(GpuBackend.Cpu);

        double[] fused = LossCurve(cpu, KernelSet.Fused, Hidden, steps: 20);
        double[] simple = LossCurve(cpu, KernelSet.Simple, Hidden, steps: 20);

        AssertSameCurve(fused, simple, "simple kernels against fused");
    }

    private static void AssertSameCurve(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Tolerance.AssertClose(expected[i], actual[i], Relative, $"{what}: loss of step {i + 1}");

        // The curve must be one of learning, or matching it would prove little.
        Assert.True(expected[^5..].Average() < 0.9 * expected[0], $"the loss did not fall: {string.Join(", ", expected)}");
    }

    /// <summary>The mean loss of each of the first <paramref name="steps"/> steps, graphs replayed as training does.</summary>
    private static double[] LossCurve(GpuContext gpu, KernelSet kernels, int hidden, int steps)
    {
        using DeviceSplit data = DeviceSplit.Upload(gpu, s_data);
        using Network network = new(gpu, s_data.Pixels, hidden, Classes);
        network.Initialize(seed: 1);
        using GpuStream stream = gpu.CreateStream();
        using SgdOptimizer sgd = new(network, 0.01f, 0.9f);
        using TrainingStep step = new(stream, network, sgd, data, BatchSize, useGraphs: true, kernels);

        Random shuffle = new(7);
        int[] order = [.. Enumerable.Range(0, Count)];
        double[] losses = new double[steps];
        int offset = Count;
        for (int i = 0; i < steps; i++)
        {
            if (offset == Count)
            {
                shuffle.Shuffle(order);
                step.BeginEpoch(order);
                offset = 0;
            }

            int rows = Math.Min(BatchSize, Count - offset);
            step.Run(rows);
            offset += rows;
            losses[i] = step.TakeLossSum();
        }

        return losses;
    }

    private static DatasetSplit CreateData()
    {
        Random random = new(99);
        int pixels = Height * Width;
        byte[] images = new byte[Count * pixels];
        byte[] labels = new byte[Count];
        for (int i = 0; i < Count; i++)
        {
            int label = random.Next(Classes);
            labels[i] = (byte)label;
            for (int p = 0; p < pixels; p++)
            {
                int pattern = (p * 7 + label * 31) % 97 < 30 ? 190 : 50;
                images[i * pixels + p] = (byte)Math.Clamp(pattern + random.Next(-60, 61), 0, 255);
            }
        }

        return new DatasetSplit("train", images, labels, Count, Height, Width);
    }
}
