using GpuDsl;

namespace MatrixAdd;

/// <summary>The 2D matrix add of CUDA's programming guide: one thread per element, 2D blocks and grid.</summary>
public static partial class MatrixKernels
{
    /// <summary>c = a + b, element by element; the three matrices have one shape, each its own pitch.</summary>
    [Kernel]
    public static void Add(ReadOnlySpan2D<float> a, ReadOnlySpan2D<float> b, Span2D<float> c)
    {
        int col = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (row < c.Rows && col < c.Columns)
            c[row, col] = a[row, col] + b[row, col];
    }
}
