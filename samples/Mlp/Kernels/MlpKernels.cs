using GpuDsl;

namespace Mlp.Kernels;

/// <summary>
/// The kernels of a training step other than the layers' matrix products (those are in <c>MlpKernels.Linear.cs</c>):
/// building a batch, the loss and its gradient, the optimizer, and the bookkeeping that lets a step be replayed as a
/// graph. Each does one job; the host code that launches them is in <see cref="Training.TrainingStep"/>.
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
    /// Softmax followed by cross-entropy, one thread per row: writes each row's loss, <c>logsumexp(z) - z[label]</c>, and
    /// the gradient of the batch's mean loss with respect to the logits, <c>(softmax(z) - onehot(label)) / rows</c>.
    /// </summary>
    [Kernel]
    public static void SoftmaxCrossEntropy(
        ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> rowLoss, Span<float> logitsGrad, int rows, int classes)
    {
        int row = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (row >= rows) return;
        int first = row * classes;

        // Subtracting the row's maximum keeps Exp from overflowing; it cancels out of both results.
        float max = logits[first];
        for (int c = 1; c < classes; c++) max = MathF.Max(max, logits[first + c]);
        float sum = 0f;
        for (int c = 0; c < classes; c++) sum += MathF.Exp(logits[first + c] - max);

        int label = labels[row];
        rowLoss[row] = MathF.Log(sum) - (logits[first + label] - max);
        float scale = 1f / rows;
        for (int c = 0; c < classes; c++)
        {
            float probability = MathF.Exp(logits[first + c] - max) / sum;
            logitsGrad[first + c] = (probability - (c == label ? 1f : 0f)) * scale;
        }
    }

    /// <summary>
    /// Adds the batch's mean loss to <c>lossSum[0]</c>, where it accumulates until the host reads and clears it (every
    /// 100 batches). One thread: the batch is small, and the kernel language has no atomics yet.
    /// </summary>
    [Kernel]
    public static void AccumulateMeanLoss(ReadOnlySpan<float> rowLoss, Span<double> lossSum, int rows)
    {
        if (Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X != 0) return;
        double sum = 0;
        for (int r = 0; r < rows; r++) sum += rowLoss[r];
        lossSum[0] += sum / rows;
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

    /// <summary>Moves the batch offset <c>cursor[0]</c> on by <paramref name="rows"/>, for the next replay of the step.</summary>
    [Kernel]
    public static void AdvanceCursor(Span<int> cursor, int rows)
    {
        if (Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X == 0) cursor[0] += rows;
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
