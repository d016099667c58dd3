using GpuDsl;

namespace Layer;

/// <summary>
/// One dense layer, y = sigmoid(x · Wᵀ + b), as one kernel: the shared-memory tiled product of the MatMul sample with
/// the bias and the activation applied to each result while it is still in a register (a fused epilogue), so the
/// pre-activations never go to global memory and back.
/// </summary>
/// <remarks>
/// The shapes follow PyTorch's <c>nn.Linear</c>: x is batch x inputs, W is outputs x inputs, b has outputs elements and
/// y is batch x outputs, all row-major. Any sizes work: tiles that run past an edge read zeros there.
/// </remarks>
public static partial class LayerKernels
{
    /// <summary>The side of the square tile of y that one block computes, and the k-step of its shared tiles.</summary>
    public const int Tile = 32;

    /// <summary>Rows of y that one thread computes; a block is <see cref="Tile"/> x (<see cref="Tile"/> / this) threads.</summary>
    public const int RowsPerThread = 4;

    /// <summary>The threads of a block along y (batch rows); along x there are <see cref="Tile"/>.</summary>
    public const int BlockRows = Tile / RowsPerThread;

    // The W tile is stored transposed with one float of padding per row, so that the transposing store and the reads of
    // the inner loop both touch 32 different banks of shared memory.
    private const int PaddedTile = Tile + 1;

    /// <summary>The grid of <see cref="Forward"/>: one block per <see cref="Tile"/> x <see cref="Tile"/> tile of y.</summary>
    public static Dim3 ForwardGrid(int batch, int outputs) => new((outputs + Tile - 1) / Tile, (batch + Tile - 1) / Tile);

    /// <summary>The block of <see cref="Forward"/>: <see cref="Tile"/> x <see cref="BlockRows"/> threads.</summary>
    public static Dim3 ForwardBlock => new(Tile, BlockRows);

    /// <summary>The logistic function, 1 / (1 + e^-x).</summary>
    [Device]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>
    /// y[r, o] = sigmoid(Σₖ x[r, k] · w[o, k] + bias[o]). Launch with a grid of
    /// (⌈outputs / <see cref="Tile"/>⌉, ⌈batch / <see cref="Tile"/>⌉) blocks of (<see cref="Tile"/>,
    /// <see cref="BlockRows"/>) threads; each thread computes <see cref="RowsPerThread"/> elements of one column of y.
    /// </summary>
    [Kernel]
    public static void Forward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int batch, int inputs, int outputs)
    {
        Span<float> xs = Gpu.Shared<float>(Tile * Tile);
        Span<float> ws = Gpu.Shared<float>(Tile * PaddedTile);
        Span<float> sums = stackalloc float[RowsPerThread];
        int tx = Gpu.ThreadIdx.X, ty = Gpu.ThreadIdx.Y;
        int firstRow = Gpu.BlockIdx.Y * Tile;
        int firstOutput = Gpu.BlockIdx.X * Tile;
        int output = firstOutput + tx;
        for (int i = 0; i < RowsPerThread; i++) sums[i] = 0f;

        for (int k0 = 0; k0 < inputs; k0 += Tile)
        {
            bool inK = k0 + tx < inputs;
            for (int i = 0; i < RowsPerThread; i++)
            {
                int r = ty + i * BlockRows;
                // Both loads walk along k, the contiguous dimension of x and of W, so a warp reads 128 bytes at a time.
                xs[r * Tile + tx] = inK && firstRow + r < batch ? x[(firstRow + r) * inputs + k0 + tx] : 0f;
                ws[tx * PaddedTile + r] = inK && firstOutput + r < outputs ? w[(firstOutput + r) * inputs + k0 + tx] : 0f;
            }

            Gpu.SyncThreads();
            for (int k = 0; k < Tile; k++)
            {
                float wk = ws[k * PaddedTile + tx];
                for (int i = 0; i < RowsPerThread; i++) sums[i] += xs[(ty + i * BlockRows) * Tile + k] * wk;
            }

            Gpu.SyncThreads();
        }

        if (output >= outputs) return;
        float b = bias[output];
        for (int i = 0; i < RowsPerThread; i++)
        {
            int row = firstRow + ty + i * BlockRows;
            if (row < batch) y[row * outputs + output] = Sigmoid(sums[i] + b);
        }
    }
}
