using System.Numerics;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// The numeric types' static members on a type parameter (<c>T.IsNegative</c>, <c>T.PopCount</c>...) and on the signed
/// integers (<c>int.CopySign</c>, <c>int.IsPositive</c>), for <see cref="NumberMemberKernelTests"/>.
/// </summary>
public static partial class NumberMemberKernels
{
    /// <summary>Each element's classification as bits: negative, positive, finite, NaN, infinite, even, odd.</summary>
    [Kernel(typeof(float), typeof(double), typeof(Half), typeof(int), typeof(long), typeof(byte), typeof(short))]
    public static void Classify<T>(ReadOnlySpan<T> x, Span<int> flags) where T : unmanaged, INumber<T>
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        flags[i] = Flags(x[i]);
    }

    /// <summary>The classification of one value (the same code the tests run on the host).</summary>
    [Device]
    public static int Flags<T>(T v) where T : unmanaged, INumber<T> =>
        (T.IsNegative(v) ? 1 : 0) | (T.IsPositive(v) ? 2 : 0) | (T.IsFinite(v) ? 4 : 0) | (T.IsNaN(v) ? 8 : 0) |
        (T.IsInfinity(v) ? 16 : 0) | (T.IsEvenInteger(v) ? 32 : 0) | (T.IsOddInteger(v) ? 64 : 0);

    /// <summary>Each element's population count, leading and trailing zero counts, at the type's own width.</summary>
    [Kernel(typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort))]
    public static void Count<T>(ReadOnlySpan<T> x, Span<T> counts) where T : unmanaged, IBinaryInteger<T>
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        counts[3 * i] = T.PopCount(x[i]);
        counts[3 * i + 1] = T.LeadingZeroCount(x[i]);
        counts[3 * i + 2] = T.TrailingZeroCount(x[i]);
    }

    /// <summary><c>CopySign</c> and <c>IsPositive</c> of the signed integer types, element by element with the next one.</summary>
    [Kernel]
    public static void Signs(ReadOnlySpan<int> x, Span<long> o)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i + 1 >= x.Length) return;
        int a = x[i], b = x[i + 1];
        o[4 * i] = int.CopySign(a, b);
        o[4 * i + 1] = long.CopySign((long)a * 3, b);
        o[4 * i + 2] = short.CopySign((short)a, (short)b) + sbyte.CopySign((sbyte)(a >> 1), (sbyte)b);
        o[4 * i + 3] = (int.IsPositive(a) ? 1 : 0) + (long.IsPositive(b) ? 2 : 0) + (sbyte.IsPositive((sbyte)a) ? 4 : 0);
    }
}
