using System.Numerics;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Math, classification, bit reinterpretation and the Gpu fast intrinsics, on the CUDA device and on the CPU backend,
/// against .NET computed here: exact where CUDA's function is exact, within each function's documented error otherwise.
/// </summary>
public sealed class MathKernelTests(Backends backends)
{
    private static readonly float[] Floats =
        { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1e-40f, -1e-40f, 0.5f, -0.5f, 1f, -1f, 1.5f, 2.5f, -2.5f, 3.7f, 100f, -100f, 1e10f, 123.456f };

    private static readonly double[] Doubles =
        { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -0.0, 1e-310, -1e-310, 0.5, -0.5, 1, -1, 1.5, 2.5, -2.5, 3.7, 100, -100, 1e10, 123.456 };

    [Theory, BackendData]
    public void Single_precision_functions_match_NET(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<float> x = gpu.Allocate<float>(Floats), f = gpu.Allocate<float>(Floats.Length * MathKernels.Outputs);

        MathKernels.Launch(1, 32).Single(x, f);

        float[] actual = f.ToArray();
        for (int i = 0; i < Floats.Length; i++)
        {
            float a = Floats[i];
            float[] expected =
            {
                float.IsNaN(a) ? -9f : MathF.Sign(a), MathF.ScaleB(a, 3), MathF.ILogB(a), MathF.Log(MathF.Abs(a), 3f),
                MathF.MaxMagnitude(a, -2f), MathF.MinMagnitude(a, -2f), MathF.IEEERemainder(a, 1.5f), float.Exp2(a),
                float.Hypot(a, 2f), 1f / a, Math.Max(a, -1f) + Math.Min(a, 1f), float.Sqrt(MathF.Abs(a)) + float.Floor(a),
                float.CosPi(a), MathF.Truncate(a) + MathF.Atan2(a, 2f), float.Log(a, 2f), 1f / MathF.Sqrt(a),
            };

            // Slots 9 and 15 are estimates: CUDA's is (nearly) exact; .NET's, which the CPU backend runs, may be the
            // processor's 12-bit approximation; without AVX-512 that instruction also reads a subnormal input as zero,
            // so 1 / sqrt(1e-40) comes out infinite. On the CPU they therefore expect .NET's estimate on this machine.
            if (backend == "cpu")
            {
                expected[9] = MathF.ReciprocalEstimate(a);
                expected[15] = MathF.ReciprocalSqrtEstimate(a);
            }

            int[] exact = { 0, 1, 2, 4, 5, 10 };
            for (int k = 0; k < MathKernels.Outputs; k++)
            {
                double tolerance = exact.Contains(k) ? 0 : k is 9 or 15 ? 1e-3 : 1e-5;
                AssertClose(expected[k], actual[i * MathKernels.Outputs + k], tolerance, $"input {a}, slot {k}");
            }
        }
    }

    [Theory, BackendData]
    public void Double_precision_functions_match_NET(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<double> x = gpu.Allocate<double>(Doubles), d = gpu.Allocate<double>(Doubles.Length * MathKernels.Outputs);

        MathKernels.Launch(1, 32).Double(x, d);

        double[] actual = d.ToArray();
        for (int i = 0; i < Doubles.Length; i++)
        {
            double a = Doubles[i];
            double[] expected =
            {
                double.IsNaN(a) ? -9 : Math.Sign(a), Math.ScaleB(a, -2), Math.ILogB(a), Math.Log(Math.Abs(a), 10.0),
                Math.MaxMagnitude(a, 2.0), Math.MinMagnitude(a, 2.0), Math.IEEERemainder(a, 0.75), double.Exp10(a / 64),
                double.Hypot(a, -1.0), Math.Clamp(a, -3.0, 3.0), Math.Max(a, 0.5) - Math.Min(a, -0.5), Math.Cbrt(a) + Math.Round(a),
                double.SinPi(a), Math.FusedMultiplyAdd(a, 3.0, 1.0), Math.CopySign(2.0, a), Math.Tanh(a),
            };
            int[] exact = { 0, 1, 2, 4, 5, 9, 10, 13, 14 };
            for (int k = 0; k < MathKernels.Outputs; k++)
            {
                AssertClose(expected[k], actual[i * MathKernels.Outputs + k], exact.Contains(k) ? 0 : 1e-13, $"input {a}, slot {k}");
            }
        }
    }

