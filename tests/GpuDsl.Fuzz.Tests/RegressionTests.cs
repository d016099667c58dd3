namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// Kernels kept because they once failed, or because they pin down a semantic corner the random ones reach rarely:
/// hand-written ones (in the random kernels' shape, so they run the same way) and random ones by seed and index.
/// Each runs as plain C#, on the CPU backend and on CUDA when present, on the usual inputs.
/// </summary>
public sealed class RegressionTests(FuzzBackendFixture backends)
{
    /// <summary>Random kernels that found a bug, as (seed, index, what it found); rerun with every construct enabled.</summary>
    private static readonly (int Seed, int Index, string Found)[] s_randomKernels =
    [
        (7001, 2208, "'++x; return x > 5;' on int.MaxValue: NVRTC assumed the increment cannot overflow and folded it to x > 4"),
        (7001, 10532, "'--y' on long.MinValue did not wrap"),
        (7001, 854, "'(int)v << 29' overflowing into the sign bit: a signed left shift, undefined in C++17"),
        (7001, 6489, "'(short)(-y)' of -32768 came back as +32768"),
        (7001, 12470, "'(ulong)(short)(-x)' of -32768 came back as 32768"),
    ];

    /// <summary>Hand-written kernels that must compile and compute what C# computes: (name, x type, y type, result type, body of F).</summary>
    private static readonly (string Name, string A, string B, string Result, string Body)[] s_mustWork =
    [
        ("float_to_int_saturates_and_NaN_is_zero", "float", "double", "int", "return (int)x + (int)y;"),
        ("float_to_small_integers_wrap_as_CSharp_does", "float", "double", "long", "return (byte)x + (sbyte)y * 1000L + (short)x * 1000000L + (ushort)y * 100000000000L;"),
        ("float_to_unsigned_64_bit", "double", "float", "ulong", "return (ulong)x ^ (ulong)y;"),
        ("large_integers_to_float_round_to_nearest_even", "ulong", "long", "double", "return (float)x + (double)y + (float)y;"),
        ("half_arithmetic_rounds_through_float", "Half", "Half", "Half", "return (Half)(x * y + x / y - x % y);"),
        ("half_conversions_from_every_width", "long", "double", "Half", "return (Half)(((Half)x) + ((Half)y) + ((Half)(int)x) + ((Half)(float)y));"),
        ("bfloat16_arithmetic_rounds_through_float", "BFloat16", "BFloat16", "BFloat16", "BFloat16 z = x * y + x / y - x % y; z -= y; return -z;"),
        ("bfloat16_conversions_round_once_from_every_width", "long", "double", "BFloat16",
            "return (BFloat16)((float)(BFloat16)x + (float)(BFloat16)y + (float)(BFloat16)(int)x + (float)(BFloat16)(float)y + (float)(BFloat16)(ulong)x + (float)(BFloat16)(short)x);"),
        ("bfloat16_to_integers_truncate_and_saturate", "BFloat16", "BFloat16", "long", "return (int)x + (long)y * 3 + (short)x * 5L + (byte)y + (long)(uint)x + (long)((ulong)y >> 1);"),
        ("bfloat16_comparisons_and_tests", "BFloat16", "BFloat16", "int",
            "return (x < y ? 1 : 0) | (x == y ? 2 : 0) | (x >= y ? 4 : 0) | (BFloat16.IsNaN(x) ? 8 : 0) | (BFloat16.IsSubnormal(y) ? 16 : 0) | (BFloat16.IsNormal(x) ? 32 : 0) | BFloat16.BFloat16ToInt16Bits(BFloat16.Abs(y)) << 6;"),
        ("shift_counts_are_masked_to_the_width", "int", "long", "long", "return (x << (int)y) + (y >> x) + (long)((uint)x >>> (int)y) + (y >>> x);"),
        ("small_integer_shifts_promote_to_int", "sbyte", "ushort", "int", "return (x << y) + (x >> 3) + (y >>> x) + (sbyte)(x << 7);"),
        ("unchecked_int_arithmetic_wraps", "int", "int", "int", "return x * y + x - y + (-x) * 3;"),
        ("unchecked_long_arithmetic_wraps", "long", "long", "long", "return x * y - x + y + (-y);"),
        ("mixed_int_and_uint_widen_to_long", "int", "uint", "long", "return x + y - (x * y);"),
        ("division_and_remainder_truncate_toward_zero", "int", "int", "int", "int d = y is 0 or -1 ? 7 : y; return x / d * 100 + x % d;"),
        ("round_is_half_to_even_and_remainder_is_IEEE", "double", "float", "double", "return Math.Round(x) + MathF.Round(y) + Math.IEEERemainder(x, y) + MathF.IEEERemainder(y, (float)x);"),
        ("min_and_max_propagate_NaN_and_order_signed_zeros", "float", "float", "float", "return MathF.Min(x, y) * 3f + MathF.Max(x, y) + Math.Min(x, -0f) - Math.Max(y, 0f);"),
        ("copy_sign_and_is_negative_of_a_canonical_NaN", "double", "double", "double", "double s = double.IsNaN(y) ? double.NaN : y; return Math.CopySign(x, s) + (double.IsNegative(s) ? 1 : 0);"),
        ("float_bits_of_canonical_NaN", "float", "float", "uint", "float v = x * y; return BitConverter.SingleToUInt32Bits(float.IsNaN(v) ? float.NaN : v);"),
        ("patterns_and_switch_expressions", "int", "double", "int", "return (x is > 3 and < 10 ? 1 : 0) + (y is double.NaN ? 2 : 0) + x switch { 0 => 4, 1 or 2 => 8, > 100 => 16, _ => 32 };"),
        ("fused_multiply_add_rounds_once", "double", "double", "double", "return Math.FusedMultiplyAdd(x, y, -x * y);"),
        ("products_plus_sums_round_twice_without_contraction", "float", "float", "float", "return x * y + x;"),
        ("scale_b_and_ilogb", "double", "int", "double", "return Math.ScaleB(x, y % 2100) + Math.ILogB(x);"),
        ("integer_parity_and_sign_tests", "short", "uint", "int", "return (short.IsEvenInteger(x) ? 1 : 0) + (uint.IsPow2(y) ? 2 : 0) + (short.IsNegative(x) ? 4 : 0) + (uint.IsOddInteger(y) ? 8 : 0);"),
        ("BitOperations_IsPow2_and_rotations", "uint", "int", "uint", "return BitOperations.RotateLeft(x, y) ^ BitOperations.RotateRight(x, 3) ^ (BitOperations.IsPow2(x) ? 1u : 0u);"),
        ("float_MaxNumber_and_MinNumber", "float", "double", "double", "return float.MaxNumber(x, 1f) + double.MinNumber(y, 2.0);"),
        ("Half_classification", "Half", "Half", "int", "return (Half.IsFinite(x) ? 1 : 0) + (Half.IsNormal(y) ? 2 : 0) + (Half.IsNegative(x) ? 4 : 0) + (Half.IsPositiveInfinity(y) ? 8 : 0) + (Half.IsNegativeInfinity(x) ? 16 : 0);"),
        ("Half_math_members", "Half", "Half", "Half", "return Half.Max(x, y) + Half.Min(x, y) + Half.Abs(x) + Half.Sqrt(y) + Half.Floor(x) + Half.Round(y) + Half.Truncate(x);"),
        // Seed 5000 kernels 225 and 340 on an H100: NVRTC kept 128 in a signed char after ++ and after a cast of 128.
        ("sbyte_and_short_increments_wrap", "sbyte", "short", "int", "++x; y--; sbyte a = x; a++; short b = y; --b; return x * 100000 + a * 1000 + y + b;"),
        ("narrowing_casts_to_sbyte_and_short_wrap", "sbyte", "int", "int", "return (ushort)(sbyte)(-(sbyte)x) + (short)(y * 3) * 7 + (sbyte)y;"),
        ("compound_assignments_on_sbyte_and_short_wrap", "sbyte", "short", "int", "x += 100; y *= 3; x ^= (sbyte)y; y -= x; x <<= 1; return x * 65536 + y;"),
        // A postfix whose old value is used, and a target with side effects, go through gpudsl_step_int8/16.
        ("scale_b_with_exponents_past_the_range_saturates", "float", "int", "double", "return MathF.ScaleB(x, y) + Math.ScaleB((double)x, y) + MathF.ScaleB(x, int.MaxValue) + Math.ScaleB(-1.0, int.MinValue);"),
        ("stackalloc_and_new_arrays_start_zeroed", "int", "int", "long", "Span<int> s = stackalloc int[4]; long[] a = new long[3]; s[x & 3] = y; a[y & 1] = x; return s[0] + s[1] * 3L + s[2] * 5L + s[3] * 7L + a[0] + a[1] * 11 + a[2] * 13;"),
        ("unchecked_increments_and_decrements_of_int_and_long_wrap", "int", "long", "long", "++x; int p = x++; --y; long q = y--; Span<int> s = stackalloc int[2]; s[0] = x; int i = 0; s[i++]++; --s[i--]; long t = 0; for (int k = 0; k < 3; k++) t += k; return (x > 5 ? 1 : 0) + p * 3L + (y < 0 ? 7 : 0) + q + s[0] + s[1] + i + t;"),
        ("unchecked_left_shifts_of_int_and_long_wrap", "int", "long", "long", "int a = x << 29; long b = y << 62; x <<= 3; y <<= 7; return (a < 0 ? 1L : 0L) + (b > 0 ? 2L : 0L) + a + b + x + y;"),
        ("negated_short_and_sbyte_narrow_back_to_their_width", "short", "sbyte", "ulong", "x = (short)(-x); y = (sbyte)(-y); return ((ulong)x >> 1) + (ulong)(uint)y + (uint)x + (uint)(short)(-x);"),
        ("sbyte_and_short_postfix_values_and_indexed_targets_wrap", "sbyte", "short", "int", "int p = x++; int q = y--; sbyte a = x; int r = a++ + a--; Span<sbyte> s = stackalloc sbyte[2]; s[0] = x; s[1] = a; int i = 0; s[i++]++; --s[i--]; return p * 7 + q * 11 + r * 13 + x + y + s[0] * 17 + s[1] * 19 + i;"),
    ];

