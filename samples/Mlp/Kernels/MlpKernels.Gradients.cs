using GpuDsl;

namespace Mlp.Kernels;

// The end of a training step, in one launch: both layers' weight and bias gradients (the sums over the batch's rows),
// SGD with momentum applied by each block to the parameters whose gradients it has just computed, and the step's
// bookkeeping. The blocks are split between the two layers by their index, the first layer's first. Nothing later in the
// step reads the parameters, so updating them here is safe: the forward kernels and the output layer's backward pass
// (which reads fc2's weight) have finished before this launch starts.
public static partial class MlpKernels
{
    /// <summary>Rows of the batch that <see cref="LinearGradientsSgd"/> stages per pass (a batch of up to 128 is one pass).</summary>
    public const int BatchDepth = 128;

    /// <summary>
    /// Both layers' gradients and their SGD update, for PyTorch's <c>Linear(inputs, hidden) → ReLU → Linear(hidden,
    /// classes)</c> with its parameters in one flat buffer laid out as <c>Model.Network.Slots</c>: fc1.weight, fc1.bias,
    /// fc2.weight, fc2.bias. A block computes one <see cref="Tile"/> x <see cref="Tile"/> tile of a weight gradient,
    /// <c>outputGradᵀ · input</c> (and, in the first input tile, the bias gradient of its outputs), stores it in
    /// <paramref name="gradients"/>, and applies <c>buf = momentum * buf + grad; p -= lr * buf</c> to those parameters,
    /// as <see cref="SgdMomentum"/> does. The grid is one-dimensional: fc1's tiles (input tiles fastest), then fc2's
    /// (<see cref="LaunchShapes.GradientBlocks"/>), of <see cref="TileThreads"/> threads as 16 x 16. The last block's first
    /// thread then does the step's bookkeeping (<see cref="FinishBatch"/>): adds the batch's mean loss to <c>lossSum[0]</c> and moves
    /// <c>cursor[0]</c> on by <paramref name="rows"/>; nothing else in this launch reads the cursor.
    /// </summary>
    /// <param name="input">The batch, [rows, inputs].</param>
    /// <param name="hiddenGrad">The mean loss's gradient at fc1's output, [rows, hiddenSize].</param>
    /// <param name="hidden">fc2's input, the hidden layer after ReLU, [rows, hiddenSize].</param>
    /// <param name="logitsGrad">The mean loss's gradient at fc2's output, [rows, classes].</param>
    /// <param name="parameters">Every parameter, flat; updated.</param>
    /// <param name="gradients">Written: every parameter's gradient, flat.</param>
    /// <param name="velocity">The momentum buffer, flat; updated.</param>
    /// <param name="learningRate">SGD's learning rate.</param>
    /// <param name="momentum">SGD's momentum.</param>
    /// <param name="rowLoss">Each row's loss, [rows].</param>
    /// <param name="lossSum">The running sum of the steps' mean losses, [1].</param>
    /// <param name="cursor">The batch's offset into the epoch's order, [1].</param>
    /// <param name="rows">Rows of the batch.</param>
    /// <param name="inputs">fc1's input features.</param>
    /// <param name="hiddenSize">Hidden units.</param>
    /// <param name="classes">Classes.</param>
    [Kernel]
    public static void LinearGradientsSgd(
        ReadOnlySpan<float> input, ReadOnlySpan<float> hiddenGrad, ReadOnlySpan<float> hidden, ReadOnlySpan<float> logitsGrad,
        Span<float> parameters, Span<float> gradients, Span<float> velocity, float learningRate, float momentum,
        ReadOnlySpan<float> rowLoss, Span<double> lossSum, Span<int> cursor, int rows, int inputs, int hiddenSize, int classes)
    {
        // Both tiles row-major in the batch's rows ([row][out] and [row][in]): the rows are the sum's index.
        Span<float> gradTile = Gpu.Shared<float>(BatchDepth * TilePitch);
        Span<float> inputTile = Gpu.Shared<float>(BatchDepth * TilePitch);
        int fc1Bias = hiddenSize * inputs;
        int fc2Weight = fc1Bias + hiddenSize;
        int fc2Bias = fc2Weight + classes * hiddenSize;
        int fc1InputTiles = (inputs + Tile - 1) / Tile;
        int fc1Blocks = fc1InputTiles * ((hiddenSize + Tile - 1) / Tile);
        int fc2InputTiles = (hiddenSize + Tile - 1) / Tile;
        int block = Gpu.BlockIdx.X;

        // The branch is the same for every thread of the block, so the barriers inside are reached by all or none.
        if (block < fc1Blocks)
        {
            LinearGradientTile(hiddenGrad, input, parameters, gradients, velocity, 0, fc1Bias, block % fc1InputTiles,
                block / fc1InputTiles, rows, inputs, hiddenSize, learningRate, momentum, gradTile, inputTile);
        }
        else
        {
            int b = block - fc1Blocks;
            LinearGradientTile(logitsGrad, hidden, parameters, gradients, velocity, fc2Weight, fc2Bias, b % fc2InputTiles,
                b / fc2InputTiles, rows, hiddenSize, classes, learningRate, momentum, gradTile, inputTile);
        }

        if (block == Gpu.GridDim.X - 1 && Gpu.ThreadIdx.X == 0 && Gpu.ThreadIdx.Y == 0) FinishBatch(rowLoss, lossSum, cursor, rows);
    }

