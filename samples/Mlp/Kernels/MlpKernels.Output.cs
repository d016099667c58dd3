using GpuDsl;

namespace Mlp.Kernels;

// The network's output end, fused into one launch per block of OutputRows rows: everything between the hidden layer's
// split-K products and the parameter gradients is row by row (the hidden layer's bias and ReLU, the output layer, the
// softmax cross-entropy, and the gradient back to the hidden layer), so one block can carry its rows through all of it,
// keeping the rows' hidden values and logits in shared memory. Only the parameter gradients, which sum over the batch's
// rows, need another launch. Each stage is a device function over the block's rows; a barrier separates them.
public static partial class MlpKernels
{
    /// <summary>Rows of the batch that one block of the output-layer kernels carries: 32 blocks for a batch of 128.</summary>
    public const int OutputRows = 4;

    /// <summary>
    /// Parts each of the output layer's dot products is split into, one thread each (see <see cref="ComputeLogitParts"/>):
    /// 4 x 10 x 4 = 160 parts for a block's 4 rows and 10 classes, about one per thread.
    /// </summary>
    public const int LogitParts = 4;

    /// <summary>Threads per block of the output-layer kernels.</summary>
    public const int OutputThreads = 128;

    /// <summary>
    /// The forward pass from the hidden layer's products to the logits, for evaluation: <c>hidden = ReLU(Σ_s
    /// hiddenPartials[s] + hiddenBias)</c>, then <c>logits = hidden · weightᵀ + bias</c>. One block per
    /// <see cref="OutputRows"/> rows, with <see cref="LaunchShapes.OutputSharedBytes"/> of dynamic shared memory.
    /// </summary>
    /// <param name="hiddenPartials">[slices, rows, hiddenSize], from <see cref="LinearForwardSplitK"/>.</param>
    /// <param name="slices">Slices in <paramref name="hiddenPartials"/>.</param>
    /// <param name="hiddenBias">The hidden layer's bias, [hiddenSize].</param>
    /// <param name="weight">The output layer's weight, [classes, hiddenSize].</param>
    /// <param name="bias">The output layer's bias, [classes].</param>
    /// <param name="hidden">Written: the hidden layer after ReLU, [rows, hiddenSize].</param>
    /// <param name="logits">Written: [rows, classes].</param>
    /// <param name="rows">Rows of the batch.</param>
    /// <param name="hiddenSize">Hidden units.</param>
    /// <param name="classes">Classes.</param>
    [Kernel]
    public static void OutputLayerForward(
        ReadOnlySpan<float> hiddenPartials, int slices, ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> hidden, Span<float> logits, int rows, int hiddenSize, int classes)
    {
        Span<float> shared = Gpu.DynamicShared<float>();
        Span<float> h = shared.Slice(0, OutputRows * hiddenSize);
        Span<float> z = shared.Slice(OutputRows * hiddenSize, OutputRows * classes);
        Span<float> w = shared.Slice(OutputRows * (hiddenSize + classes), classes * (hiddenSize + 1));
        Span<float> parts = shared.Slice(OutputRows * (hiddenSize + classes) + classes * (hiddenSize + 1), OutputRows * classes * LogitParts);
        int firstRow = Gpu.BlockIdx.X * OutputRows;
        int count = Math.Min(OutputRows, rows - firstRow);

        ForwardRows(hiddenPartials, slices, hiddenBias, weight, bias, hidden, logits, h, z, w, parts, firstRow, count, rows, hiddenSize, classes);
    }