    [Theory, BackendData]
    public void Classification_and_bit_reinterpretation_are_exact(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int n = Floats.Length;
        using DeviceBuffer<float> x = gpu.Allocate<float>(Floats), roundTrips = gpu.Allocate<float>(2 * n);
        using DeviceBuffer<double> y = gpu.Allocate<double>(Doubles);
        using DeviceBuffer<int> masks = gpu.Allocate<int>(n);
        using DeviceBuffer<long> bits = gpu.Allocate<long>(3 * n);

        MathKernels.Launch(1, 32).Classify(x, y, masks, bits, roundTrips);

        int[] m = masks.ToArray();
        long[] b = bits.ToArray();
        float[] r = roundTrips.ToArray();
        for (int i = 0; i < n; i++)
        {
            float a = Floats[i];
            double d = Doubles[i];
            bool[] tests =
            {
                float.IsNaN(a), float.IsInfinity(a), float.IsFinite(a), float.IsNegative(a), float.IsNormal(a), float.IsPositiveInfinity(a), float.IsNegativeInfinity(a),
                double.IsNaN(d), double.IsInfinity(d), double.IsFinite(d), double.IsNegative(d), double.IsNormal(d), double.IsPositiveInfinity(d), double.IsNegativeInfinity(d),
            };
            int expectedMask = tests.Select((t, k) => t ? 1 << k : 0).Sum();
            Assert.True(expectedMask == m[i], $"input {a}/{d}: mask {m[i]:x}, expected {expectedMask:x}");
            Assert.Equal(BitConverter.SingleToInt32Bits(a), b[3 * i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), b[3 * i + 1]);
            Assert.Equal((long)BitConverter.DoubleToUInt64Bits(d) ^ BitConverter.SingleToUInt32Bits(a), b[3 * i + 2]);
            int k = (int)BitConverter.SingleToUInt32Bits(a) & 0x7fffff;
            float first = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) ^ 1) + BitConverter.UInt32BitsToSingle(0x3f800000u);
            float second = (float)BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(d) + 1) + Math.Sign(k - 3000000) +
                Math.Max((byte)k, (byte)100) + Math.Min((short)k, (short)-5) + Math.Max((ulong)k, 7UL) + Math.Sign((long)k - 10);
            Assert.True(first.Equals(r[2 * i]) && second.Equals(r[2 * i + 1]), $"input {a}/{d}: {r[2 * i]}, {r[2 * i + 1]} vs {first}, {second}");
        }
    }

    [Theory, BackendData]
    public void Fast_intrinsics_are_within_their_documented_error_and_bit_counts_are_exact(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        float[] x = { float.NaN, 0f, -0f, 0.25f, -0.25f, 1f, -1f, 2f, -3f, 3.1f, 1.5f, 0.001f, 2.9f, -2.2f };
        uint[] u = { 0, 1, 2, 3, 0x80000000, 0xffffffff, 12345, 1 << 20, 0x7fffffff, 0xf0f0f0f0, 96, 7, 0x10000, 999999 };
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), f = gpu.Allocate<float>(x.Length * MathKernels.Outputs);
        using DeviceBuffer<uint> du = gpu.Allocate<uint>(u);
        using DeviceBuffer<int> n = gpu.Allocate<int>(x.Length * MathKernels.Outputs);

        MathKernels.Launch(1, 32).Intrinsics(dx, du, f, n);

        float[] actualF = f.ToArray();
        int[] actualN = n.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            float a = x[i];
            float[] expected =
            {
                1f / MathF.Sqrt(MathF.Abs(a) + 1f), MathF.Exp(a / 8f), MathF.Log(MathF.Abs(a) + 0.5f), MathF.Sin(a), MathF.Cos(a), a / 3f,
                float.IsNaN(a) ? 0f : Math.Clamp(a, 0f, 1f),
            };
            for (int k = 0; k < expected.Length; k++)
            {
                AssertClose(expected[k], actualF[i * MathKernels.Outputs + k], k == 6 ? 0 : 1e-5, $"input {a}, slot {k}");
            }

            uint v = u[i];
            int[] counts =
            {
                BitOperations.PopCount(v), BitOperations.PopCount((ulong)((long)v << 20 | 1L)), BitOperations.LeadingZeroCount(v),
                BitOperations.LeadingZeroCount((ulong)v), BitOperations.PopCount(v) + BitOperations.LeadingZeroCount(v),
                BitOperations.TrailingZeroCount(v), BitOperations.TrailingZeroCount((ulong)v << 3), BitOperations.Log2(v),
                BitOperations.PopCount(v) - BitOperations.LeadingZeroCount(v),
            };
            Assert.Equal(counts, actualN.Skip(i * MathKernels.Outputs).Take(counts.Length).ToArray());
        }
    }

    /// <summary>Equal (NaN to NaN, infinities by sign) when <paramref name="tolerance"/> is 0, else within it relatively (absolutely below 1).</summary>
    private static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        bool ok = expected.Equals(actual) ||
            (tolerance > 0 && double.IsFinite(expected) && Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)));
        Assert.True(ok, $"{what}: {actual:R}, expected {expected:R}");
    }
}
