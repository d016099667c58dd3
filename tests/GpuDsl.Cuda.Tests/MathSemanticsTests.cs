namespace GpuDsl.Cuda.Tests;

/// <summary>
/// The GPU computes what C# says: each <see cref="MathSemanticsKernels"/> kernel on the CUDA device and on the CPU
/// backend against the same C# computed here, bit for bit (any NaN matches any NaN; +0 and -0 differ).
/// </summary>
public sealed class MathSemanticsTests(Backends backends)
{
    private const int N = MathSemanticsKernels.Outputs;

    [Theory, BackendData]
    public void Float_to_integer_conversions_saturate_and_narrow_through_int_as_NET_does(string backend)
    {
        float[] x = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 300.7f, -200.5f, -1f, 1e30f, -1e30f, 65535.9f, 70000f, -0.9f, 2147483648f, -2147483904f, 4294967296f, 1e19f, 3e9f };
        double[] y = { 3e9, -3e9, double.NaN, 1e20, -1e20, 4294967296.5, 300.7, -200.5, -1, 0, 70000, 1e19, 2e19, -0.9, double.PositiveInfinity, double.NegativeInfinity, 2147483647.9, -2147483648.9 };
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x);
        using DeviceBuffer<double> dy = gpu.Allocate<double>(y);
        using DeviceBuffer<long> o = gpu.Allocate<long>(x.Length * N);

        MathSemanticsKernels.Launch(1, 32).Conversions(dx, dy, o);

        long[] actual = o.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            float a = x[i];
            double d = y[i];
            long[] expected =
            {
                (int)a, (uint)a, (byte)a, (sbyte)a, (short)a, (ushort)a, (long)a, (long)(ulong)a,
                (int)d, (uint)d, (byte)d, (long)d, (long)(ulong)d, (short)d, (int)(Half)a, (byte)(Half)a,
            };
            Assert.True(expected.SequenceEqual(actual.Skip(i * N).Take(N)), $"inputs {a:R}, {d:R}: [{string.Join(", ", actual.Skip(i * N).Take(N))}], expected [{string.Join(", ", expected)}]");
        }
    }

    [Theory, BackendData]
    public void Min_Max_Clamp_CopySign_Round_and_remainder_follow_NET_on_signed_zeros_and_NaN(string backend)
    {
        float[] x = { 0f, -0f, float.NaN, 1f, 2.5f, -2.5f, 5.5f, -5.5f, 1.25f, 0.15f, 1e30f, float.PositiveInfinity, float.NegativeInfinity, 3.46f, -0.5f, 0.5f, 7f, -7.75f };
        float[] y = { -0f, 0f, 1f, float.NaN, -2.5f, 2.5f, -2f, 2f, 3f, 0.05f, -1e-30f, 2f, float.NegativeInfinity, 1f, 0.5f, -0.5f, 0f, -0f };
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(y), f = gpu.Allocate<float>(x.Length * N);
        using DeviceBuffer<double> d = gpu.Allocate<double>(x.Length * N);

        MathSemanticsKernels.Launch(1, 32).Pairs(dx, dy, f, d);

        float[] actualF = f.ToArray();
        double[] actualD = d.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            float a = x[i], b = y[i];
            double p = a, q = b;
            float[] expectedF =
            {
                Math.Max(a, b), Math.Min(a, b), MathF.Max(a, b), MathF.Min(a, b), MathF.MaxMagnitude(a, b), MathF.MinMagnitude(a, b),
                Math.Clamp(a, -1f, 1f), MathF.CopySign(a, b), a % b, MathF.Round(a, MidpointRounding.AwayFromZero), MathF.Round(a),
                MathF.Round(a, 1), float.Max(a, b), Math.Abs(a), MathF.Round(a, MidpointRounding.ToNegativeInfinity), (float)Math.Sqrt(a),
            };
            double[] expectedD =
            {
                Math.Max(p, q), Math.Min(p, q), p % q, Math.Round(p, 2), Math.Round(p, MidpointRounding.ToZero),
                Math.FusedMultiplyAdd(a, b, a), Math.MaxMagnitude(p, q), Math.MinMagnitude(p, q), Math.IEEERemainder(p, q),
                MathF.IEEERemainder(a, b),
            };
            for (int k = 0; k < expectedF.Length; k++)
            {
                AssertSame(expectedF[k], actualF[i * N + k], $"inputs {a:R}, {b:R}, float slot {k}");
            }

            for (int k = 0; k < expectedD.Length; k++)
            {
                AssertSame(expectedD[k], actualD[i * N + k], $"inputs {a:R}, {b:R}, double slot {k}");
            }
        }
    }

    [Theory, BackendData]
    public void Half_operators_compute_in_float_and_convert_as_NET_does(string backend)
    {
        float[] x = { 0f, -0f, 1f, 1.5f, -2.25f, 3.3f, 65504f, 70000f, 1e-7f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0.1f, 1000.7f, -65519f, 2049f };
        int[] n = { 0, 1, -1, 2049, 65519, 65520, -70000, 100000, 7, 3, -5, 250, 300, 12, -2, 4097 };
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x);
        using DeviceBuffer<int> dn = gpu.Allocate<int>(n);
        using DeviceBuffer<Half> h = gpu.Allocate<Half>(x.Length * N);

        MathSemanticsKernels.Launch(1, 32).Halves(dx, dn, h);

        Half[] actual = h.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            Half a = (Half)x[i];
            int m = n[i];
            byte small = (byte)m;
            Half c = a;
            c /= (Half)7f;
            Half[] expected =
            {
                a, (Half)m, (Half)(double)x[i], a + (Half)1.5f, a / (Half)3f, a % (Half)0.7f, a * a - (Half)m, a + small,
                (Half)((float)a * 3.3f + m), a > (Half)m ? Half.MaxValue : Half.MinValue, (Half)(long)m, (Half)(uint)m, Half.Epsilon,
                (Half)((int)a % 1000 + m), c, -a,
            };
            for (int k = 0; k < N; k++)
            {
                AssertSame((double)expected[k], (double)actual[i * N + k], $"inputs {x[i]:R}, {m}, slot {k}");
            }
        }
    }

    [Theory, BackendData]
    public void Integer_operators_follow_CSharp_on_mixed_signedness_negative_literals_and_shift_counts(string backend)
    {
        int[] n = { 0, 1, -1, int.MinValue, int.MaxValue, 5, -5, 13, 100, -100, 65536, -65536, 12345678, -12345678, 7, 8 };
        uint[] u = { 0, 1, 0xffffffff, 0x80000000, 31, 32, 33, 64, 100, 0xdeadbeef, 5, 7, 1000, 65535, 2, 3 };
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<int> dn = gpu.Allocate<int>(n);
        using DeviceBuffer<uint> du = gpu.Allocate<uint>(u);
        using DeviceBuffer<long> o = gpu.Allocate<long>(n.Length * N);

        MathSemanticsKernels.Launch(1, 32).Integers(dn, du, o);

        long[] actual = o.ToArray();
        for (int i = 0; i < n.Length; i++)
        {
            int a = n[i];
            uint b = u[i];
            sbyte s = (sbyte)a;
            byte c = (byte)b;
            int shifted = a;
            shifted >>>= (int)b;
            long[] expected =
            {
                Math.Min(a, b), Math.Max(a, b), -b, a / -2147483648, a < -2147483648 + 1 ? 1 : 0, a << (int)b, a >> (int)(b + 32), shifted,
                Math.Clamp(s, -3, Math.Abs(a % 100)), Math.Clamp(Math.Min(c, (byte)(b >> 8)), (byte)10, (byte)200), a < b ? 1 : 0,
                int.RotateLeft(a, (int)b) + (long)uint.PopCount(b), System.Numerics.BitOperations.RotateRight(b, a),
                int.Abs(a == int.MinValue ? 0 : a) + int.Sign(a), Math.Abs(a - 5) is > 3 and < 10 ? 1 : 0, unchecked(a * 65537 + (int)b),
            };
            Assert.True(expected.SequenceEqual(actual.Skip(i * N).Take(N)), $"inputs {a}, {b}: [{string.Join(", ", actual.Skip(i * N).Take(N))}], expected [{string.Join(", ", expected)}]");
        }
    }

    [Theory, BackendData]
    public void A_multiply_add_rounds_twice_unless_the_kernel_asks_to_contract(string backend)
    {
        // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: the product rounds to 1 + 2^-11, so C# gives 0 where one fused rounding gives 2^-24.
        float a = 1f + MathF.Pow(2, -12), c = 1f + MathF.Pow(2, -11);
        GpuContext gpu = backends.Get(backend);
        float Run(Action<DeviceBuffer<float>, DeviceBuffer<float>> kernel)
        {
            using DeviceBuffer<float> x = gpu.Allocate<float>(new[] { a }), y = gpu.Allocate<float>(new[] { c });
            kernel(x, y);
            return y.ToArray()[0];
        }

        float rounded = Run((x, y) => MathSemanticsKernels.Launch(1, 1).Rounded(x, y));
        float neverFused = Run((x, y) => MathSemanticsKernels.Launch(1, 1).NeverFused(x, y));
        float fused = Run((x, y) => MathSemanticsKernels.Launch(1, 1).Fused(x, y));

        Assert.Equal(0f, rounded);
        Assert.Equal(0f, neverFused);
        // The CPU backend runs the C# itself, which never contracts.
        Assert.Equal(backend == "cuda" ? MathF.Pow(2, -24) : 0f, fused);
    }

    [Theory, BackendData]
    public void Integer_IsPow2_parity_magnitudes_and_narrow_rotates_follow_NET_at_MinValue_and_wide_counts(string backend)
    {
        int[] x = { 0, 1, -1, 2, 64, -64, int.MinValue, int.MaxValue, 128, -128, 255, 32768, -32768, 65536, 0x81, 0x40000000, 3, -3, 0x8001, -5 };
        int[] y = { 5, -5, 1, -1, 0, 9, int.MinValue, 17, -128, 3, -3, int.MaxValue, 31, -32768, 9, 15, 3, -3, 17, 5 };
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), dy = gpu.Allocate<int>(y);
        using DeviceBuffer<long> o = gpu.Allocate<long>(x.Length * N);

        MathSemanticsKernels.Launch(1, 32).IntegerMembers(dx, dy, o);

        long[] actual = o.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            int a = x[i], c = y[i];
            long wide = (long)a << 32;
            long[] expected =
            {
                (int.IsPow2(a) ? 1 : 0) | (uint.IsPow2((uint)a) ? 2 : 0) | (long.IsPow2(wide) ? 4 : 0) | (ulong.IsPow2((ulong)wide) ? 8 : 0) |
                    (System.Numerics.BitOperations.IsPow2(a) ? 16 : 0) | (System.Numerics.BitOperations.IsPow2((ulong)wide) ? 32 : 0) |
                    (sbyte.IsPow2((sbyte)a) ? 64 : 0) | (byte.IsPow2((byte)a) ? 128 : 0) | (short.IsPow2((short)a) ? 256 : 0) | (ushort.IsPow2((ushort)a) ? 512 : 0) |
                    (System.Numerics.BitOperations.IsPow2((uint)a) ? 1024 : 0) | (System.Numerics.BitOperations.IsPow2(wide) ? 2048 : 0),
                (int.IsEvenInteger(a) ? 1 : 0) | (int.IsOddInteger(a) ? 2 : 0) | (int.IsNegative(a) ? 4 : 0) | (sbyte.IsNegative((sbyte)a) ? 8 : 0) |
                    (long.IsOddInteger(wide + a) ? 16 : 0) | (byte.IsEvenInteger((byte)a) ? 32 : 0) | (short.IsNegative((short)a) ? 64 : 0) | (ulong.IsOddInteger((ulong)a) ? 128 : 0),
                int.MaxMagnitude(a, c), int.MinMagnitude(a, c), long.MaxMagnitude(wide, (long)c << 32), long.MinMagnitude(wide, (long)c << 32),
                short.MaxMagnitude((short)a, (short)c), short.MinMagnitude((short)a, (short)c), sbyte.MaxMagnitude((sbyte)a, (sbyte)c), sbyte.MinMagnitude((sbyte)a, (sbyte)c),
                ushort.RotateLeft((ushort)a, c - 32),
                byte.RotateLeft((byte)a, c), sbyte.RotateRight((sbyte)a, c), short.RotateLeft((short)a, c), ushort.RotateRight((ushort)a, c),
                byte.RotateRight((byte)a, c) * 1000L + sbyte.RotateLeft((sbyte)a, c) * 1000_000L + short.RotateRight((short)a, c) * 1000_000_000L + ushort.RotateLeft((ushort)a, c),
            };
            Assert.True(expected.SequenceEqual(actual.Skip(i * N).Take(N)), $"inputs {a}, {c}: [{string.Join(", ", actual.Skip(i * N).Take(N))}], expected [{string.Join(", ", expected)}]");
        }
    }

    [Theory, BackendData]
    public void MaxNumber_MinNumber_and_Half_functions_follow_NET_on_signed_zeros_NaN_and_infinities(string backend)
    {
        float[] x = { 0f, -0f, float.NaN, 1f, float.NaN, -2.5f, 1.5f, -0.3f, float.PositiveInfinity, float.NegativeInfinity, 0.5f, 2f, -1f, 3f };
        float[] y = { -0f, 0f, 1f, float.NaN, float.NaN, -0f, 1.5f, 0.5f, 1f, float.NaN, -0.5f, float.NegativeInfinity, -0f, -3f };
        ushort[] hxBits = { 0x0000, 0x8000, 0x7e01, 0x3e00, 0xfe00, 0xc100, 0x3e00, 0xb4cd, 0x7c00, 0xfc00, 0x3800, 0x0001, 0xbc00, 0x03ff };
        ushort[] hyBits = { 0x8000, 0x0000, 0x3c00, 0x7e00, 0xfe00, 0x8000, 0x3e00, 0x3800, 0x3c00, 0x7e00, 0xb800, 0xfc00, 0x8000, 0xc200 };
        Half[] hx = hxBits.Select(BitConverter.UInt16BitsToHalf).ToArray(), hy = hyBits.Select(BitConverter.UInt16BitsToHalf).ToArray();
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(y);
        using DeviceBuffer<Half> dhx = gpu.Allocate<Half>(hx), dhy = gpu.Allocate<Half>(hy), h = gpu.Allocate<Half>(x.Length * N);
        using DeviceBuffer<double> d = gpu.Allocate<double>(x.Length * N);
        using DeviceBuffer<int> tests = gpu.Allocate<int>(x.Length);

        MathSemanticsKernels.Launch(1, 32).NumberAndHalfMembers(dx, dy, dhx, dhy, d, h, tests);

        double[] actualD = d.ToArray();
        Half[] actualH = h.ToArray();
        int[] actualTests = tests.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            float a = x[i], b = y[i];
            Half p = hx[i], q = hy[i];
            double[] expectedD = { float.MaxNumber(a, b), float.MinNumber(a, b), double.MaxNumber(a, b), double.MinNumber(a, b) };
            Half[] expectedH = { Half.Max(p, q), Half.Min(p, q), Half.Abs(p), Half.Sqrt(p), Half.Floor(p), Half.Ceiling(p), Half.Truncate(p), Half.Round(p) };
            int expectedTests = (Half.IsFinite(p) ? 1 : 0) | (Half.IsNormal(p) ? 2 : 0) | (Half.IsNegative(p) ? 4 : 0) |
                (Half.IsPositiveInfinity(p) ? 8 : 0) | (Half.IsNegativeInfinity(p) ? 16 : 0) | (Half.IsNaN(p) ? 32 : 0) | (Half.IsInfinity(p) ? 64 : 0);
            for (int k = 0; k < expectedD.Length; k++)
            {
                AssertSame(expectedD[k], actualD[i * N + k], $"inputs {a:R}, {b:R}, double slot {k}");
            }

            for (int k = 0; k < expectedH.Length; k++)
            {
                AssertSame((double)expectedH[k], (double)actualH[i * N + k], $"Half inputs 0x{hxBits[i]:x4}, 0x{hyBits[i]:x4}, slot {k}");
            }

            Assert.True(expectedTests == actualTests[i], $"Half 0x{hxBits[i]:x4}: tests {actualTests[i]}, expected {expectedTests}");
        }
    }

    /// <summary>The same bits, or both NaN.</summary>
    private static void AssertSame(double expected, double actual, string what) =>
        Assert.True((double.IsNaN(expected) && double.IsNaN(actual)) || BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{what}: {actual:R}, expected {expected:R}");
}