    /// <summary>
    /// One block's tile of a layer's parameter gradients and their SGD update (see <see cref="LinearGradientsSgd"/>):
    /// input features <c>[inTile * Tile, +Tile)</c> of outputs <c>[outTile * Tile, +Tile)</c> of the weight at
    /// <paramref name="weightOffset"/> ([outFeatures, inFeatures]) in the flat buffers, and, when
    /// <paramref name="inTile"/> is 0, those outputs' bias at <paramref name="biasOffset"/>. Each of the 16 x 16 threads
    /// keeps a 2 x 2 block of sums in registers, as the forward kernels do.
    /// </summary>
    [Device]
    public static void LinearGradientTile(
        ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> input, Span<float> parameters, Span<float> gradients,
        Span<float> velocity, int weightOffset, int biasOffset, int inTile, int outTile, int rows, int inFeatures,
        int outFeatures, float learningRate, float momentum, Span<float> gradTile, Span<float> inputTile)
    {
        Span<float> sums = stackalloc float[PerThread * PerThread];
        Span<float> a = stackalloc float[PerThread];
        Span<float> b = stackalloc float[PerThread];
        int tx = Gpu.ThreadIdx.X, ty = Gpu.ThreadIdx.Y;
        int t = ty * TileThreadsPerSide + tx;
        int firstIn = inTile * Tile, firstOut = outTile * Tile;
        bool sumsBias = inTile == 0 && t < Tile;
        float biasSum = 0f;
        for (int i = 0; i < PerThread * PerThread; i++) sums[i] = 0f;

        for (int firstRow = 0; firstRow < rows; firstRow += BatchDepth)
        {
            StageTile(outputGrad, outFeatures, firstRow, rows, firstOut, outFeatures, BatchDepth, Tile, false, gradTile);
            StageTile(input, inFeatures, firstRow, rows, firstIn, inFeatures, BatchDepth, Tile, false, inputTile);
            Gpu.SyncThreads();

            // Rows past the batch were staged as zeros, so the loop need not know where the batch ends.
            for (int k = 0; k < BatchDepth; k++)
            {
                for (int i = 0; i < PerThread; i++) a[i] = gradTile[k * TilePitch + ty + i * TileThreadsPerSide];
                for (int j = 0; j < PerThread; j++) b[j] = inputTile[k * TilePitch + tx + j * TileThreadsPerSide];
                for (int i = 0; i < PerThread; i++)
                {
                    for (int j = 0; j < PerThread; j++) sums[i * PerThread + j] += a[i] * b[j];
                }
            }

            if (sumsBias)
            {
                for (int k = 0; k < BatchDepth; k++) biasSum += gradTile[k * TilePitch + t];
            }

            // The next pass overwrites the tiles, so all must have finished reading them; after the last pass there is
            // no need to wait (the same for every thread of the block, so every thread skips it or none does).
            if (firstRow + BatchDepth < rows) Gpu.SyncThreads();
        }

        for (int i = 0; i < PerThread; i++)
        {
            int o = firstOut + ty + i * TileThreadsPerSide;
            for (int j = 0; j < PerThread; j++)
            {
                int col = firstIn + tx + j * TileThreadsPerSide;
                if (o < outFeatures && col < inFeatures)
                {
                    ApplySgd(parameters, gradients, velocity, weightOffset + o * inFeatures + col, sums[i * PerThread + j],
                        learningRate, momentum);
                }
            }
        }

        if (sumsBias && firstOut + t < outFeatures)
        {
            ApplySgd(parameters, gradients, velocity, biasOffset + firstOut + t, biasSum, learningRate, momentum);
        }
    }

    /// <summary>
    /// Stores one parameter's gradient and applies <see cref="SgdMomentum"/>'s update to it, with the same arithmetic
    /// (so the same bits): <c>buf = momentum * buf + grad; p -= lr * buf</c>.
    /// </summary>
    [Device]
    public static void ApplySgd(
        Span<float> parameters, Span<float> gradients, Span<float> velocity, int at, float gradient, float learningRate,
        float momentum)
    {
        gradients[at] = gradient;
        float buf = momentum * velocity[at] + gradient;
        velocity[at] = buf;
        parameters[at] -= learningRate * buf;
    }
}
