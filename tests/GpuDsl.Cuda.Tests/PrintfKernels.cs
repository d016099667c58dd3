namespace GpuDsl.Cuda.Tests;

/// <summary>Kernels that print with <see cref="Gpu.Printf(string)"/>, for <see cref="PrintfKernelTests"/>.</summary>
public static partial class PrintfKernels
{
    /// <summary>Each thread prints one line of integers, a long, floats and a Half, then records that it did.</summary>
    [Kernel]
    public static void PrintEach(ReadOnlySpan<float> x, Span<int> printed)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < x.Length)
        {
            Gpu.Printf("gpudsl-printf %3d|%-4x|%lld|%.3f|%e|%g|%d|%%\n", i, i, i * 1_000_000_000L, x[i], (double)x[i], (Half)0.5f, i % 2 == 0);
            printed[i] = i + 1;
        }
    }
}
