using GpuDsl;

namespace VectorAdd;

/// <summary>The kernel of CUDA's first example, in C#.</summary>
public static partial class VectorKernels
{
    /// <summary>c = a + b, one thread per element.</summary>
    [Kernel]
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < c.Length) c[i] = a[i] + b[i];
    }
}
