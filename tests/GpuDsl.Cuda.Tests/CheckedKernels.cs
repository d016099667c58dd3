using GpuDsl;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Kernels with an off-by-one, for <see cref="CheckedModeTests"/>. The test project builds in checked mode
/// (<c>GpuDslCheckedKernels</c> in its project file), so the read past the end is reported instead of faulting.
/// </summary>
public static partial class CheckedKernels
{
    /// <summary>The line of the faulty read below, which the exception must name.</summary>
    public const int ReadLine = 19;

    /// <summary>b[i] = a[i + 1]: the last thread reads one past the end of <paramref name="a"/> when both are as long.</summary>
    [Kernel]
    public static void ShiftLeft(ReadOnlySpan<float> a, Span<float> b)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < b.Length) b[i] = a[i + 1];
    }

    /// <summary>The line of the faulty 2D read below.</summary>
    public const int Read2DLine = 33;

    /// <summary>
    /// b[row, col] = a[row, col + 1]: the last column reads one past a's columns, inside its pitch, so only the column
    /// check can tell.
    /// </summary>
    [Kernel]
    public static void ShiftLeft2D(ReadOnlySpan2D<float> a, Span2D<float> b)
    {
        int col = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X, row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (row < b.Rows && col < b.Columns) b[row, col] = a[row, col + 1];
    }
}
