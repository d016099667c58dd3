namespace GpuDsl.Generator.Tests;

/// <summary>GpuDsl.BFloat16 as CUDA's __nv_bfloat16: every operation through float, every conversion rounding once.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void BFloat16_becomes_nv_bfloat16_from_cuda_bf16_with_arithmetic_through_float_and_single_rounding_conversions()
    {
        Verify("""
            public struct Sample { public BFloat16 Weight; public float Bias; }

            [Kernel]
            public static void Brains(ReadOnlySpan<BFloat16> x, Span<BFloat16> y, Span<float> f, ReadOnlySpan<double> d,
                ReadOnlySpan<long> n, Span<Sample> samples, BFloat16 scale)
            {
                int i = Gpu.ThreadIdx.X;
                BFloat16 b = x[i] * scale + (BFloat16)1.5f;
                b -= x[i + 1];
                b %= scale;
                y[i] = (BFloat16)d[i];
                y[i + 1] = (BFloat16)i + (BFloat16)(uint)i + (BFloat16)(short)i + (byte)3;
                y[i + 2] = (BFloat16)n[i] + (BFloat16)(ulong)n[i + 1];
                y[i + 3] = -b;
                f[i] = (float)b + (int)b + (long)b + (double)b > 0.0 ? 1f : 0f;
                f[i + 1] = BFloat16.IsNaN(b) || BFloat16.IsInfinity(b) || !BFloat16.IsFinite(b) || BFloat16.IsNormal(b) ||
                    BFloat16.IsSubnormal(b) || BFloat16.IsNegative(b) ? 1f : 0f;
                f[i + 2] = BFloat16.BFloat16ToUInt16Bits(BFloat16.Abs(b)) + BFloat16.BFloat16ToInt16Bits(b);
                y[i + 4] = BFloat16.UInt16BitsToBFloat16((ushort)i) < BFloat16.MaxValue ? BFloat16.NaN : BFloat16.Int16BitsToBFloat16((short)i);
                BFloat16 zero = default;
                samples[i] = new Sample { Weight = b > zero ? b : BFloat16.NegativeZero, Bias = (float)samples[i].Weight };
            }
            """);
    }

    [Fact]
    public void BFloat16_instantiates_a_generic_kernel_and_a_generic_struct()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public struct Pair<T> where T : unmanaged { public T First, Second; }

            public static partial class Kernels
            {
                [Kernel(typeof(float), typeof(BFloat16))]
                public static void Swap<T>(ReadOnlySpan<Pair<T>> x, Span<Pair<T>> y) where T : unmanaged
                {
                    int i = Gpu.ThreadIdx.X;
                    Span<T> staged = Gpu.Shared<T>(64);
                    staged[i] = x[i].First;
                    Gpu.SyncThreads();
                    y[i] = new Pair<T> { First = x[i].Second, Second = staged[63 - i] };
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("#include <cuda_bf16.h>", cuda);
        Assert.Contains("Pair<__nv_bfloat16>", cuda);
        Assert.Contains("static_assert(sizeof(Pair<__nv_bfloat16>) == 4 && alignof(Pair<__nv_bfloat16>) == 2", cuda);
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void BFloat16_device_globals_and_constant_arrays_are_nv_bfloat16_variables()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                static readonly DeviceGlobal<BFloat16> Bias = new();
                static readonly ConstantArray<BFloat16> Weights = new(16);

                [Kernel]
                public static void Apply(Span<BFloat16> y)
                {
                    int i = Gpu.ThreadIdx.X;
                    y[i] = y[i] * Weights[i & 15] + Bias.Value;
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("#include <cuda_bf16.h>", cuda);
        Assert.Contains("__nv_bfloat16 Kernels_Bias", cuda);
        Assert.Contains("__constant__ __nv_bfloat16 Kernels_Weights[16]", cuda);
    }

    [Fact]
    public void BFloat16_prints_with_percent_f_as_its_exact_double()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Show(BFloat16 b) => Gpu.Printf("%f\n", b);
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        Assert.Contains("printf(\"%f\\n\", (double)__bfloat162float(b))", run.Cuda());
    }

    [Fact]
    public void BFloat16_kernel_parameters_are_two_bytes_aligned_to_two()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void K(Span<float> o, byte before, BFloat16 after) => o[0] = before + (float)after;
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        Assert.Contains("loader.Value(in _after, alignment: 2);", run.Sources["Kernels.Kernels.g.cs"]);
    }
}
