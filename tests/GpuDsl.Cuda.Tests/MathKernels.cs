using System.Numerics;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Math beyond the basics, for <see cref="MathKernelTests"/>: each thread takes one input and writes one output per
/// function, at <c>i * Outputs + k</c>, so the test checks every function on every input.
/// </summary>
public static partial class MathKernels
{
    /// <summary>Outputs per input of each kernel.</summary>
    public const int Outputs = 16;

    /// <summary>Single-precision functions of Math, MathF and float.</summary>
    [Kernel]
    public static void Single(ReadOnlySpan<float> x, Span<float> f)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        float a = x[i];
        int o = i * Outputs;
        f[o] = float.IsNaN(a) ? -9f : MathF.Sign(a);
        f[o + 1] = MathF.ScaleB(a, 3);
        f[o + 2] = MathF.ILogB(a);
        f[o + 3] = MathF.Log(MathF.Abs(a), 3f);
        f[o + 4] = MathF.MaxMagnitude(a, -2f);
        f[o + 5] = MathF.MinMagnitude(a, -2f);
        f[o + 6] = MathF.IEEERemainder(a, 1.5f);
        f[o + 7] = float.Exp2(a);
        f[o + 8] = float.Hypot(a, 2f);
        f[o + 9] = MathF.ReciprocalEstimate(a);
        f[o + 10] = Math.Max(a, -1f) + Math.Min(a, 1f);
        f[o + 11] = float.Sqrt(MathF.Abs(a)) + float.Floor(a);
        f[o + 12] = float.CosPi(a);
        f[o + 13] = MathF.Truncate(a) + MathF.Atan2(a, 2f);
        f[o + 14] = float.Log(a, 2f);
        f[o + 15] = MathF.ReciprocalSqrtEstimate(a);
    }

    /// <summary>Double-precision functions of Math and double.</summary>
    [Kernel]
    public static void Double(ReadOnlySpan<double> x, Span<double> d)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        double a = x[i];
        int o = i * Outputs;
        d[o] = double.IsNaN(a) ? -9 : Math.Sign(a);
        d[o + 1] = Math.ScaleB(a, -2);
        d[o + 2] = Math.ILogB(a);
        d[o + 3] = Math.Log(Math.Abs(a), 10.0);
        d[o + 4] = Math.MaxMagnitude(a, 2.0);
        d[o + 5] = Math.MinMagnitude(a, 2.0);
        d[o + 6] = Math.IEEERemainder(a, 0.75);
        d[o + 7] = double.Exp10(a / 64);
        d[o + 8] = double.Hypot(a, -1.0);
        d[o + 9] = Math.Clamp(a, -3.0, 3.0);
        d[o + 10] = Math.Max(a, 0.5) - Math.Min(a, -0.5);
        d[o + 11] = Math.Cbrt(a) + Math.Round(a);
        d[o + 12] = double.SinPi(a);
        d[o + 13] = Math.FusedMultiplyAdd(a, 3.0, 1.0);
        d[o + 14] = Math.CopySign(2.0, a);
        d[o + 15] = Math.Tanh(a);
    }

    /// <summary>Classification of floats and doubles (as bits of a mask), reinterpreted bits, and integer Min/Max/Sign.</summary>
    [Kernel]
    public static void Classify(ReadOnlySpan<float> x, ReadOnlySpan<double> y, Span<int> masks, Span<long> bits, Span<float> roundTrips)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        float a = x[i];
        double b = y[i];
        int m = 0;
        if (float.IsNaN(a)) m |= 1;
        if (float.IsInfinity(a)) m |= 2;
        if (float.IsFinite(a)) m |= 4;
        if (float.IsNegative(a)) m |= 8;
        if (float.IsNormal(a)) m |= 16;
        if (float.IsPositiveInfinity(a)) m |= 32;
        if (float.IsNegativeInfinity(a)) m |= 64;
        if (double.IsNaN(b)) m |= 128;
        if (double.IsInfinity(b)) m |= 256;
        if (double.IsFinite(b)) m |= 512;
        if (double.IsNegative(b)) m |= 1024;
        if (double.IsNormal(b)) m |= 2048;
        if (double.IsPositiveInfinity(b)) m |= 4096;
        if (double.IsNegativeInfinity(b)) m |= 8192;
        masks[i] = m;
        bits[3 * i] = BitConverter.SingleToInt32Bits(a);
        bits[3 * i + 1] = BitConverter.DoubleToInt64Bits(b);
        bits[3 * i + 2] = (long)BitConverter.DoubleToUInt64Bits(b) ^ BitConverter.SingleToUInt32Bits(a);
        int k = (int)BitConverter.SingleToUInt32Bits(a) & 0x7fffff;
        roundTrips[2 * i] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) ^ 1) + BitConverter.UInt32BitsToSingle(0x3f800000u);
        roundTrips[2 * i + 1] = (float)BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(b) + 1) + Math.Sign(k - 3000000) +
            Math.Max((byte)k, (byte)100) + Math.Min((short)k, (short)-5) + Math.Max((ulong)k, 7UL) + Math.Sign((long)k - 10);
    }

    /// <summary>The Gpu fast intrinsics and bit counts.</summary>
    [Kernel]
    public static void Intrinsics(ReadOnlySpan<float> x, ReadOnlySpan<uint> u, Span<float> f, Span<int> n)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        float a = x[i];
        int o = i * Outputs;
        f[o] = Gpu.Rsqrt(MathF.Abs(a) + 1f);
        f[o + 1] = Gpu.FastExp(a / 8f);
        f[o + 2] = Gpu.FastLog(MathF.Abs(a) + 0.5f);
        f[o + 3] = Gpu.FastSin(a);
        f[o + 4] = Gpu.FastCos(a);
        f[o + 5] = Gpu.FastDivide(a, 3f);
        f[o + 6] = Gpu.Saturate(a);
        uint v = u[i];
        n[o] = Gpu.PopCount(v);
        n[o + 1] = Gpu.PopCount((long)v << 20 | 1L);
        n[o + 2] = Gpu.LeadingZeroCount(v);
        n[o + 3] = Gpu.LeadingZeroCount((ulong)v);
        n[o + 4] = BitOperations.PopCount(v) + BitOperations.LeadingZeroCount(v);
        n[o + 5] = BitOperations.TrailingZeroCount(v);
        n[o + 6] = BitOperations.TrailingZeroCount((ulong)v << 3);
        n[o + 7] = BitOperations.Log2(v);
        n[o + 8] = Gpu.PopCount((int)v) - Gpu.LeadingZeroCount((int)v);
    }
}
