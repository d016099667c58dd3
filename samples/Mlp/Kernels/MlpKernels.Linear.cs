using GpuDsl;

namespace Mlp.Kernels;

// The tiled matrix products of the fused kernel set, in PyTorch's nn.Linear layout: input [rows, in], weight [out, in],
// bias [out], output [rows, out], all row-major. Here the forward products (split along the inputs; the training step's
// one gathers its batch from the dataset's bytes as it stages it); the weight gradients, fused with SGD, are in
// MlpKernels.Gradients.cs. A block computes a Tile x Tile block of the result from operand tiles staged in shared memory,
// and each of its 16 x 16 threads keeps a 2 x 2 block of sums in registers (rows ty, ty + 16 and columns tx, tx + 16),
// so that every shared-memory read feeds two multiply-adds. The loop bounds are constants, so NVRTC
// unrolls the register loops and the stackalloc arrays stay in registers.
//
// These kernels synchronize their blocks, and the CPU backend runs such a block as one OS thread per GPU thread, which
// is slow; MlpKernels.Simple.cs has the barrier-free kernels that the CPU backend trains with by default.
public static partial class MlpKernels
{
    /// <summary>Rows and columns of the result that one block of the matrix products computes.</summary>
    public const int Tile = 32;

    /// <summary>
    /// Threads along each side of a block of the matrix products (16 x 16 = 256 threads, each 2 x 2 results). These
    /// products are small (a batch of 128 rows), so they are bound by the latency of staging their tiles, not by
    /// arithmetic: measured on an H200, 256 threads per block, with four times the loads in flight, beat 64 threads with
    /// 4 x 4 results each.
    /// </summary>
    public const int TileThreadsPerSide = 16;

    /// <summary>Results per thread along each side of its tile: <see cref="Tile"/> / <see cref="TileThreadsPerSide"/>.</summary>
    public const int PerThread = Tile / TileThreadsPerSide;

    /// <summary>Threads in a block of the matrix products.</summary>
    public const int TileThreads = TileThreadsPerSide * TileThreadsPerSide;

    /// <summary>
    /// The input features that one block of <see cref="LinearForwardSplitK"/> sums over: 784 = 8 x 98, so the hidden
    /// layer's product splits into 8 slices and a batch of 128 rows makes 4 x 4 x 8 = 128 blocks, about one per SM.
    /// </summary>
    public const int SliceDepth = 98;

    /// <summary>
    /// The row pitch of a shared tile: one more than <see cref="Tile"/>, so that consecutive threads storing down a
    /// column hit different banks.
    /// </summary>
    private const int TilePitch = Tile + 1;

    /// <summary>Loads each thread issues before storing any of them to shared memory (see <see cref="StageTile"/>).</summary>
    private const int LoadsInFlight = 16;

    /// <summary>
    /// One slice of the forward product: <c>partials[s] = input[:, K] · weight[:, K]ᵀ</c> over the s-th run of
    /// <see cref="SliceDepth"/> input features K. The grid is (output tiles, row tiles, slices); whoever reads the layer's
    /// output sums the slices in order and adds the bias (see <see cref="OutputLayerForwardBackward"/>). Splitting the
    /// 784-long sums is what gives a 128 x 128 result enough blocks to fill the GPU without atomics, so that the result
    /// is the same bit for bit on every run.
    /// </summary>
    /// <param name="input">[rows, inFeatures].</param>
    /// <param name="weight">[outFeatures, inFeatures].</param>
    /// <param name="partials">[slices, rows, outFeatures]: slice s of row r at <c>(s * rows + r) * outFeatures</c>.</param>
    /// <param name="rows">Rows of the batch.</param>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="outFeatures">Output features.</param>
    [Kernel]
    public static void LinearForwardSplitK(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> partials, int rows, int inFeatures, int outFeatures)
    {
        // Both tiles k-major ([k][row] and [k][out]): the inner loop then reads a row of each.
        Span<float> inputTile = Gpu.Shared<float>(SliceDepth * TilePitch);
        Span<float> weightTile = Gpu.Shared<float>(SliceDepth * TilePitch);
        int firstOut = Gpu.BlockIdx.X * Tile, firstRow = Gpu.BlockIdx.Y * Tile;
        int firstK = Gpu.BlockIdx.Z * SliceDepth;

        StageTile(input, inFeatures, firstRow, rows, firstK, inFeatures, Tile, SliceDepth, true, inputTile);
        StageTile(weight, inFeatures, firstOut, outFeatures, firstK, inFeatures, Tile, SliceDepth, true, weightTile);
        Gpu.SyncThreads();
        MultiplySliceTiles(inputTile, weightTile, partials, rows, outFeatures);
    }

