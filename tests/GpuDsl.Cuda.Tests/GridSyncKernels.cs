namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Kernels that wait for the whole grid with <see cref="Gpu.SyncGrid"/>, for <see cref="GridSyncKernelTests"/>: an
/// explicit heat-equation solver that takes every time step in one launch (the grid-sync form of NVIDIA's
/// cuda-samples conjugate-gradient and reduction kernels), and a two-phase sum whose second phase reads what every block
/// wrote in the first.
/// </summary>
public static partial class GridSyncKernels
{
    /// <summary>
    /// <paramref name="steps"/> explicit steps of u_t = alpha * u_xx on a rod whose ends stay fixed: each step writes
    /// <paramref name="next"/> from <paramref name="u"/>, waits for the grid, copies it back and waits again. Each thread
    /// handles the points of a grid-stride loop, so any grid that fits on the device covers the rod.
    /// </summary>
    [Kernel]
    public static void Diffuse(Span<float> u, Span<float> next, float alpha, int steps)
    {
        int stride = Gpu.GridDim.X * Gpu.BlockDim.X;
        int first = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        for (int step = 0; step < steps; step++)
        {
            for (int i = first; i < u.Length; i += stride)
            {
                next[i] = i == 0 || i == u.Length - 1 ? u[i] : u[i] + alpha * (u[i - 1] - 2f * u[i] + u[i + 1]);
            }

            Gpu.SyncGrid();
            for (int i = first; i < u.Length; i += stride)
            {
                u[i] = next[i];
            }

            Gpu.SyncGrid();
        }
    }

    /// <summary>
    /// Each block sums its slice of <paramref name="x"/> into <paramref name="partial"/>; after the grid barrier, thread 0
    /// of block 0 (called through a [Device] method) adds the partial sums into <paramref name="total"/>.
    /// </summary>
    [Kernel]
    public static void TwoPhaseSum(ReadOnlySpan<long> x, Span<long> partial, Span<long> total)
    {
        Span<long> sums = Gpu.Shared<long>(256);
        int tid = Gpu.ThreadIdx.X;
        long mine = 0;
        for (int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + tid; i < x.Length; i += Gpu.GridDim.X * Gpu.BlockDim.X)
        {
            mine += x[i];
        }

        sums[tid] = mine;
        Gpu.SyncThreads();
        if (tid == 0)
        {
            long block = 0;
            for (int t = 0; t < Gpu.BlockDim.X; t++)
            {
                block += sums[t];
            }

            partial[Gpu.BlockIdx.X] = block;
        }

        WaitForGrid();
        if (Gpu.BlockIdx.X == 0 && tid == 0)
        {
            long sum = 0;
            for (int b = 0; b < partial.Length; b++)
            {
                sum += partial[b];
            }

            total[0] = sum;
        }
    }

    /// <summary>The grid barrier from a [Device] method: the kernel that calls it is launched cooperatively too.</summary>
    [Device]
    public static void WaitForGrid() => Gpu.SyncGrid();

    /// <summary>Thread 0 of each block returns before the barrier: a grid that would hang on the GPU.</summary>
    [Kernel]
    public static void ReturnsBeforeSyncGrid(Span<int> x)
    {
#pragma warning disable GPU0037 // the divergence under test
        if (Gpu.ThreadIdx.X == 0)
        {
            return;
        }

        Gpu.SyncGrid();
#pragma warning restore GPU0037
        x[Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X] = 1;
    }
}
