namespace GpuDsl.Cuda.Tests;

/// <summary>A 16-byte element, as CUDA's <c>uint4</c>, for viewing a <c>uint</c> buffer four elements at a time.</summary>
public struct UInt4
{
    public uint X, Y, Z, W;
}

public struct Point
{
    public float X, Y;
}

/// <summary>
/// Kernels written as CUDA code is, with pointers: spans assigned again (<c>p = p.Slice(k)</c> for <c>p += k</c>),
/// chosen with <c>?:</c>, sliced into <c>[Device]</c> calls; <c>ref</c> locals; per-thread arrays.
/// </summary>
public static partial class PointerSpanKernels
{
    /// <summary>Each thread sums its window of <paramref name="width"/> inputs by walking a span forward.</summary>
    [Kernel]
    public static void WindowSums(ReadOnlySpan<float> input, Span<float> sums, int width)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= sums.Length) return;
        ReadOnlySpan<float> p = input.Slice(i, width);
        float total = 0f;
        while (p.Length > 0)
        {
            total += p[0];
            p = p.Slice(1);
        }

        sums[i] = total + Sum(input.Slice(i, width)) - Sum(input.Slice(i).Slice(0, width));
    }

    /// <summary>Per-thread arrays: a stackalloc'd filter with an initializer, a zeroed new float[4], a span chosen by ?:.</summary>
    [Kernel]
    public static void Filters(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, Span<Point> points)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= output.Length || i + 3 > a.Length) return;
        ReadOnlySpan<float> source = i % 2 == 0 ? a : b;
        Span<float> taps = stackalloc float[] { 0.25f, 0.5f, 0.25f };
        float[] squares = new float[4];
        for (int k = 0; k < 3; k++) squares[k] = source[i + k] * source[i + k];
        float value = 0f;
        for (int k = 0; k < taps.Length; k++) value += taps[k] * source[i + k];
        foreach (float s in squares) value += s;
        ref float slot = ref output[i];
        slot = value + Sum(i % 3 == 0 ? taps : squares);
        ref Point point = ref points[i];
        ref float y = ref points[i].Y;
        point.X += slot;
        y = Advance(output.Slice(i), point.X);
    }

    [Device]
    public static float Sum(ReadOnlySpan<float> s)
    {
        float total = 0f;
        for (; s.Length > 0; s = s.Slice(1)) total += s[0];
        return total;
    }

    [Device]
    public static float Advance(Span<float> s, float x)
    {
        s = s.Slice(0, 1);
        return s.Length + x;
    }

    /// <summary>Adds <paramref name="value"/> to every 16-byte element: the uint buffer viewed as UInt4s.</summary>
    [Kernel]
    public static void AddToQuads(Span<UInt4> quads, uint value)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= quads.Length) return;
        ref UInt4 q = ref quads[i];
        q.X += value;
        q.Y += value;
        q.Z += value;
        q.W += value;
    }

    /// <summary>The line of <see cref="WalkOnePastTheEnd"/>'s faulty read.</summary>
    public const int WalkReadLine = 99;

    /// <summary>Reads index 1 of a span walked to its last element (length 1): out of range, for checked mode.</summary>
    [Kernel]
    public static void WalkOnePastTheEnd(ReadOnlySpan<float> a, Span<float> b)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= b.Length) return;
        ReadOnlySpan<float> p = a.Slice(i);
        p = p.Slice(p.Length - 1);
        float[] window = new float[2];
        window[0] = p[0];
        window[1] = i == 5 ? p[1] : 0f;
        b[i] = window[0] + window[1];
    }

    /// <summary>A generic copy, launched with whole buffers so that T is inferred from a DeviceBuffer&lt;T&gt;.</summary>
    [Kernel]
    public static void CopyOf<T>(ReadOnlySpan<T> source, Span<T> destination) where T : unmanaged
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < destination.Length && i < source.Length) destination[i] = source[i];
    }
}

/// <summary>3D data: a 7-point Laplacian over a volume, and an out-of-range slice for checked mode.</summary>
public static partial class VolumeKernels
{
    [Kernel]
    public static void Laplacian(ReadOnlySpan3D<float> u, Span3D<float> result)
    {
        int x = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int y = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        int z = Gpu.BlockIdx.Z * Gpu.BlockDim.Z + Gpu.ThreadIdx.Z;
        if (x < 1 || y < 1 || z < 1 || x >= u.Columns - 1 || y >= u.Rows - 1 || z >= u.Slices - 1) return;
        result[z, y, x] = Neighbours(u, z, y, x) - 6f * u[z, y, x];
    }

    [Device]
    public static float Neighbours(ReadOnlySpan3D<float> u, int z, int y, int x) =>
        u[z - 1, y, x] + u[z + 1, y, x] + u[z, y - 1, x] + u[z, y + 1, x] + u[z, y, x - 1] + u[z, y, x + 1];

    /// <summary>The line of <see cref="ReadSlice"/>'s read.</summary>
    public const int ReadSliceLine = 135;

    [Kernel]
    public static void ReadSlice(ReadOnlySpan3D<float> u, Span<float> output, int slice)
    {
        output[0] = u[slice, 0, 0];
    }
}
