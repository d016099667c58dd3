using Microsoft.CodeAnalysis;
using GpuDsl.Testing;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// C#'s semantics written out in the CUDA text: the conversions Roslyn bound, the Math overload C# chose, C#'s
/// floating remainder, saturating casts, Half through float, and the floating-point contraction choice.
/// </summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Math_arguments_are_converted_to_the_parameters_of_the_overload_CSharp_chose()
    {
        Verify("""
            [Kernel]
            public static void Overloads(Span<float> f, Span<double> d, Span<int> n, Span<byte> b, sbyte s, ushort us, uint u)
            {
                int i = n[0];
                n[1] = Math.Clamp(s, -3, i) + (int)Math.Min(i, u) + Math.Max(i, 2);
                f[0] = MathF.Min(us / f[1], us) + Math.Min(i, f[2]);
                b[0] = Math.Clamp(Math.Min(b[1], b[2]), (byte)1, (byte)9);
                d[0] = Math.Sqrt(f[3]) + Math.Sqrt(i) + Math.FusedMultiplyAdd(f[4], f[5], f[6]);
            }
            """);
        string cuda = GeneratorHarness.Run(Source("""
            [Kernel]
            public static void K(Span<long> o, int i, uint u) { o[0] = Math.Min(i, u); }
            """)).Cuda();
        // C# picks Min(long, long): a negative int stays negative, where CUDA's min(int, unsigned) would compare unsigned.
        Assert.Contains("min((long long)i, (long long)u)", cuda);
    }

    [Fact]
    public void Negative_literals_negated_unsigned_values_and_constant_expressions_keep_their_CSharp_type()
    {
        string cuda = GeneratorHarness.Run(Source("""
            [Kernel]
            public static void K(Span<long> o, Span<int> n, uint u)
            {
                int i = n[0];
                o[0] = i / -2147483648 + (i < -2147483648 ? 1 : 0);
                o[1] = -u;
                o[2] = -9223372036854775808 / (o[3] + 1);
            }
            """)).Cuda();
        Assert.DoesNotContain("2147483648u", cuda);
        Assert.Contains("i / (-2147483647 - 1)", cuda);
        Assert.Contains("-(long long)u", cuda);
        Assert.Contains("(-9223372036854775807LL - 1)", cuda);
    }

    [Fact]
    public void Floating_remainder_is_fmod_and_Half_operators_compute_in_float()
    {
        Verify("""
            [Kernel]
            public static void Remainders(Span<float> f, Span<double> d, Span<Half> h, byte b)
            {
                f[0] = f[1] % f[2];
                f[3] %= 2.5f;
                d[0] = d[1] % -3.0;
                d[2] %= d[3];
                h[0] = h[1] % h[2] + h[3] / h[4];
                h[5] += b;
                h[6] = h[7] < h[8] ? Half.MaxValue : Half.Epsilon;
                h[9] = (Half)(f[4] + (float)h[10]) + (Half)(int)Negate(h[11]) + (Half)d[4];
            }

            [Device]
            static Half Negate(Half x) => -x;
            """);
    }

    [Fact]
    public void Float_to_integer_casts_saturate_as_NET_does()
    {
        string cuda = GeneratorHarness.Run(Source("""
            [Kernel]
            public static void K(Span<long> o, float f, double d, Half h)
            {
                o[0] = (int)f + (uint)f + (byte)f + (short)d;
                o[1] = (long)d + (long)(ulong)f + (int)h;
                int i = (int)o[2];
                i += 0.5f * f;
                o[3] = i;
            }
            """)).Cuda();
        Assert.Contains("i = gpudsl_to_int32(i + 0.5f * f);", cuda); // C# converts the float sum back as a cast does.
        Assert.Contains("gpudsl_to_int32(f)", cuda);
        Assert.Contains("gpudsl_to_uint32(f)", cuda);
        Assert.Contains("(unsigned char)gpudsl_to_int32(f)", cuda); // (byte)300.7f is 44 in .NET: through int, then the low bits.
        Assert.Contains("gpudsl_to_int16(gpudsl_to_int32(d))", cuda); // through int, then the low 16 bits as a signed number
        Assert.Contains("gpudsl_to_int64(d)", cuda);
        Assert.Contains("gpudsl_to_uint64(f)", cuda);
        Assert.Contains("gpudsl_to_int32(__half2float(h))", cuda);
        // NaN converts to 0 in .NET; CUDA's __float2int_rz alone gives int.MinValue (seen on an H100), so each helper tests it.
        Assert.Contains("int gpudsl_to_int32(float x) { return x != x ? 0 : __float2int_rz(x); }", cuda);
        Assert.Contains("long long gpudsl_to_int64(double x) { return x != x ? 0LL : __double2ll_rz(x); }", cuda);
    }

    [Fact]
    public void Narrowing_to_sbyte_and_short_forms_the_value_in_range_before_converting()
    {
        string cuda = GeneratorHarness.Run(Source("""
            [Kernel]
            public static void K(Span<int> o, sbyte y, short s, int i, long l)
            {
                ++y;
                s--;
                y += 100;
                s *= 3;
                o[0] = (sbyte)i + (short)l + (sbyte)(-y) + y++;
                Span<short> t = stackalloc short[2];
                --t[i++];
            }
            """)).Cuda();
        // C# wraps (++y on 127 is -128); C++17 leaves the conversion implementation-defined, and NVRTC kept 128 (an H100).
        Assert.Contains("(y = gpudsl_to_int8((int)y + 1));", cuda);
        Assert.Contains("(s = gpudsl_to_int16((int)s - 1));", cuda);
        Assert.Contains("y = gpudsl_to_int8((int)y + 100);", cuda);
        Assert.Contains("s = gpudsl_to_int16((int)s * 3);", cuda);
        Assert.Contains("gpudsl_to_int8(i)", cuda);
        Assert.Contains("gpudsl_to_int16(l)", cuda);
        // A postfix whose old value is used, or a target with side effects: the target by reference, evaluated once.
        Assert.Contains("gpudsl_step_int8(y, 1, true)", cuda);
        Assert.Contains("gpudsl_step_int16(t[i++], -1, false);", cuda);
        Assert.Contains("static __device__ __forceinline__ short gpudsl_step_int16(short& y, int step, bool post)", cuda);
        Assert.Contains("template <typename T> static __device__ __forceinline__ signed char gpudsl_to_int8(T x)", cuda);
    }

    [Fact]
    public void Forms_equivalent_to_supported_ones_translate()
    {
        Verify("""
            [Kernel]
            public static void Equivalents(Span<int> n, Span<uint> u, Span<double> d, Span<float> f, Span<Half> h)
            {
                int x = n[0];
                n[1] >>>= 3;
                u[0] = System.Numerics.BitOperations.RotateLeft(u[1], x) + uint.RotateRight(u[2], 5) + uint.PopCount(u[3]);
                n[2] = int.Abs(x) + int.Max(x, 3) + int.Clamp(x, 0, 9) + int.Sign(x) + int.LeadingZeroCount(x) + int.TrailingZeroCount(x) + int.Log2(x);
                d[0] = Math.Round(d[1], 2) + Math.Round(d[2], MidpointRounding.AwayFromZero) + Math.Round(d[3], 1, MidpointRounding.ToZero);
                f[0] = MathF.Round(f[1], 3) + (double.IsFinite(d[4]) ? 1f : 0f);
                h[0] = Half.MaxValue; h[1] = Half.MinValue; h[2] = Half.NaN; h[3] = Half.PositiveInfinity; h[4] = Half.NegativeInfinity;
                n[3] = Math.Abs(x) is > 3 and < 10 ? 1 : 0;
                n[4] = Math.Abs(x) switch { 0 => 1, 1 => 2, _ => 3 };
            }
            """);
    }

    [Fact]
    public void Floating_point_is_not_contracted_unless_a_function_or_the_project_asks()
    {
        const string Kernels = """
            [Kernel]
            public static void Plain(Span<float> y, float a, float b) { y[0] = a * b + y[1]; }

            [Kernel(ContractFloatingPoint = true)]
            public static void Fused(Span<float> y, Span<double> d, float a, float b)
            {
                y[0] = a * b + y[1];
                y[2] = y[3] - a * b;
                d[0] += d[1] * d[2];
            }

            [Kernel(ContractFloatingPoint = false)]
            public static void Separate(Span<float> y, float a, float b) { y[0] = a * b + y[1]; y[2] *= a; }
            """;
        string byDefault = GeneratorHarness.Run(Source(Kernels)).Cuda();
        Assert.DoesNotContain(CudaMarker, byDefault);
        Assert.Contains("y[0] = a * b + y[1];", byDefault);
        Assert.Contains("y[0] = fmaf(a, b, y[1]);", byDefault);
        Assert.Contains("y[2] = fmaf(-a, b, y[3]);", byDefault);
        Assert.Contains("d[0] = fma(d[1], d[2], d[0]);", byDefault);
        Assert.Contains("y[0] = __fmul_rn(a, b) + y[1];", byDefault);
        Assert.Contains("y[2] = __fmul_rn(y[2], a);", byDefault);

        GeneratorRun contracting = GeneratorHarness.Run(GeneratorHarness.Compile(Source(Kernels)), BuildProperties.Of(("GpuDslContractFloatingPoint", "true")));
        Assert.Contains(CudaMarker, contracting.Cuda());
        Assert.Contains("y[0] = __fmul_rn(a, b) + y[1];", contracting.Cuda()); // Its own choice wins over the project's.
    }

    [Fact]
    public void A_floating_remainder_assignment_to_a_target_with_side_effects_is_reported_at_the_target()
    {
        GeneratorRun run = GeneratorHarness.Run(Source("""
            [Kernel]
            public static void K(Span<float> f, int i) { f[i++] %= 2f; }
            """));

        Diagnostic error = Assert.Single(run.GpuDiagnostics);
        Assert.Equal("f[i++]", GeneratorRun.Spanned(error));
        Assert.Contains("'%='", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Integer_tests_magnitudes_narrow_rotates_MaxNumber_and_Half_functions_translate_by_their_exact_overloads()
    {
        Verify("""
            [Kernel]
            public static void Members(Span<long> o, Span<float> f, Span<double> d, Span<Half> h, Span<bool> t, int i, long l, byte b, sbyte s, short sh, ushort us, uint u)
            {
                t[0] = int.IsPow2(i) && uint.IsPow2(u) && System.Numerics.BitOperations.IsPow2(l) && byte.IsPow2(b) && sbyte.IsPow2(s);
                t[1] = int.IsEvenInteger(i) || long.IsOddInteger(l) || int.IsNegative(i) || sbyte.IsNegative(s) || ushort.IsOddInteger(us);
                o[0] = int.MaxMagnitude(i, -i) + long.MinMagnitude(l, 3) + short.MaxMagnitude(sh, -5) + sbyte.MinMagnitude(s, 1);
                o[1] = byte.RotateLeft(b, i) + sbyte.RotateRight(s, 9) + short.RotateLeft(sh, -1) + ushort.RotateRight(us, 17);
                f[0] = float.MaxNumber(f[1], f[2]) + float.MinNumber(f[3], f[4]);
                d[0] = double.MaxNumber(d[1], d[2]) + double.MinNumber(d[3], d[4]);
                h[0] = Half.Max(h[1], h[2]) + Half.Min(h[3], Half.Abs(h[4]));
                h[5] = Half.Sqrt(h[6]) + Half.Floor(h[7]) + Half.Ceiling(h[8]) + Half.Truncate(h[9]) + Half.Round(h[10]);
                t[2] = Half.IsFinite(h[11]) && Half.IsNormal(h[12]) && !Half.IsNegative(h[13]) && !Half.IsPositiveInfinity(h[14]) && !Half.IsNegativeInfinity(h[15]);
            }
            """);
    }

    private const string CudaMarker = "#define GPUDSL_CONTRACT_FLOATING_POINT 1";

    [Fact]
    public void Atomics_reach_memory_through_ref_locals_and_fields_of_span_elements_but_not_registers()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public struct Bin { public int Count; public float Sum; }

            public static partial class Kernels
            {
                [Kernel]
                public static void K(Span<Bin> bins, Span<int> counts, int k)
                {
                    Span<int> shared = Gpu.Shared<int>(1);
                    ref int n = ref counts[k];
                    ref int s = ref shared[0];
                    ref Bin bin = ref bins[k];
                    Gpu.AtomicAdd(ref n, 1);
                    Gpu.AtomicAdd(ref s, 2);
                    Gpu.AtomicAdd(ref bins[k].Count, 3);
                    Gpu.AtomicAdd(ref bin.Sum, 4f);
                    int register = 0;
                    ref int r = ref register;
                    Gpu.AtomicAdd(ref r, 5);
                    Gpu.AtomicAdd(ref register, 6);
                }
            }
            """);

        // The last two target a register: GPU0021 at each, and nothing else.
        Assert.Equal(["GPU0021 'r'", "GPU0021 'register'"],
            run.AllDiagnostics.Select(d => $"{d.Id} '{d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)}'").ToArray());
        GeneratorRun fine = GeneratorHarness.Run(run.Input.SyntaxTrees.Single().ToString()
            .Replace("int register = 0;", "").Replace("ref int r = ref register;", "").Replace("Gpu.AtomicAdd(ref r, 5);", "").Replace("Gpu.AtomicAdd(ref register, 6);", ""));
        Assert.Empty(fine.AllDiagnostics);
        string cuda = fine.Cuda();
        Assert.Contains("atomicAdd(&n, 1)", cuda);
        Assert.Contains("atomicAdd(&s, 2)", cuda);
        Assert.Contains("atomicAdd(&bins[k].Count, 3)", cuda);
        Assert.Contains("atomicAdd(&bin.Sum, 4.0f)", cuda);
    }

    private static string Source(string members) => $$"""
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
        {{members}}
        }
        """;
}
