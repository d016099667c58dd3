using GpuDsl;

namespace Sigmoid;

/// <summary>A [Device] function called from a kernel.</summary>
public static partial class SigmoidKernels
{
    /// <summary>The logistic function, 1 / (1 + e^-x).</summary>
    [Device]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>y = sigmoid(x), element-wise.</summary>
    [Kernel]
    public static void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < y.Length) y[i] = Sigmoid(x[i]);
    }
}
