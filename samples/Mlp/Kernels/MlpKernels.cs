using GpuDsl;

namespace Mlp.Kernels;

/// <summary>
/// The kernels of a training step other than the layers' matrix products (<c>MlpKernels.Linear.cs</c>) and the fused
/// output end of the network (<c>MlpKernels.Output.cs</c>): building a batch, the optimizer, the bookkeeping that lets
/// a step be replayed as a graph, and the predictions of an evaluation. The host code that launches them is in
/// <see cref="Training.TrainingStep"/>, <see cref="Training.SgdOptimizer"/> and <see cref="Training.Evaluator"/>.
/// </summary>
/// <remarks>
/// Element-wise kernels use a grid-stride loop, so any grid covers any length: the host sizes the grid to the device
/// (<see cref="LaunchShapes.GridStride"/>) rather than to the data.
/// </remarks>
public static partial class MlpKernels
{
    /// <summary>
    /// Builds a normalized batch from the dataset's bytes: row <c>r</c> is sample <c>order[cursor[0] + r]</c>, its pixels
    /// mapped to <c>(p / 255 - 0.5) / 0.5</c> as torchvision's <c>ToTensor</c> then <c>Normalize(0.5, 0.5)</c> do, and
    /// its label widened to an int. The batch's offset is read from device memory so that a captured step can be
    /// replayed for every batch.
    /// </summary>
    [Kernel]
    public static void GatherBatch(
        ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, ReadOnlySpan<int> order, ReadOnlySpan<int> cursor,
        Span<float> x, Span<int> y, int rows, int pixels)
    {
        int start = cursor[0];
        int count = rows * pixels;
        int stride = Gpu.GridDim.X * Gpu.BlockDim.X;
        for (int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X; i < count; i += stride)
        {
            int row = i / pixels;
            int pixel = i - row * pixels;
            int sample = order[start + row];
            x[i] = (images[sample * pixels + pixel] / 255f - 0.5f) / 0.5f;
            if (pixel == 0) y[row] = labels[sample];
        }
    }

    /// <summary>
    /// Stochastic gradient descent with momentum as PyTorch's <c>torch.optim.SGD</c> does it (no dampening, no weight
    /// decay, not Nesterov): <c>buf = momentum * buf + grad; p -= lr * buf</c>. With <c>buf</c> starting at zero the first
    /// step gives <c>buf = grad</c>, which is PyTorch's first-step clone.
    /// </summary>
    [Kernel]
    public static void SgdMomentum(
        Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity, float learningRate, float momentum)
    {
        int stride = Gpu.GridDim.X * Gpu.BlockDim.X;
        for (int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X; i < parameters.Length; i += stride)
        {
            float buf = momentum * velocity[i] + gradients[i];
            velocity[i] = buf;
            parameters[i] -= learningRate * buf;
        }
    }

    /// <summary>
    /// The simple set's step bookkeeping, in one thread (launch one block of one thread): see <see cref="FinishBatch"/>.
    /// </summary>
    [Kernel]
    public static void FinishStep(ReadOnlySpan<float> rowLoss, Span<double> lossSum, Span<int> cursor, int rows)
    {
        if (Gpu.BlockIdx.X == 0 && Gpu.ThreadIdx.X == 0) FinishBatch(rowLoss, lossSum, cursor, rows);
    }

    /// <summary>
    /// The step's bookkeeping, by one thread: adds the batch's mean loss to <c>lossSum[0]</c> (where it accumulates until
    /// the host reads and clears it, every 100 batches) and moves the batch offset <c>cursor[0]</c> on by
    /// <paramref name="rows"/> for the next replay of the step. The sum runs in order, in double, so that it is the same
    /// on every run and in both kernel sets.
    /// </summary>
    [Device]
    public static void FinishBatch(ReadOnlySpan<float> rowLoss, Span<double> lossSum, Span<int> cursor, int rows)
    {
        double sum = 0;
        for (int r = 0; r < rows; r++) sum += rowLoss[r];
        lossSum[0] += sum / rows;
        cursor[0] += rows;
    }

    /// <summary>The predicted class of each row: the index of its largest logit (the first, on a tie).</summary>
    [Kernel]
    public static void ArgMax(ReadOnlySpan<float> logits, Span<int> predictions, int rows, int classes)
    {
        int row = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (row >= rows) return;
        int first = row * classes;
        int best = 0;
        for (int c = 1; c < classes; c++)
        {
            if (logits[first + c] > logits[first + best]) best = c;
        }

        predictions[row] = best;
    }
}
