using System.Numerics;
using System.Runtime.InteropServices;
using GpuDsl;

namespace VectorAdd;

/// <summary>The kernel of CUDA's first example, in C#, and two variants that keep more bytes in flight per thread.</summary>
public static partial class VectorKernels
{
    /// <summary>c = a + b, one thread per element.</summary>
    [Kernel]
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < c.Length) c[i] = a[i] + b[i];
    }

    /// <summary>
    /// c = a + b, four elements per thread, a grid's width apart so that each load stays coalesced. The thread issues
    /// all eight loads before its first store, which hides more memory latency than one load pair at a time.
    /// </summary>
    [Kernel]
    public static void AddFour(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        int stride = Gpu.GridDim.X * Gpu.BlockDim.X;
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        for (; i + 3 * stride < c.Length; i += 4 * stride)
        {
            float a0 = a[i], a1 = a[i + stride], a2 = a[i + 2 * stride], a3 = a[i + 3 * stride];
            float b0 = b[i], b1 = b[i + stride], b2 = b[i + 2 * stride], b3 = b[i + 3 * stride];
            c[i] = a0 + b0;
            c[i + stride] = a1 + b1;
            c[i + 2 * stride] = a2 + b2;
            c[i + 3 * stride] = a3 + b3;
        }

        for (; i < c.Length; i += stride)
        {
            c[i] = a[i] + b[i];
        }
    }

    /// <summary>
    /// c = a + b, four floats at a time as <see cref="Vector4"/>s: each load and store is one 16-byte instruction. The
    /// spans must start at a multiple of 16 bytes, as every buffer does; the last n % 4 floats are added one by one.
    /// </summary>
    [Kernel]
    public static void AddVectors(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        ReadOnlySpan<Vector4> a4 = MemoryMarshal.Cast<float, Vector4>(a);
        ReadOnlySpan<Vector4> b4 = MemoryMarshal.Cast<float, Vector4>(b);
        Span<Vector4> c4 = MemoryMarshal.Cast<float, Vector4>(c);
        int stride = Gpu.GridDim.X * Gpu.BlockDim.X;
        int first = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        for (int i = first; i < c4.Length; i += stride)
        {
            c4[i] = a4[i] + b4[i];
        }

        for (int i = c4.Length * 4 + first; i < c.Length; i += stride)
        {
            c[i] = a[i] + b[i];
        }
    }
}
