using System.Numerics;
using System.Runtime.InteropServices;

namespace GpuDsl.Cuda.Tests;

/// <summary>System.Numerics vectors in kernels: CUDA's float2/3/4, their operators, and Vector4 views of float spans.</summary>
public static partial class NumericsVectorKernels
{
    /// <summary>Every translated vector operation once, on a Vector4 view of <paramref name="x"/> and spans of each width.</summary>
    [Kernel]
    public static void Arithmetic(ReadOnlySpan<float> x, Span<Vector4> quads, Span<Vector3> triples, Span<Vector2> pairs, Span<float> dots, float s)
    {
        ReadOnlySpan<Vector4> x4 = MemoryMarshal.Cast<float, Vector4>(x);
        Span<Vector4> tile = Gpu.Shared<Vector4>(128);
        int t = Gpu.ThreadIdx.X;
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + t;
        if (i >= x4.Length) return;
        Vector4 v = x4[i] * s + new Vector4(1f, -2f, 3f, -4f);
        v -= new Vector4(s);
        v *= 0.5f;
        v /= new Vector4(2f, 4f, 8f, 16f);
        v.W = -v.X + v.W;
        tile[t] = Vector4.Abs(-v) / 2f + Vector4.One - Vector4.Zero;
        quads[i] = 2f * tile[t] + Vector4.SquareRoot(Vector4.Abs(v)) * v;
        Vector3 w = new Vector3(v.X, v.Y, v.Z) + new Vector3(s) - Vector3.One;
        triples[i] = w * w;
        pairs[i] = new Vector2(w.X, w.Z) / pairs[i] + Vector2.One;
        dots[i] = Vector4.Dot(v, tile[t]) + Vector3.Dot(w, w) + Vector2.Dot(pairs[i], Vector2.One);
    }
}
