namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Kernels whose values depend on C#'s exact semantics, for <see cref="MathSemanticsTests"/>: conversions, signed zeros
/// and NaN in Min/Max, floating remainder, Half arithmetic, mixed-signedness integers, and floating-point contraction.
/// Each thread takes one input (or pair) and writes <see cref="Outputs"/> results at <c>i * Outputs + k</c>.
/// </summary>
public static partial class MathSemanticsKernels
{
    /// <summary>Outputs per input of each kernel.</summary>
    public const int Outputs = 16;

    /// <summary>Float and double to every integer type: .NET saturates (NaN is 0), and reaches byte and short through int.</summary>
    [Kernel]
    public static void Conversions(ReadOnlySpan<float> x, ReadOnlySpan<double> y, Span<long> o)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        float a = x[i];
        double d = y[i];
        int k = i * Outputs;
        o[k] = (int)a;
        o[k + 1] = (uint)a;
        o[k + 2] = (byte)a;
        o[k + 3] = (sbyte)a;
        o[k + 4] = (short)a;
        o[k + 5] = (ushort)a;
        o[k + 6] = (long)a;
        o[k + 7] = (long)(ulong)a;
        o[k + 8] = (int)d;
        o[k + 9] = (uint)d;
        o[k + 10] = (byte)d;
        o[k + 11] = (long)d;
        o[k + 12] = (long)(ulong)d;
        o[k + 13] = (short)d;
        o[k + 14] = (int)(Half)a;
        o[k + 15] = (byte)(Half)a;
    }

    /// <summary>Min, Max, their magnitudes, Clamp, CopySign, rounding and remainders on pairs with signed zeros and NaN.</summary>
    [Kernel]
    public static void Pairs(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> f, Span<double> d)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        float a = x[i], b = y[i];
        double p = a, q = b;
        int k = i * Outputs;
        f[k] = Math.Max(a, b);
        f[k + 1] = Math.Min(a, b);
        f[k + 2] = MathF.Max(a, b);
        f[k + 3] = MathF.Min(a, b);
        f[k + 4] = MathF.MaxMagnitude(a, b);
        f[k + 5] = MathF.MinMagnitude(a, b);
        f[k + 6] = Math.Clamp(a, -1f, 1f);
        f[k + 7] = MathF.CopySign(a, b);
        f[k + 8] = a % b;
        f[k + 9] = MathF.Round(a, MidpointRounding.AwayFromZero);
        f[k + 10] = MathF.Round(a);
        f[k + 11] = MathF.Round(a, 1);
        f[k + 12] = float.Max(a, b);
        f[k + 13] = Math.Abs(a);
        f[k + 14] = MathF.Round(a, MidpointRounding.ToNegativeInfinity);
        f[k + 15] = (float)Math.Sqrt(a);
        d[k] = Math.Max(p, q);
        d[k + 1] = Math.Min(p, q);
        d[k + 2] = p % q;
        d[k + 3] = Math.Round(p, 2);
        d[k + 4] = Math.Round(p, MidpointRounding.ToZero);
        d[k + 5] = Math.FusedMultiplyAdd(a, b, a);
        d[k + 6] = Math.MaxMagnitude(p, q);
        d[k + 7] = Math.MinMagnitude(p, q);
        d[k + 8] = Math.IEEERemainder(p, q);
        d[k + 9] = MathF.IEEERemainder(a, b);
    }

    /// <summary>Half's operators (in float, rounded back), its conversions and constants.</summary>
    [Kernel]
    public static void Halves(ReadOnlySpan<float> x, ReadOnlySpan<int> n, Span<Half> h)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        Half a = (Half)x[i];
        int m = n[i];
        byte small = (byte)m;
        int k = i * Outputs;
        h[k] = a;
        h[k + 1] = (Half)m;
        h[k + 2] = (Half)(double)x[i];
        h[k + 3] = a + (Half)1.5f;
        h[k + 4] = a / (Half)3f;
        h[k + 5] = a % (Half)0.7f;
        h[k + 6] = a * a - (Half)m;
        h[k + 7] = a + small;
        h[k + 8] = (Half)((float)a * 3.3f + m);
        h[k + 9] = a > (Half)m ? Half.MaxValue : Half.MinValue;
        h[k + 10] = (Half)(long)m;
        h[k + 11] = (Half)(uint)m;
        h[k + 12] = Half.Epsilon;
        h[k + 13] = (Half)((int)a % 1000 + m);
        Half c = a;
        c /= (Half)7f;
        h[k + 14] = c;
        h[k + 15] = -a;
    }

    /// <summary>Integers where C++'s rules differ from C#'s: mixed signedness, negative literals, shift counts, narrow types.</summary>
    [Kernel]
    public static void Integers(ReadOnlySpan<int> n, ReadOnlySpan<uint> u, Span<long> o)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= n.Length) return;
        int a = n[i];
        uint b = u[i];
        sbyte s = (sbyte)a;
        byte c = (byte)b;
        int k = i * Outputs;
        o[k] = Math.Min(a, b);
        o[k + 1] = Math.Max(a, b);
        o[k + 2] = -b;
        o[k + 3] = a / -2147483648;
        o[k + 4] = a < -2147483648 + 1 ? 1 : 0;
        o[k + 5] = a << (int)b;
        o[k + 6] = a >> (int)(b + 32);
        int shifted = a;
        shifted >>>= (int)b;
        o[k + 7] = shifted;
        o[k + 8] = Math.Clamp(s, -3, Math.Abs(a % 100));
        o[k + 9] = Math.Clamp(Math.Min(c, (byte)(b >> 8)), (byte)10, (byte)200);
        o[k + 10] = a < b ? 1 : 0;
        o[k + 11] = int.RotateLeft(a, (int)b) + (long)uint.PopCount(b);
        o[k + 12] = System.Numerics.BitOperations.RotateRight(b, a);
        o[k + 13] = int.Abs(a == int.MinValue ? 0 : a) + int.Sign(a);
        o[k + 14] = Math.Abs(a - 5) is > 3 and < 10 ? 1 : 0;
        o[k + 15] = unchecked(a * 65537 + (int)b);
    }

    /// <summary>
    /// The integer types' IsPow2, parity and sign tests (packed as bits), MaxMagnitude/MinMagnitude with MinValue, and the
    /// 8- and 16-bit rotates with counts beyond their width.
    /// </summary>
    [Kernel]
    public static void IntegerMembers(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<long> o)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        int a = x[i], c = y[i];
        long wide = (long)a << 32;
        int k = i * Outputs;
        o[k] = (int.IsPow2(a) ? 1 : 0) | (uint.IsPow2((uint)a) ? 2 : 0) | (long.IsPow2(wide) ? 4 : 0) | (ulong.IsPow2((ulong)wide) ? 8 : 0) |
            (System.Numerics.BitOperations.IsPow2(a) ? 16 : 0) | (System.Numerics.BitOperations.IsPow2((ulong)wide) ? 32 : 0) |
            (sbyte.IsPow2((sbyte)a) ? 64 : 0) | (byte.IsPow2((byte)a) ? 128 : 0) | (short.IsPow2((short)a) ? 256 : 0) | (ushort.IsPow2((ushort)a) ? 512 : 0) |
            (System.Numerics.BitOperations.IsPow2((uint)a) ? 1024 : 0) | (System.Numerics.BitOperations.IsPow2(wide) ? 2048 : 0);
        o[k + 1] = (int.IsEvenInteger(a) ? 1 : 0) | (int.IsOddInteger(a) ? 2 : 0) | (int.IsNegative(a) ? 4 : 0) | (sbyte.IsNegative((sbyte)a) ? 8 : 0) |
            (long.IsOddInteger(wide + a) ? 16 : 0) | (byte.IsEvenInteger((byte)a) ? 32 : 0) | (short.IsNegative((short)a) ? 64 : 0) | (ulong.IsOddInteger((ulong)a) ? 128 : 0);
        o[k + 2] = int.MaxMagnitude(a, c);
        o[k + 3] = int.MinMagnitude(a, c);
        o[k + 4] = long.MaxMagnitude(wide, (long)c << 32);
        o[k + 5] = long.MinMagnitude(wide, (long)c << 32);
        o[k + 6] = short.MaxMagnitude((short)a, (short)c);
        o[k + 7] = short.MinMagnitude((short)a, (short)c);
        o[k + 8] = sbyte.MaxMagnitude((sbyte)a, (sbyte)c);
        o[k + 9] = sbyte.MinMagnitude((sbyte)a, (sbyte)c);
        o[k + 10] = ushort.RotateLeft((ushort)a, c - 32);
        o[k + 11] = byte.RotateLeft((byte)a, c);
        o[k + 12] = sbyte.RotateRight((sbyte)a, c);
        o[k + 13] = short.RotateLeft((short)a, c);
        o[k + 14] = ushort.RotateRight((ushort)a, c);
        o[k + 15] = byte.RotateRight((byte)a, c) * 1000L + sbyte.RotateLeft((sbyte)a, c) * 1000_000L + short.RotateRight((short)a, c) * 1000_000_000L + ushort.RotateLeft((ushort)a, c);
    }

    /// <summary>float's and double's MaxNumber/MinNumber, and Half's functions and tests, on signed zeros, NaN and infinities.</summary>
    [Kernel]
    public static void NumberAndHalfMembers(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<Half> hx, ReadOnlySpan<Half> hy, Span<double> d, Span<Half> h, Span<int> tests)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        float a = x[i], b = y[i];
        Half p = hx[i], q = hy[i];
        int k = i * Outputs;
        d[k] = float.MaxNumber(a, b);
        d[k + 1] = float.MinNumber(a, b);
        d[k + 2] = double.MaxNumber(a, b);
        d[k + 3] = double.MinNumber(a, b);
        h[k] = Half.Max(p, q);
        h[k + 1] = Half.Min(p, q);
        h[k + 2] = Half.Abs(p);
        h[k + 3] = Half.Sqrt(p);
        h[k + 4] = Half.Floor(p);
        h[k + 5] = Half.Ceiling(p);
        h[k + 6] = Half.Truncate(p);
        h[k + 7] = Half.Round(p);
        tests[i] = (Half.IsFinite(p) ? 1 : 0) | (Half.IsNormal(p) ? 2 : 0) | (Half.IsNegative(p) ? 4 : 0) |
            (Half.IsPositiveInfinity(p) ? 8 : 0) | (Half.IsNegativeInfinity(p) ? 16 : 0) | (Half.IsNaN(p) ? 32 : 0) | (Half.IsInfinity(p) ? 64 : 0);
    }

    /// <summary>a * a - c, rounding the product (C#'s answer) unless the kernel or project contracts.</summary>
    [Kernel]
    public static void Rounded(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = Gpu.ThreadIdx.X;
        if (i < x.Length) y[i] = x[i] * x[i] - y[i];
    }

    /// <summary>The same as <see cref="Rounded"/>, fused: one rounding on the GPU.</summary>
    [Kernel(ContractFloatingPoint = true)]
    public static void Fused(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = Gpu.ThreadIdx.X;
        if (i < x.Length) y[i] = x[i] * x[i] - y[i];
    }

    /// <summary>The same as <see cref="Rounded"/>, with products that are never fused whatever the project says.</summary>
    [Kernel(ContractFloatingPoint = false)]
    public static void NeverFused(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = Gpu.ThreadIdx.X;
        if (i < x.Length) y[i] = x[i] * x[i] - y[i];
    }
}
