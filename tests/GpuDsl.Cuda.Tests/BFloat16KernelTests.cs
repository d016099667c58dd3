using System.Runtime.CompilerServices;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// BFloat16 on the CUDA device (<c>__nv_bfloat16</c>) and on the CPU backend, compared bit for bit with the runtime's
/// C# type: every bit pattern, rounding ties and double rounding traps, the operators, a struct and a generic kernel.
/// NaNs are compared as NaNs: the GPU writes its own NaN bits (<c>0x7FFF</c>), C# keeps the operand's sign and payload.
/// </summary>
public sealed class BFloat16KernelTests(Backends backends)
{
    [Theory, BackendData]
    public void Every_bit_pattern_widens_exactly_and_narrows_back_as_CSharp_does(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        ushort[] bits = Enumerable.Range(0, 0x10000).Select(b => (ushort)b).ToArray();
        using DeviceBuffer<ushort> dbits = gpu.Allocate<ushort>(bits), narrowed = gpu.Allocate<ushort>(bits.Length);
        using DeviceBuffer<float> widened = gpu.Allocate<float>(bits.Length);
        using DeviceBuffer<double> asDouble = gpu.Allocate<double>(bits.Length);

        BFloat16Kernels.Launch(bits.Length / 256, 256).RoundTrip(dbits, widened, narrowed, asDouble);

        float[] w = widened.ToArray();
        double[] d = asDouble.ToArray();
        ushort[] n = narrowed.ToArray();
        for (int i = 0; i < bits.Length; i++)
        {
            BFloat16 value = BFloat16.UInt16BitsToBFloat16(bits[i]);
            Assert.True(BitConverter.SingleToUInt32Bits((float)value) == BitConverter.SingleToUInt32Bits(w[i]) || IsNaNs((float)value, w[i]), $"0x{i:X4} widened to {w[i]}");
            Assert.True(BitConverter.DoubleToInt64Bits((double)value) == BitConverter.DoubleToInt64Bits(d[i]) || IsNaNs((double)value, d[i]), $"0x{i:X4} as double {d[i]}");
            AssertSame(BFloat16.BFloat16ToUInt16Bits((BFloat16)(float)value), n[i], $"0x{i:X4} narrowed back");
        }
    }

    [Theory, BackendData]
    public void Floats_doubles_and_integers_round_once_to_nearest_even_as_CSharp_does(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(1618);
        List<float> floats = [1.00390625f, 1.01171875f, BitConverter.UInt32BitsToSingle(0x3F808001), BitConverter.UInt32BitsToSingle(0x00008000),
            BitConverter.UInt32BitsToSingle(0x007FC000), BitConverter.UInt32BitsToSingle(0x7F7F8000), float.MaxValue, float.MinValue, -0f,
            float.Epsilon, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        List<double> doubles = [1 + Math.ScaleB(1, -8) + Math.ScaleB(1, -40), -(1 + Math.ScaleB(1, -8) + Math.ScaleB(1, -40)), 1e300, -1e-300,
            Math.ScaleB(1, -134) * 1.0000001, (double)float.MaxValue * 1.0000001, double.NaN, double.NegativeInfinity, -0.0, 0.1, 1.0 / 3];
        List<long> integers = [(1L << 24) + (1L << 16) + 1, (1L << 60) + (1L << 52) + 1, -((1L << 60) + (1L << 52) + 1), long.MaxValue, long.MinValue,
            int.MaxValue, int.MinValue, 0, 1, -1, 257, 383, 385, 65535, -32769];
        while (floats.Count < 20_000) floats.Add(BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32)));
        while (doubles.Count < floats.Count)
        {
            double value = Math.ScaleB(1 + random.NextDouble(), random.Next(-150, 130));
            doubles.Add(random.Next(2) == 0 ? value : -value);
        }

