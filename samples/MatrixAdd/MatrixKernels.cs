using GpuDsl;

namespace MatrixAdd;

/// <summary>The 2D matrix add of CUDA's programming guide: one thread per element, 2D blocks and grid.</summary>
public static partial class MatrixKernels
{
    /// <summary>c = a + b for row-major <paramref name="rows"/> x <paramref name="cols"/> matrices.</summary>
    [Kernel]
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int cols)
    {
        int col = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (row < rows && col < cols)
        {
            int i = row * cols + col;
            c[i] = a[i] + b[i];
        }
    }
}