    /// <summary>Hand-written kernels of constructs the generator rejects today (<see cref="FuzzTests.KnownGaps"/>): each must
    /// either be rejected with the GPU diagnostic named here, or compile and compute what C# computes.</summary>
    private static readonly (string Name, string A, string B, string Result, string Body, string Diagnostic)[] s_gaps =
    [
        ("unsigned_shift_assignment", "int", "int", "int", "x >>>= y; return x;", "GPU0011"),
        ("integer_PopCount_and_friends", "int", "long", "long", "return int.PopCount(x) + long.LeadingZeroCount(y) + int.TrailingZeroCount(x) + long.Log2(y & long.MaxValue) + int.RotateLeft(x, 3);", "GPU0007"),
        ("Half_constants", "Half", "Half", "Half", "return Half.IsNaN(x) ? Half.NaN : y > Half.MaxValue ? Half.PositiveInfinity : Half.Epsilon;", "GPU0012"),
    ];

    public static TheoryData<string> MustWork => new(s_mustWork.Select(k => k.Name));

    public static TheoryData<string> Gaps => new(s_gaps.Select(k => k.Name));

    [Theory]
    [MemberData(nameof(MustWork))]
    public void Hand_written_kernel_computes_what_plain_CSharp_computes(string name)
    {
        int at = Array.FindIndex(s_mustWork, k => k.Name == name);
        var (_, a, b, result, body) = s_mustWork[at];
        KernelResult run = RunOne(GeneratedKernel.HandWritten($"RegressionTests, {name}", 900_000 + at, a, b, result, body));

        Assert.True(run.Compilation.Status == KernelStatus.Compiled && !run.IsFailure, run.Reproduction());
    }

