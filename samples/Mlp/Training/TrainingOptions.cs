using Mlp.Kernels;

namespace Mlp.Training;

/// <summary>The recipe: PyTorch's classic example by default (batch 128, SGD lr 0.01 momentum 0.9, 5 epochs).</summary>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Samples per step; the epoch's last batch keeps the remainder, as PyTorch's DataLoader does.</param>
/// <param name="LearningRate">SGD's learning rate.</param>
/// <param name="Momentum">SGD's momentum.</param>
/// <param name="Seed">Seeds the initial parameters and each epoch's shuffle.</param>
/// <param name="UseGraphs">Replay each step as a captured graph rather than launching its kernels one by one.</param>
/// <param name="Kernels">The kernels that compute a step; <see langword="null"/>: fused on CUDA, simple on the CPU backend.</param>
public sealed record TrainingOptions(
    int Epochs = 5, int BatchSize = 128, float LearningRate = 0.01f, float Momentum = 0.9f, int Seed = 1, bool UseGraphs = true,
    KernelSet? Kernels = null)
{
    /// <summary>Mini-batches between two printed losses, as in the PyTorch example.</summary>
    public const int LossInterval = 100;
}

/// <summary>What one epoch of training took.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Milliseconds">Device time of the epoch's steps, between two events on the training stream.</param>
/// <param name="Samples">Samples trained on.</param>
public sealed record EpochTiming(int Epoch, double Milliseconds, int Samples)
{
    /// <summary>Training throughput.</summary>
    public double SamplesPerSecond => Samples / (Milliseconds / 1000);
}
