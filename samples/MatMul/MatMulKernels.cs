using GpuDsl;

namespace MatMul;

/// <summary>
/// C = A · B for n x n row-major float matrices, three ways: one thread per element, shared-memory tiles, and tiles
/// with a register block of results per thread.
/// </summary>
public static partial class MatMulKernels
{
    /// <summary>The side of a tile of <see cref="Tiled"/>.</summary>
    public const int Tile = 32;

    /// <summary>Rows and columns of C that one block of <see cref="Blocked"/> computes, and the k-step of its tiles.</summary>
    public const int BlockM = 128, BlockN = 128, BlockK = 8;

    /// <summary>Rows and columns of C that one thread of <see cref="Blocked"/> computes.</summary>
    public const int ThreadM = 8, ThreadN = 8;

    /// <summary>Threads of a block of <see cref="Blocked"/>.</summary>
    public const int BlockedThreads = BlockM / ThreadM * (BlockN / ThreadN);

    /// <summary>One thread per element of C, reading A's row and B's column from global memory.</summary>
    [Kernel]
    public static void Naive(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        int col = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (row >= n || col >= n) return;
        float sum = 0f;
        for (int k = 0; k < n; k++) sum += a[row * n + k] * b[k * n + col];
        c[row * n + col] = sum;
    }

    /// <summary>
    /// 32 x 32 tiles of A and B staged in shared memory, so each element is read from global memory once per tile
    /// instead of once per product.
    /// </summary>
    [Kernel]
    public static void Tiled(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        Span<float> ta = Gpu.Shared<float>(Tile * Tile);
        Span<float> tb = Gpu.Shared<float>(Tile * Tile);
        int tx = Gpu.ThreadIdx.X, ty = Gpu.ThreadIdx.Y;
        int row = Gpu.BlockIdx.Y * Tile + ty;
        int col = Gpu.BlockIdx.X * Tile + tx;
        float sum = 0f;
        for (int k0 = 0; k0 < n; k0 += Tile)
        {
            ta[ty * Tile + tx] = row < n && k0 + tx < n ? a[row * n + k0 + tx] : 0f;
            tb[ty * Tile + tx] = col < n && k0 + ty < n ? b[(k0 + ty) * n + col] : 0f;
            Gpu.SyncThreads();
            for (int k = 0; k < Tile; k++) sum += ta[ty * Tile + k] * tb[k * Tile + tx];
            Gpu.SyncThreads();
        }

        if (row < n && col < n) c[row * n + col] = sum;
    }

    /// <summary>
    /// 128 x 128 blocks of C in 128 x 8 and 8 x 128 shared tiles; each of 256 threads keeps an 8 x 8 block of C in
    /// registers and multiplies a column of the A tile by a row of the B tile into it, so each shared-memory read feeds
    /// eight multiply-adds. n must be a multiple of 128.
    /// </summary>
    [Kernel]
    public static void Blocked(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        Span<float> ta = Gpu.Shared<float>(BlockK * BlockM);
        Span<float> tb = Gpu.Shared<float>(BlockK * BlockN);
        Span<float> sums = stackalloc float[ThreadM * ThreadN];
        Span<float> colA = stackalloc float[ThreadM];
        Span<float> rowB = stackalloc float[ThreadN];
        int t = Gpu.ThreadIdx.X;
        int threadRow = t / (BlockN / ThreadN);
        int threadCol = t % (BlockN / ThreadN);
        int rowA = t / BlockK, kA = t % BlockK;
        int kB = t / BlockN, colB = t % BlockN;
        int firstRow = Gpu.BlockIdx.Y * BlockM;
        int firstCol = Gpu.BlockIdx.X * BlockN;
        for (int i = 0; i < ThreadM * ThreadN; i++) sums[i] = 0f;

        for (int k0 = 0; k0 < n; k0 += BlockK)
        {
            // A's tile is stored transposed (k-major) so the inner loop reads it like B's.
            for (int r = 0; r < BlockM; r += BlockedThreads / BlockK)
            {
                ta[kA * BlockM + rowA + r] = a[(firstRow + rowA + r) * n + k0 + kA];
            }

            for (int k = 0; k < BlockK; k += BlockedThreads / BlockN)
            {
                tb[(kB + k) * BlockN + colB] = b[(k0 + kB + k) * n + firstCol + colB];
            }

            Gpu.SyncThreads();
            for (int k = 0; k < BlockK; k++)
            {
                for (int i = 0; i < ThreadM; i++) colA[i] = ta[k * BlockM + threadRow * ThreadM + i];
                for (int j = 0; j < ThreadN; j++) rowB[j] = tb[k * BlockN + threadCol * ThreadN + j];
                for (int i = 0; i < ThreadM; i++)
                {
                    for (int j = 0; j < ThreadN; j++) sums[i * ThreadN + j] += colA[i] * rowB[j];
                }
            }

            Gpu.SyncThreads();
        }

        for (int i = 0; i < ThreadM; i++)
        {
            for (int j = 0; j < ThreadN; j++)
            {
                c[(firstRow + threadRow * ThreadM + i) * n + firstCol + threadCol * ThreadN + j] = sums[i * ThreadN + j];
            }
        }
    }
}