    /// <summary>
    /// The training step's forward and backward pass for <see cref="OutputRows"/> rows per block: what
    /// <see cref="OutputLayerForward"/> does, then each row's softmax cross-entropy loss and the gradient of the batch's
    /// mean loss with respect to the logits, <c>(softmax(z) - onehot(label)) / rows</c>, and from it the gradient with
    /// respect to the hidden layer's pre-activation, <c>logitsGrad · weight</c> where the hidden unit is active and zero
    /// where ReLU cut it off.
    /// </summary>
    /// <param name="hiddenPartials">[slices, rows, hiddenSize], from <see cref="LinearForwardSplitK"/>.</param>
    /// <param name="slices">Slices in <paramref name="hiddenPartials"/>.</param>
    /// <param name="hiddenBias">The hidden layer's bias, [hiddenSize].</param>
    /// <param name="weight">The output layer's weight, [classes, hiddenSize].</param>
    /// <param name="bias">The output layer's bias, [classes].</param>
    /// <param name="labels">The class of each row.</param>
    /// <param name="hidden">Written: the hidden layer after ReLU, [rows, hiddenSize].</param>
    /// <param name="logits">Written: [rows, classes].</param>
    /// <param name="rowLoss">Written: each row's cross-entropy loss, [rows].</param>
    /// <param name="logitsGrad">Written: the mean loss's gradient with respect to the logits, [rows, classes].</param>
    /// <param name="hiddenGrad">Written: the mean loss's gradient with respect to the hidden pre-activation, [rows, hiddenSize].</param>
    /// <param name="rows">Rows of the batch.</param>
    /// <param name="hiddenSize">Hidden units.</param>
    /// <param name="classes">Classes.</param>
    [Kernel]
    public static void OutputLayerForwardBackward(
        ReadOnlySpan<float> hiddenPartials, int slices, ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, ReadOnlySpan<int> labels, Span<float> hidden, Span<float> logits, Span<float> rowLoss,
        Span<float> logitsGrad, Span<float> hiddenGrad, int rows, int hiddenSize, int classes)
    {
        Span<float> shared = Gpu.DynamicShared<float>();
        Span<float> h = shared.Slice(0, OutputRows * hiddenSize);
        Span<float> z = shared.Slice(OutputRows * hiddenSize, OutputRows * classes);
        Span<float> w = shared.Slice(OutputRows * (hiddenSize + classes), classes * (hiddenSize + 1));
        Span<float> parts = shared.Slice(OutputRows * (hiddenSize + classes) + classes * (hiddenSize + 1), OutputRows * classes * LogitParts);
        int firstRow = Gpu.BlockIdx.X * OutputRows;
        int count = Math.Min(OutputRows, rows - firstRow);

        ForwardRows(hiddenPartials, slices, hiddenBias, weight, bias, hidden, logits, h, z, w, parts, firstRow, count, rows, hiddenSize, classes);
        Gpu.SyncThreads();
        SoftmaxCrossEntropy(z, labels, rowLoss, logitsGrad, firstRow, count, rows, classes);
        Gpu.SyncThreads();
        HiddenGradient(h, z, w, hiddenGrad, firstRow, count, hiddenSize, classes);
    }

    /// <summary>
    /// The forward pass of the block's rows, shared by both output-layer kernels: fc2's weight into <paramref name="w"/>,
    /// the hidden layer into <paramref name="h"/> and <paramref name="hidden"/>, then the logits into <paramref name="z"/>
    /// and <paramref name="logits"/>. Every thread of the block calls it (it waits at barriers).
    /// </summary>
    [Device]
    public static void ForwardRows(
        ReadOnlySpan<float> hiddenPartials, int slices, ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> hidden, Span<float> logits, Span<float> h, Span<float> z, Span<float> w,
        Span<float> parts, int firstRow, int count, int rows, int hiddenSize, int classes)
    {
        StageWeight(weight, w, hiddenSize);
        FinishHidden(hiddenPartials, slices, hiddenBias, hidden, h, firstRow, count, rows, hiddenSize);
        Gpu.SyncThreads();
        ComputeLogitParts(h, w, parts, count, hiddenSize, classes);
        Gpu.SyncThreads();
        FinishLogits(parts, bias, logits, z, firstRow, count, classes);
    }

    /// <summary>
    /// Sums the hidden layer's slices in order, adds the bias and applies ReLU, for the block's rows: into
    /// <paramref name="h"/> (shared, [OutputRows, hiddenSize]) and <paramref name="hidden"/> (the batch's, for the
    /// weight gradient). A thread takes a hidden unit for all the block's rows, so it has a load per row in flight at
    /// once, and consecutive threads read consecutive addresses.
    /// </summary>
    [Device]
    public static void FinishHidden(
        ReadOnlySpan<float> hiddenPartials, int slices, ReadOnlySpan<float> hiddenBias, Span<float> hidden, Span<float> h,
        int firstRow, int count, int rows, int hiddenSize)
    {
        Span<float> sums = stackalloc float[OutputRows];
        for (int j = Gpu.ThreadIdx.X; j < hiddenSize; j += Gpu.BlockDim.X)
        {
            for (int r = 0; r < OutputRows; r++) sums[r] = hiddenBias[j];
            for (int s = 0; s < slices; s++)
            {
                for (int r = 0; r < OutputRows; r++)
                {
                    if (r < count) sums[r] += hiddenPartials[(s * rows + firstRow + r) * hiddenSize + j];
                }
            }

            for (int r = 0; r < OutputRows; r++)
            {
                if (r >= count) continue;
                float value = MathF.Max(sums[r], 0f);
                h[r * hiddenSize + j] = value;
                hidden[(firstRow + r) * hiddenSize + j] = value;
            }
        }
    }

    /// <summary>
    /// Copies the output layer's weight ([classes, hiddenSize], 5 KB for 128 x 10) into the block's shared memory, where
    /// the logits and the hidden gradient read it many times each, one float of padding after each class's row so that
    /// threads reading the same unit of different classes hit different banks; consecutive threads copy consecutive floats.
    /// </summary>
    [Device]
    public static void StageWeight(ReadOnlySpan<float> weight, Span<float> w, int hiddenSize)
    {
        for (int i = Gpu.ThreadIdx.X; i < weight.Length; i += Gpu.BlockDim.X)
        {
            int c = i / hiddenSize;
            w[i + c] = weight[i];
        }
    }