        while (integers.Count < floats.Count) integers.Add(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64));
        int count = floats.Count;
        using DeviceBuffer<float> df = gpu.Allocate<float>([.. floats]);
        using DeviceBuffer<double> dd = gpu.Allocate<double>([.. doubles]);
        using DeviceBuffer<long> dn = gpu.Allocate<long>([.. integers]);
        DeviceBuffer<ushort>[] outputs = Enumerable.Range(0, 7).Select(_ => gpu.Allocate<ushort>(count)).ToArray();
        try
        {
            BFloat16Kernels.Launch((count + 255) / 256, 256).Narrow(df, dd, dn, outputs[0], outputs[1], outputs[2], outputs[3], outputs[4], outputs[5], outputs[6]);

            ushort[][] got = outputs.Select(o => o.ToArray()).ToArray();
            for (int i = 0; i < count; i++)
            {
                long n = integers[i];
                AssertSame(Bits((BFloat16)floats[i]), got[0][i], $"float {floats[i]:R}");
                AssertSame(Bits((BFloat16)doubles[i]), got[1][i], $"double {doubles[i]:R}");
                AssertSame(Bits((BFloat16)n), got[2][i], $"long {n}");
                AssertSame(Bits((BFloat16)(ulong)n), got[3][i], $"ulong {(ulong)n}");
                AssertSame(Bits((BFloat16)(int)n), got[4][i], $"int {(int)n}");
                AssertSame(Bits((BFloat16)(uint)n), got[5][i], $"uint {(uint)n}");
                AssertSame(Bits((BFloat16)(short)n), got[6][i], $"short {(short)n}");
            }
        }
        finally
        {
            foreach (DeviceBuffer<ushort> output in outputs) output.Dispose();
        }
    }

    [Theory, BackendData]
    public void Operators_comparisons_tests_and_integer_conversions_match_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(3);
        BFloat16[] special = [BFloat16.Zero, BFloat16.NegativeZero, BFloat16.One, BFloat16.NaN, BFloat16.PositiveInfinity, BFloat16.NegativeInfinity,
            BFloat16.MaxValue, BFloat16.MinValue, BFloat16.Epsilon, (BFloat16)1e10f, (BFloat16)(-3e9f)];
        BFloat16[] a = [.. special.SelectMany(_ => special), .. Enumerable.Range(0, 20_000).Select(_ => BFloat16.UInt16BitsToBFloat16((ushort)random.Next(0x10000)))];
        BFloat16[] b = [.. special.SelectMany(_ => special.Reverse()), .. Enumerable.Range(0, 20_000).Select(_ => BFloat16.UInt16BitsToBFloat16((ushort)random.Next(0x10000)))];
        for (int i = 0; i < special.Length * special.Length; i++) b[i] = special[i % special.Length];
        using DeviceBuffer<BFloat16> da = gpu.Allocate<BFloat16>(a), db = gpu.Allocate<BFloat16>(b), results = gpu.Allocate<BFloat16>(6 * a.Length);
        using DeviceBuffer<int> comparisons = gpu.Allocate<int>(a.Length);
        using DeviceBuffer<long> integers = gpu.Allocate<long>(3 * a.Length);

        BFloat16Kernels.Launch((a.Length + 255) / 256, 256).Operators(da, db, results, comparisons, integers);

        BFloat16[] r = results.ToArray();
        int[] c = comparisons.ToArray();
        long[] n = integers.ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            BFloat16 x = a[i], y = b[i];
            string at = $"0x{Bits(x):X4}, 0x{Bits(y):X4}";
            BFloat16 negated = -x;
            negated += BFloat16.Zero;
            BFloat16[] expected = [x + y, x - y, x * y, x / y, x % y, BFloat16.IsNaN(x) ? -x : negated];
            for (int k = 0; k < expected.Length; k++) AssertSame(Bits(expected[k]), Bits(r[6 * i + k]), $"{at} operation {k}");
            int flags = (x < y ? 1 : 0) | (x <= y ? 2 : 0) | (x == y ? 4 : 0) | (x != y ? 8 : 0) | (x > y ? 16 : 0) | (x >= y ? 32 : 0) |
                (BFloat16.IsNaN(x) ? 64 : 0) | (BFloat16.IsInfinity(x) ? 128 : 0) | (BFloat16.IsFinite(x) ? 256 : 0) | (BFloat16.IsNormal(x) ? 512 : 0) |
                (BFloat16.IsSubnormal(x) ? 1024 : 0) | (BFloat16.IsNegative(x) ? 2048 : 0) | (BFloat16.IsPositiveInfinity(x) ? 4096 : 0) |
                (BFloat16.IsNegativeInfinity(x) ? 8192 : 0) | (BFloat16.BFloat16ToUInt16Bits(BFloat16.Abs(x)) << 16);
            Assert.True(flags == c[i], $"{at}: flags {c[i]:X8}, expected {flags:X8}");
            Assert.Equal([(int)x, (long)x, (short)x + ((byte)x << 16) + ((long)(uint)x << 32)], n[(3 * i)..(3 * i + 3)]);
        }
    }

    [Theory, BackendData]
    public void A_span_of_structs_with_a_BFloat16_field_and_a_BFloat16_argument_keep_their_layout(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Assert.Equal(8, Unsafe.SizeOf<WeightedSample>()); // The generated CUDA static_asserts the same.
        WeightedSample[] samples = Enumerable.Range(0, 300).Select(i => new WeightedSample { Tag = (byte)i, Weight = (BFloat16)(i * 0.37f - 50), Value = i * 1.5f - 7 }).ToArray();
        BFloat16 scale = (BFloat16)(-1.25f);
        using DeviceBuffer<WeightedSample> buffer = gpu.Allocate<WeightedSample>(samples);

        BFloat16Kernels.Launch((samples.Length + 127) / 128, 128).Weigh(buffer, scale);

        WeightedSample[] got = buffer.ToArray();
        for (int i = 0; i < samples.Length; i++)
        {
            WeightedSample s = samples[i];
            Assert.Equal((byte)(s.Tag + 1), got[i].Tag);
            Assert.Equal(Bits(s.Weight * scale + (BFloat16)s.Value), Bits(got[i].Weight));
            Assert.Equal(s.Value, got[i].Value);
        }
    }

    [Theory, BackendData]
    public void A_generic_kernel_instantiated_with_BFloat16_moves_its_bits_through_shared_memory(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        BFloat16[] x = Enumerable.Range(0, 256).Select(i => BFloat16.UInt16BitsToBFloat16((ushort)(i * 257))).ToArray();
        using DeviceBuffer<BFloat16> dx = gpu.Allocate<BFloat16>(x), dy = gpu.Allocate<BFloat16>(x.Length);

        BFloat16Kernels.Launch(x.Length / 64, 64).ReverseBlocks(dx, dy);

        ushort[] expected = x.Chunk(64).SelectMany(block => block.Reverse()).Select(Bits).ToArray();
        Assert.Equal(expected, dy.ToArray().Select(Bits).ToArray());
    }

    private static ushort Bits(BFloat16 value) => BFloat16.BFloat16ToUInt16Bits(value);

    private static bool IsNaNs(double expected, double actual) => double.IsNaN(expected) && double.IsNaN(actual);

    /// <summary>The same bits, or both NaN.</summary>
    private static void AssertSame(ushort expected, ushort actual, string what)
    {
        bool bothNaN = BFloat16.IsNaN(BFloat16.UInt16BitsToBFloat16(expected)) && BFloat16.IsNaN(BFloat16.UInt16BitsToBFloat16(actual));
        Assert.True(expected == actual || bothNaN, $"{what}: 0x{actual:X4}, expected 0x{expected:X4}");
    }
}
