using GpuDsl;

namespace Mlp.Kernels;

// The simple kernel set: one thread per result, no shared memory and no barriers. The CPU backend runs a block of such a
// kernel as a plain loop over its threads, which makes an epoch several times faster there than with the fused set's
// tiled kernels (whose barriers need one OS thread per GPU thread); on a GPU the fused set is the fast one. Both compute
// the same step (KernelSet says which launches each set makes).
public static partial class MlpKernels
{
    /// <summary>Threads along each side of a block of the simple set's two-dimensional kernels.</summary>
    public const int SimpleTile = 16;

    /// <summary>
    /// The forward pass: <c>output = input · weightᵀ + bias</c>, then ReLU when <paramref name="relu"/> is set.
    /// Thread (x, y) computes <c>output[y, x]</c>.
    /// </summary>
    [Kernel]
    public static void LinearForward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output,
        int rows, int inFeatures, int outFeatures, bool relu)
    {
        int o = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (o >= outFeatures || row >= rows) return;
        float value = Dot(input, row * inFeatures, 1, weight, o * inFeatures, 1, inFeatures) + bias[o];
        output[row * outFeatures + o] = relu ? MathF.Max(value, 0f) : value;
    }

    /// <summary>
    /// Softmax followed by cross-entropy, one thread per row: writes each row's loss, <c>logsumexp(z) - z[label]</c>, and
    /// the gradient of the batch's mean loss with respect to the logits, <c>(softmax(z) - onehot(label)) / rows</c>, with
    /// the same arithmetic as the fused set's <see cref="SoftmaxCrossEntropy"/>.
    /// </summary>
    [Kernel]
    public static void RowSoftmaxCrossEntropy(
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
    /// The weight gradient: <c>weightGrad = outputGradᵀ · input</c>, summed over the batch's rows (the loss's mean over
    /// the batch is already in <paramref name="outputGrad"/>). Thread (x, y) computes <c>weightGrad[y, x]</c>.
    /// </summary>
    [Kernel]
    public static void LinearWeightGrad(
        ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> input, Span<float> weightGrad, int rows, int inFeatures, int outFeatures)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int o = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (i >= inFeatures || o >= outFeatures) return;
        weightGrad[o * inFeatures + i] = Dot(outputGrad, o, outFeatures, input, i, inFeatures, rows);
    }

    /// <summary>The bias gradient: <c>biasGrad[o] = Σ_rows outputGrad[row, o]</c>, one thread per output feature.</summary>
    [Kernel]
    public static void LinearBiasGrad(ReadOnlySpan<float> outputGrad, Span<float> biasGrad, int rows, int outFeatures)
    {
        int o = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (o >= outFeatures) return;
        float sum = 0f;
        for (int r = 0; r < rows; r++) sum += outputGrad[r * outFeatures + o];
        biasGrad[o] = sum;
    }

    /// <summary>
    /// The input gradient: <c>inputGrad = outputGrad · weight</c>, and with <paramref name="reluMask"/> set, zero where
    /// the input (the previous layer's ReLU output) is not positive, which is ReLU's backward pass fused in. Thread
    /// (x, y) computes <c>inputGrad[y, x]</c>.
    /// </summary>
    [Kernel]
    public static void LinearInputGrad(
        ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight, ReadOnlySpan<float> input, Span<float> inputGrad,
        int rows, int inFeatures, int outFeatures, bool reluMask)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (i >= inFeatures || row >= rows) return;
        int at = row * inFeatures + i;
        if (reluMask && !(input[at] > 0f))
        {
            inputGrad[at] = 0f;
            return;
        }

        inputGrad[at] = Dot(outputGrad, row * outFeatures, 1, weight, i, inFeatures, outFeatures);
    }
}