    /// <summary>
    /// The first half of <c>logits = h · wᵀ + bias</c> for the block's rows: each (row, class) dot product is split into
    /// <see cref="LogitParts"/> interleaved parts (part q sums the hidden units q, q + LogitParts, ...), one thread per
    /// part, so the 128-long sums run as four 32-long ones side by side; into <paramref name="parts"/> (shared,
    /// [OutputRows * classes, LogitParts]). <see cref="FinishLogits"/> adds the parts after a barrier.
    /// </summary>
    [Device]
    public static void ComputeLogitParts(Span<float> h, Span<float> w, Span<float> parts, int count, int hiddenSize, int classes)
    {
        for (int i = Gpu.ThreadIdx.X; i < count * classes * LogitParts; i += Gpu.BlockDim.X)
        {
            int p = i / LogitParts, q = i - p * LogitParts;
            int r = p / classes, c = p - r * classes;
            float sum = 0f;
            for (int j = q; j < hiddenSize; j += LogitParts) sum += h[r * hiddenSize + j] * w[c * (hiddenSize + 1) + j];
            parts[i] = sum;
        }
    }

    /// <summary>
    /// The second half of the logits: each (row, class)'s parts added in order, plus the bias, into <paramref name="z"/>
    /// (shared, [OutputRows, classes]) and <paramref name="logits"/>.
    /// </summary>
    [Device]
    public static void FinishLogits(Span<float> parts, ReadOnlySpan<float> bias, Span<float> logits, Span<float> z, int firstRow, int count, int classes)
    {
        for (int p = Gpu.ThreadIdx.X; p < count * classes; p += Gpu.BlockDim.X)
        {
            float sum = 0f;
            for (int q = 0; q < LogitParts; q++) sum += parts[p * LogitParts + q];
            int r = p / classes, c = p - r * classes;
            float value = sum + bias[c];
            z[p] = value;
            logits[(firstRow + r) * classes + c] = value;
        }
    }

    /// <summary>
    /// Softmax followed by cross-entropy, one thread per row of the block: writes the row's loss,
    /// <c>logsumexp(z) - z[label]</c>, and the mean loss's gradient <c>(softmax(z) - onehot(label)) / rows</c>, both to
    /// <paramref name="logitsGrad"/> and over the row's logits in <paramref name="z"/>.
    /// </summary>
    [Device]
    public static void SoftmaxCrossEntropy(
        Span<float> z, ReadOnlySpan<int> labels, Span<float> rowLoss, Span<float> logitsGrad, int firstRow, int count,
        int rows, int classes)
    {
        for (int r = Gpu.ThreadIdx.X; r < count; r += Gpu.BlockDim.X)
        {
            int first = r * classes;
            int row = firstRow + r;

            // Subtracting the row's maximum keeps Exp from overflowing; it cancels out of both results.
            float max = z[first];
            for (int c = 1; c < classes; c++) max = MathF.Max(max, z[first + c]);
            float sum = 0f;
            for (int c = 0; c < classes; c++) sum += MathF.Exp(z[first + c] - max);

            int label = labels[row];
            rowLoss[row] = MathF.Log(sum) - (z[first + label] - max);
            float scale = 1f / rows;
            for (int c = 0; c < classes; c++)
            {
                float probability = MathF.Exp(z[first + c] - max) / sum;
                float gradient = (probability - (c == label ? 1f : 0f)) * scale;
                z[first + c] = gradient;
                logitsGrad[row * classes + c] = gradient;
            }
        }
    }

    /// <summary>
    /// The gradient at the hidden layer's pre-activation for the block's rows: <c>Σ_c dz[r, c] · weight[c, j]</c> (from the padded shared copy of <see cref="StageWeight"/>) where
    /// <c>h[r, j] &gt; 0</c>, else zero (ReLU's backward pass). A thread takes a hidden unit for all the block's rows, so
    /// it reads each weight once for all of them; consecutive threads read and write consecutive addresses.
    /// </summary>
    [Device]
    public static void HiddenGradient(
        Span<float> h, Span<float> dz, Span<float> weight, Span<float> hiddenGrad, int firstRow, int count,
        int hiddenSize, int classes)
    {
        Span<float> sums = stackalloc float[OutputRows];
        for (int j = Gpu.ThreadIdx.X; j < hiddenSize; j += Gpu.BlockDim.X)
        {
            for (int r = 0; r < OutputRows; r++) sums[r] = 0f;
            for (int c = 0; c < classes; c++)
            {
                float w = weight[c * (hiddenSize + 1) + j];
                for (int r = 0; r < OutputRows; r++)
                {
                    if (r < count) sums[r] += dz[r * classes + c] * w;
                }
            }

            for (int r = 0; r < OutputRows; r++)
            {
                if (r < count) hiddenGrad[(firstRow + r) * hiddenSize + j] = h[r * hiddenSize + j] > 0f ? sums[r] : 0f;
            }
        }
    }
}
