namespace GpuDsl.Generator.Tests;

/// <summary>
/// Constant tables: <c>static ReadOnlySpan&lt;T&gt; Name =&gt; new T[] { ... };</c> read from GPU code becomes one
/// <c>__constant__</c> array per module, read like a read-only span of constant length.
/// </summary>
public sealed partial class TranslationTests
{
    private const string TableKernels = """
        using System;
        using GpuDsl;

        public enum Op { Add, Subtract }

        public static partial class Kernels
        {
            static ReadOnlySpan<int> Offsets => new[] { -2, -1, 0, 1, int.MinValue };
            static ReadOnlySpan<float> Weights => new float[] { 1, 4, 6, 4, 1 };
            static ReadOnlySpan<Op> Ops => [Op.Subtract, Op.Add, (Op)7];

            [Kernel]
            public static void Blur(ReadOnlySpan<float> x, Span<float> y)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i < 2 || i >= y.Length - 2) return;
                float sum = 0f;
                for (int k = 0; k < Weights.Length; k++) sum += Weights[k] * x[i + Offsets[k & 3]];
                y[i] = Ops[i & 1] == Op.Add ? sum / 16f : -sum;
            }

            [Kernel]
            public static void Sum(Span<float> y)
            {
                float total = 0f;
                foreach (float w in Weights) total += w;
                ReadOnlySpan<float> inner = Weights.Slice(1, 3);
                ReadOnlySpan<int> offsets = Offsets;
                y[0] = total + inner[0] + offsets.Length + Helpers.Poly(y[1]) + Helpers.Total(Weights);
                y[1] = Filters.Bits[Gpu.ThreadIdx.X % Filters.Bits.Length];
            }
        }
        """;

    private const string TableHelpers = """
        using System;
        using GpuDsl;

        public static class Filters
        {
            public static ReadOnlySpan<double> Coefficients => [1.0 / 3, 0.1f, -2.5e-300, double.MaxValue, 1, 2, 3, 4, 5, 6];
            public static ReadOnlySpan<uint> Bits => new uint[] { 1u, 0x80000000u, 7 };
        }

        public static class Helpers
        {
            [Device]
            public static float Poly(float x)
            {
                double p = 0;
                for (int k = Filters.Coefficients.Length - 1; k >= 0; k--) p = p * x + Filters.Coefficients[k];
                return (float)p;
            }

            [Device]
            public static float Total(ReadOnlySpan<float> s)
            {
                float t = 0f;
                foreach (float v in s) t += v;
                return t;
            }
        }
        """;

    [Fact]
    public void Constant_tables_become_constant_arrays_declared_once_per_module_before_the_functions()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", TableKernels), ("Helpers.cs", TableHelpers)));

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(cuda, "__constant__ float Kernels_Weights"));
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void Table_elements_that_are_NaN_or_infinite_are_bit_casts_of_their_exact_bits_and_a_table_read_in_a_constructor_is_declared()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public struct Pt
            {
                public float X;
                static ReadOnlySpan<float> Scale => new float[] { 0.5f, 2f };
                public Pt(int i) { X = Scale[i & 1]; }
            }

            public static partial class Kernels
            {
                static ReadOnlySpan<float> Special => new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f };
                static ReadOnlySpan<double> SpecialD => new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity };

                [Kernel]
                public static void Read(Span<float> y, Span<double> z)
                {
                    int i = Gpu.ThreadIdx.X;
                    y[i] = Special[i & 3] + new Pt(i).X;
                    z[i] = SpecialD[i % 3];
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("__constant__ float Kernels_Special[4] = { __builtin_bit_cast(float, 0xffc00000u), __builtin_bit_cast(float, 0x7f800000u), __builtin_bit_cast(float, 0xff800000u), -0.0f };", cuda);
        Assert.Contains("__constant__ double Kernels_SpecialD[3] = { __builtin_bit_cast(double, 0xfff8000000000000ULL), __builtin_bit_cast(double, 0x7ff0000000000000ULL), __builtin_bit_cast(double, 0xfff0000000000000ULL) };", cuda);
        Assert.Contains("__constant__ float Pt_Scale[2] = { 0.5f, 2.0f };", cuda);
    }
}
