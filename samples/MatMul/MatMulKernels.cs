using System.Numerics;
using System.Runtime.InteropServices;
using GpuDsl;

namespace MatMul;

/// <summary>
/// C = A · B for n x n row-major float matrices, four ways: one thread per element, shared-memory tiles, tiles with a
/// register block of results per thread, and that block fed by 16-byte loads through two alternating tiles.
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

    /// <summary>
    /// <see cref="Blocked"/>'s 128 x 128 block of C and 8 x 8 results per thread, with every load 16 bytes wide
    /// (<see cref="Vector4"/>s over the float spans) and two sets of shared tiles: while the block multiplies one pair,
    /// each thread has already read its part of the next pair from global memory, and stores it into the other set
    /// after the multiply, so one barrier per k-step suffices and the global reads overlap the arithmetic. A thread's
    /// 8 x 8 block is four 4 x 4 blocks, 64 rows and columns apart, so a warp's shared reads of B touch 16 consecutive
    /// <see cref="Vector4"/>s with no bank conflicts. n must be a multiple of 128.
    /// </summary>
    [Kernel]
    public static void Vectorized(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        ReadOnlySpan<Vector4> a4 = MemoryMarshal.Cast<float, Vector4>(a);
        ReadOnlySpan<Vector4> b4 = MemoryMarshal.Cast<float, Vector4>(b);
        Span<Vector4> c4 = MemoryMarshal.Cast<float, Vector4>(c);

        // Two sets of tiles: A's transposed (k-major, so a thread's rows are consecutive), B's as is.
        Span<Vector4> tileA4 = Gpu.Shared<Vector4>(2 * BlockK * BlockM / 4);
        Span<Vector4> tileB4 = Gpu.Shared<Vector4>(2 * BlockK * BlockN / 4);
        Span<float> tileA = MemoryMarshal.Cast<Vector4, float>(tileA4);
        Span<float> sums = stackalloc float[ThreadM * ThreadN];
        Span<float> colA = stackalloc float[ThreadM];
        Span<float> rowB = stackalloc float[ThreadN];

        int t = Gpu.ThreadIdx.X;
        int threadRow = t / (BlockN / ThreadN), threadCol = t % (BlockN / ThreadN);
        int firstRow = Gpu.BlockIdx.Y * BlockM, firstCol = Gpu.BlockIdx.X * BlockN;
        int quarters = n / 4;

        // Each thread moves one Vector4 of each tile per k-step: four k's of one row of A, four columns of one row of B.
        int rowA = t / (BlockK / 4), kA = t % (BlockK / 4) * 4;
        int kB = t / (BlockN / 4), colB = t % (BlockN / 4);
        int fromA = (firstRow + rowA) * quarters + kA / 4;
        int fromB = kB * quarters + firstCol / 4 + colB;
        for (int i = 0; i < ThreadM * ThreadN; i++) sums[i] = 0f;

        Vector4 nextA = a4[fromA];
        Vector4 nextB = b4[fromB];
        StoreTiles(tileA, tileB4, 0, rowA, kA, kB, colB, nextA, nextB);
        Gpu.SyncThreads();

        int stage = 0;
        for (int k0 = 0; k0 < n; k0 += BlockK)
        {
            bool more = k0 + BlockK < n;
            if (more)
            {
                nextA = a4[fromA + (k0 + BlockK) / 4];
                nextB = b4[fromB + (k0 + BlockK) * quarters];
            }

            int atA = stage * BlockK * BlockM / 4, atB = stage * BlockK * BlockN / 4;
            for (int k = 0; k < BlockK; k++)
            {
                Vector4 a0 = tileA4[atA + k * BlockM / 4 + threadRow];
                Vector4 a1 = tileA4[atA + k * BlockM / 4 + BlockM / 8 + threadRow];
                Vector4 b0 = tileB4[atB + k * BlockN / 4 + threadCol];
                Vector4 b1 = tileB4[atB + k * BlockN / 4 + BlockN / 8 + threadCol];
                colA[0] = a0.X; colA[1] = a0.Y; colA[2] = a0.Z; colA[3] = a0.W;
                colA[4] = a1.X; colA[5] = a1.Y; colA[6] = a1.Z; colA[7] = a1.W;
                rowB[0] = b0.X; rowB[1] = b0.Y; rowB[2] = b0.Z; rowB[3] = b0.W;
                rowB[4] = b1.X; rowB[5] = b1.Y; rowB[6] = b1.Z; rowB[7] = b1.W;
                for (int i = 0; i < ThreadM; i++)
                {
                    for (int j = 0; j < ThreadN; j++) sums[i * ThreadN + j] += colA[i] * rowB[j];
                }
            }

            if (more)
            {
                stage = 1 - stage;
                StoreTiles(tileA, tileB4, stage, rowA, kA, kB, colB, nextA, nextB);
            }

            Gpu.SyncThreads();
        }

        // Rows threadRow * 4 + i and 64 + threadRow * 4 + i; columns threadCol * 4 and 64 + threadCol * 4.
        for (int i = 0; i < ThreadM; i++)
        {
            int row = firstRow + i % 4 + (i / 4) * (BlockM / 2) + threadRow * 4;
            for (int j = 0; j < ThreadN; j += 4)
            {
                int s = i * ThreadN + j;
                c4[row * quarters + (firstCol + (j / 4) * (BlockN / 2)) / 4 + threadCol] = new Vector4(sums[s], sums[s + 1], sums[s + 2], sums[s + 3]);
            }
        }
    }

    /// <summary>Stores a thread's Vector4 of A (transposed: four k's become four rows of the tile) and of B into <paramref name="stage"/>'s tiles.</summary>
    [Device]
    private static void StoreTiles(Span<float> tileA, Span<Vector4> tileB4, int stage, int rowA, int kA, int kB, int colB, Vector4 fromA, Vector4 fromB)
    {
        int at = stage * BlockK * BlockM;
        tileA[at + kA * BlockM + rowA] = fromA.X;
        tileA[at + (kA + 1) * BlockM + rowA] = fromA.Y;
        tileA[at + (kA + 2) * BlockM + rowA] = fromA.Z;
        tileA[at + (kA + 3) * BlockM + rowA] = fromA.W;
        tileB4[stage * BlockK * BlockN / 4 + kB * BlockN / 4 + colB] = fromB;
    }
}
