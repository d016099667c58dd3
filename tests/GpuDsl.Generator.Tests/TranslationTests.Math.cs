namespace GpuDsl.Generator.Tests;

/// <summary>Math functions beyond the basics, float classification, bit reinterpretation and the fast intrinsics.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void More_Math_functions_map_to_CUDA_or_to_helpers_with_NET_semantics()
    {
        Verify("""
            [Kernel]
            public static void MoreMaths(Span<float> f, Span<double> d, Span<int> n)
            {
                float x = f[0];
                double y = d[0];
                f[1] = MathF.Sign(x) + MathF.ScaleB(x, 2) + MathF.ILogB(x) + MathF.Log(x, 3f) + MathF.IEEERemainder(x, 2f);
                f[2] = MathF.MaxMagnitude(x, 1f) + MathF.MinMagnitude(x, 1f) + MathF.ReciprocalEstimate(x) + MathF.ReciprocalSqrtEstimate(x);
                f[3] = float.Exp2(x) + float.Exp10(x) + float.Hypot(x, 2f) + float.SinPi(x) + float.Max(x, 0f) + float.Sqrt(x);
                d[1] = Math.Sign(y) + Math.Log(y, 2.0) + double.Hypot(y, 1.0) + Math.ReciprocalEstimate(y) + Math.ILogB(y);
                n[0] = Math.Sign(n[1]) + Math.Max((byte)n[2], (byte)3) + Math.Min((ushort)n[3], (ushort)9) + (int)Math.Max((ulong)n[4], 2UL) + int.Max(n[5], 1);
            }
            """);
    }

    [Fact]
    public void Float_classification_and_BitConverter_are_bit_tests_and_reinterpretations()
    {
        Verify("""
            [Kernel]
            public static void Bits(Span<float> f, Span<double> d, Span<long> o)
            {
                float x = f[0];
                double y = d[0];
                o[0] = (float.IsNaN(x) ? 1 : 0) + (float.IsInfinity(x) ? 2 : 0) + (float.IsFinite(x) ? 4 : 0) + (float.IsNegative(x) ? 8 : 0);
                o[1] = (double.IsNaN(y) ? 1 : 0) + (double.IsNormal(y) ? 2 : 0) + (double.IsPositiveInfinity(y) ? 4 : 0) + (float.IsNegativeInfinity(x) ? 8 : 0);
                o[2] = BitConverter.SingleToInt32Bits(x) + BitConverter.DoubleToInt64Bits(y) + BitConverter.SingleToUInt32Bits(x);
                o[3] = (long)BitConverter.DoubleToUInt64Bits(y);
                f[1] = BitConverter.Int32BitsToSingle((int)o[0]) + BitConverter.UInt32BitsToSingle(1u);
                d[1] = BitConverter.Int64BitsToDouble(o[1]) + BitConverter.UInt64BitsToDouble(1UL);
            }
            """);
    }

    [Fact]
    public void Gpu_fast_intrinsics_and_bit_counts_map_to_CUDA_intrinsics()
    {
        Verify("""
            [Kernel]
            public static void Fast(Span<float> f, Span<int> n, uint u, ulong w)
            {
                float x = f[0];
                f[1] = Gpu.Rsqrt(x) + Gpu.FastExp(x) + Gpu.FastLog(x) + Gpu.FastSin(x) + Gpu.FastCos(x) + Gpu.FastDivide(x, 3f) + Gpu.Saturate(x);
                n[0] = Gpu.PopCount(u) + Gpu.PopCount(w) + Gpu.LeadingZeroCount(u + 1) + Gpu.LeadingZeroCount(w);
                n[1] = System.Numerics.BitOperations.TrailingZeroCount(u) + System.Numerics.BitOperations.Log2(w) + System.Numerics.BitOperations.PopCount(u);
            }
            """);
    }
}