    [Theory]
    [MemberData(nameof(Gaps))]
    public void Kernel_of_an_unsupported_construct_is_rejected_with_its_diagnostic_or_computes_what_CSharp_computes(string name)
    {
        int at = Array.FindIndex(s_gaps, k => k.Name == name);
        var (_, a, b, result, body, diagnostic) = s_gaps[at];
        KernelResult run = RunOne(GeneratedKernel.HandWritten($"RegressionTests, {name}", 950_000 + at, a, b, result, body));

        if (run.Compilation.Status == KernelStatus.GpuDiagnostic)
        {
            Assert.All(run.Compilation.Diagnostics, d => Assert.Equal(diagnostic, d.Id));
        }
        else
        {
            Assert.True(run.Compilation.Status == KernelStatus.Compiled && !run.IsFailure, run.Reproduction());
        }
    }

    [Fact]
    public void Random_kernels_that_found_bugs_compute_what_plain_CSharp_computes()
    {
        Assert.All(s_randomKernels, k =>
        {
            KernelResult run = RunOne(KernelWriter.Write(k.Seed, k.Index, KernelProfile.Everything));
            Assert.True(run.Compilation.Status == KernelStatus.Compiled && !run.IsFailure, $"{k.Found}\n{run.Reproduction()}");
        });
    }

    private KernelResult RunOne(GeneratedKernel kernel)
    {
        FuzzReport report = FuzzRun.Execute(kernel, backends.WithCudaIfPresent);
        return report.Results.Single();
    }

}
