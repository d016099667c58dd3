using GpuDsl;

namespace Mlp.Kernels;

// The matrix products of a fully connected layer, in PyTorch's nn.Linear layout: input [rows, in], weight [out, in],
// bias [out], output [rows, out], all row-major. Each is a plain one-thread-per-result product, a 2D grid with x over
// the result's columns and y over its rows, launched only by Model.LinearLayer. When the kernel language has shared
// memory, tiled versions replace these four bodies and LinearLayer's launch shapes; nothing else changes.
public static partial class MlpKernels
{
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
        int inputRow = row * inFeatures;
        int weightRow = o * inFeatures;
        float value = Dot(input, inputRow, 1, weight, weightRow, 1, inFeatures) + bias[o];
        output[row * outFeatures + o] = relu ? MathF.Max(value, 0f) : value;
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

    /// <summary>
    /// <c>Σ a[aStart + k·aStride] · b[bStart + k·bStride]</c> for k below <paramref name="length"/>: the dot product of a
    /// row or column of one matrix with a row or column of another. It keeps four partial sums, so that independent
    /// additions overlap where a single running sum would wait for each one to finish (twice as fast on the CPU backend).
    /// </summary>
    [Device]
    public static float Dot(
        ReadOnlySpan<float> a, int aStart, int aStride, ReadOnlySpan<float> b, int bStart, int bStride, int length)
    {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int ia = aStart, ib = bStart;
        int k = 0;
        for (; k + 3 < length; k += 4)
        {
            s0 += a[ia] * b[ib];
            s1 += a[ia + aStride] * b[ib + bStride];
            s2 += a[ia + 2 * aStride] * b[ib + 2 * bStride];
            s3 += a[ia + 3 * aStride] * b[ib + 3 * bStride];
            ia += 4 * aStride;
            ib += 4 * bStride;
        }

        for (; k < length; k++)
        {
            s0 += a[ia] * b[ib];
            ia += aStride;
            ib += bStride;
        }

        return (s0 + s1) + (s2 + s3);
    }
}
