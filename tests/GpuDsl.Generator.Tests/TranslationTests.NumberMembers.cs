namespace GpuDsl.Generator.Tests;

/// <summary>The numeric types' static members on a type parameter and on the signed integer types.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Static_numeric_members_on_a_type_parameter_become_templates_each_instance_specializes()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel(typeof(float), typeof(Half), typeof(int))]
                public static void Classify<T>(ReadOnlySpan<T> x, Span<int> flags) where T : unmanaged, INumber<T>
                {
                    int i = Gpu.ThreadIdx.X;
                    T v = x[i];
                    flags[i] = (T.IsNegative(v) ? 1 : 0) | (T.IsPositive(v) ? 2 : 0) | (T.IsFinite(v) ? 4 : 0) | (T.IsNaN(v) ? 8 : 0) |
                        (T.IsInfinity(v) ? 16 : 0) | (T.IsEvenInteger(v) ? 32 : 0) | (T.IsOddInteger(v) ? 64 : 0);
                }

                [Kernel(typeof(byte), typeof(long))]
                public static void Count<T>(ReadOnlySpan<T> x, Span<T> counts) where T : unmanaged, IBinaryInteger<T>
                {
                    int i = Gpu.ThreadIdx.X;
                    counts[3 * i] = T.PopCount(x[i]);
                    counts[3 * i + 1] = T.LeadingZeroCount(x[i]);
                    counts[3 * i + 2] = T.TrailingZeroCount(x[i]);
                }

                [Kernel]
                public static void Signs(ReadOnlySpan<int> x, Span<long> o)
                {
                    int i = Gpu.ThreadIdx.X, a = x[i], b = x[i + 1];
                    o[2 * i] = int.CopySign(a, b) + long.CopySign(a, b) + short.CopySign((short)a, (short)b);
                    o[2 * i + 1] = (int.IsPositive(a) ? 1 : 0) + (sbyte.IsPositive((sbyte)b) ? 2 : 0);
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        VerifySnapshot(cuda, "cu");
        Assert.Contains("gpudsl_number_isnegative<T>(v)", cuda);
        Assert.Contains("gpudsl_integer_popcount<T>(x[i])", cuda);
        Assert.Contains("gpudsl_copysign_int<short, unsigned short>(", cuda);
    }
}
