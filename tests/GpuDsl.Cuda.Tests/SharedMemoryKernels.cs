namespace GpuDsl.Cuda.Tests;

/// <summary>Kernels that use shared memory, barriers and atomics, for <see cref="SharedMemoryKernelTests"/>.</summary>
public static partial class SharedMemoryKernels
{
    public const int Threads = 256;
    public const int Tile = 16;

    /// <summary>A tree reduction in shared memory; one atomic add per block into the total.</summary>
    [Kernel]
    public static void Sum(ReadOnlySpan<int> x, Span<long> total)
    {
        Span<long> partial = Gpu.Shared<long>(Threads);
        int t = Gpu.ThreadIdx.X;
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + t;
        partial[t] = i < x.Length ? x[i] : 0;
        Gpu.SyncThreads();
        for (int stride = Threads / 2; stride > 0; stride /= 2)
        {
            if (t < stride) partial[t] += partial[t + stride];
            Gpu.SyncThreads();
        }

        if (t == 0) Gpu.AtomicAdd(ref total[0], partial[0]);
    }

    /// <summary>A 64-bin histogram: per-block bins in shared memory, merged into global bins with atomics.</summary>
    [Kernel]
    public static void Histogram(ReadOnlySpan<byte> values, Span<int> bins)
    {
        Span<int> local = Gpu.Shared<int>(64);
        int t = Gpu.ThreadIdx.X;
        for (int b = t; b < local.Length; b += Gpu.BlockDim.X) local[b] = 0;
        Gpu.SyncThreads();
        for (int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + t; i < values.Length; i += Gpu.BlockDim.X * Gpu.GridDim.X)
        {
            Gpu.AtomicAdd(ref local[values[i] & 63], 1);
        }

        Gpu.SyncThreads();
        for (int b = t; b < local.Length; b += Gpu.BlockDim.X) Gpu.AtomicAdd(ref bins[b], local[b]);
    }

    /// <summary>Reverses each block's slice through dynamic shared memory sized by the launch.</summary>
    [Kernel]
    public static void ReverseBlocks(ReadOnlySpan<float> x, Span<float> y)
    {
        Span<float> cache = Gpu.DynamicShared<float>();
        int n = Gpu.BlockDim.X;
        ReadOnlySpan<float> mine = x.Slice(Gpu.BlockIdx.X * n, n);
        int t = Gpu.ThreadIdx.X;
        if (t < cache.Length) cache[t] = mine[t];
        Gpu.SyncThreads();
        int i = Gpu.BlockIdx.X * n + t;
        if (i < y.Length) y[i] = cache[n - 1 - t];
    }

    /// <summary>C = A * B for n x n row-major matrices, in 16 x 16 shared-memory tiles.</summary>
    [Kernel]
    public static void TiledMatMul(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        Span<float> ta = Gpu.Shared<float>(Tile * Tile);
        Span<float> tb = Gpu.Shared<float>(Tile * Tile);
        int tx = Gpu.ThreadIdx.X, ty = Gpu.ThreadIdx.Y;
        int row = Gpu.BlockIdx.Y * Tile + ty;
        int col = Gpu.BlockIdx.X * Tile + tx;
        Span<float> acc = stackalloc float[1];
        acc[0] = 0f;
        for (int k0 = 0; k0 < n; k0 += Tile)
        {
            ta[ty * Tile + tx] = row < n && k0 + tx < n ? a[row * n + k0 + tx] : 0f;
            tb[ty * Tile + tx] = col < n && k0 + ty < n ? b[(k0 + ty) * n + col] : 0f;
            Gpu.SyncThreads();
            for (int k = 0; k < Tile; k++) acc[0] += ta[ty * Tile + k] * tb[k * Tile + tx];
            Gpu.SyncThreads();
        }

        if (row < n && col < n) c[row * n + col] = acc[0];
    }

    /// <summary>Threads of <see cref="SmoothRows3D"/>'s block in x, y and z; its shared block has one more column each side.</summary>
    public const int BlockX = 8, BlockY = 4, BlockZ = 2;

    /// <summary>
    /// result = the sum of each element and its two neighbours along a row (zero past the volume's ends), staged in a
    /// <c>Gpu.Shared3D</c> block with a one-column halo each side, as 3D stencils stage their tiles.
    /// </summary>
    [Kernel]
    public static void SmoothRows3D(ReadOnlySpan3D<float> u, Span3D<float> result)
    {
        Span3D<float> block = Gpu.Shared3D<float>(BlockZ, BlockY, BlockX + 2);
        int tx = Gpu.ThreadIdx.X, ty = Gpu.ThreadIdx.Y, tz = Gpu.ThreadIdx.Z;
        int x = Gpu.BlockIdx.X * BlockX + tx, y = Gpu.BlockIdx.Y * BlockY + ty, z = Gpu.BlockIdx.Z * BlockZ + tz;
        block[tz, ty, tx + 1] = u[z, y, x];
        if (tx == 0) block[tz, ty, 0] = x > 0 ? u[z, y, x - 1] : 0f;
        if (tx == BlockX - 1) block[tz, ty, BlockX + 1] = x + 1 < u.Columns ? u[z, y, x + 1] : 0f;
        Gpu.SyncThreads();
        result[z, y, x] = block[tz, ty, tx] + block[tz, ty, tx + 1] + block[tz, ty, tx + 2];
    }
}