    /// <summary>
    /// The products of a block of the split forward kernel, from its staged k-major tiles (<see cref="SliceDepth"/>
    /// deep): each thread's 2 x 2 sums, written to its slice of <paramref name="partials"/>. The block's position comes
    /// from its index: (output tile, row tile, slice).
    /// </summary>
    [Device]
    public static void MultiplySliceTiles(Span<float> inputTile, Span<float> weightTile, Span<float> partials, int rows, int outFeatures)
    {
        Span<float> sums = stackalloc float[PerThread * PerThread];
        Span<float> a = stackalloc float[PerThread];
        Span<float> b = stackalloc float[PerThread];
        int tx = Gpu.ThreadIdx.X, ty = Gpu.ThreadIdx.Y;
        int firstOut = Gpu.BlockIdx.X * Tile, firstRow = Gpu.BlockIdx.Y * Tile, slice = Gpu.BlockIdx.Z;
        for (int i = 0; i < PerThread * PerThread; i++) sums[i] = 0f;

        for (int k = 0; k < SliceDepth; k++)
        {
            for (int i = 0; i < PerThread; i++) a[i] = inputTile[k * TilePitch + ty + i * TileThreadsPerSide];
            for (int j = 0; j < PerThread; j++) b[j] = weightTile[k * TilePitch + tx + j * TileThreadsPerSide];
            for (int i = 0; i < PerThread; i++)
            {
                for (int j = 0; j < PerThread; j++) sums[i * PerThread + j] += a[i] * b[j];
            }
        }

        for (int i = 0; i < PerThread; i++)
        {
            int row = firstRow + ty + i * TileThreadsPerSide;
            for (int j = 0; j < PerThread; j++)
            {
                int o = firstOut + tx + j * TileThreadsPerSide;
                if (row < rows && o < outFeatures) partials[(slice * rows + row) * outFeatures + o] = sums[i * PerThread + j];
            }
        }
    }

    /// <summary>
    /// Copies rows <c>[firstRow, firstRow + tileRows)</c> and columns <c>[firstColumn, firstColumn + tileColumns)</c> of a
    /// row-major matrix (<paramref name="stride"/> floats per row) into a shared tile of pitch <see cref="TilePitch"/>,
    /// as <c>tile[r][c]</c>, or <c>tile[c][r]</c> when <paramref name="transpose"/> is set. Elements at or past
    /// <paramref name="rowLimit"/> or <paramref name="columnLimit"/> are stored as zeros, so the tile's products need no
    /// edge checks. Called by all <see cref="TileThreads"/> threads of the block: consecutive threads read consecutive
    /// addresses, and each thread issues <see cref="LoadsInFlight"/> loads before it stores any, so that many are in
    /// flight at once (the data comes from L2, and waiting for one load at a time would dominate the kernel).
    /// </summary>
    [Device]
    public static void StageTile(
        ReadOnlySpan<float> matrix, int stride, int firstRow, int rowLimit, int firstColumn, int columnLimit,
        int tileRows, int tileColumns, bool transpose, Span<float> tile)
    {
        Span<float> staged = stackalloc float[LoadsInFlight];
        int t = Gpu.ThreadIdx.Y * TileThreadsPerSide + Gpu.ThreadIdx.X;
        int count = tileRows * tileColumns;
        for (int first = 0; first < count; first += LoadsInFlight * TileThreads)
        {
            for (int u = 0; u < LoadsInFlight; u++)
            {
                int e = first + u * TileThreads + t;
                int r = e / tileColumns, c = e - r * tileColumns;
                bool inside = e < count && firstRow + r < rowLimit && firstColumn + c < columnLimit;
                staged[u] = inside ? matrix[(firstRow + r) * stride + firstColumn + c] : 0f;
            }

            for (int u = 0; u < LoadsInFlight; u++)
            {
                int e = first + u * TileThreads + t;
                int r = e / tileColumns, c = e - r * tileColumns;
                if (e < count) tile[transpose ? c * TilePitch + r : r * TilePitch + c] = staged[u];
            }
        }
    }

    /// <summary>
    /// <c>Σ a[aStart + k·aStride] · b[bStart + k·bStride]</c> for k below <paramref name="length"/>: the dot product of a
    /// row or column of one matrix with a row or column of another. It keeps four partial sums, so that independent
    /// additions overlap where a single running sum would wait for each one to finish.
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
