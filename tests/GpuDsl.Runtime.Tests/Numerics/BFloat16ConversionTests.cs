using static GpuDsl.Runtime.Tests.Numerics.BFloat16Rounding;

namespace GpuDsl.Runtime.Tests.Numerics;

/// <summary>BFloat16's conversions: exact to float, rounded once to nearest even from float, double and the integers.</summary>
public sealed class BFloat16ConversionTests
{
    [Fact]
    public void Every_bit_pattern_widens_to_the_float_with_those_top_bits_and_narrows_back_to_itself()
    {
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            BFloat16 value = Bits(bits);
            float single = (float)value;
            Assert.Equal((uint)bits << 16, BitConverter.SingleToUInt32Bits(single));
            Assert.Equal(BitConverter.DoubleToInt64Bits(single), BitConverter.DoubleToInt64Bits((double)value));

            // A signalling NaN comes back quiet; everything else comes back as it was, from float and from double.
            int expected = float.IsNaN(single) ? bits | 0x0040 : bits;
            Assert.True(expected == BFloat16.BFloat16ToUInt16Bits((BFloat16)single), $"0x{bits:X4} from float gave {Hex((BFloat16)single)}");
            Assert.True(expected == BFloat16.BFloat16ToUInt16Bits((BFloat16)(double)single), $"0x{bits:X4} from double gave {Hex((BFloat16)(double)single)}");
        }
    }

    [Theory]
    [InlineData(0x3F808000u, 0x3F80)] // 1 + 2^-8: halfway, the lower neighbour is even.
    [InlineData(0x3F818000u, 0x3F82)] // Halfway above an odd neighbour: up to the even one.
    [InlineData(0x3F808001u, 0x3F81)] // Just past halfway: up.
    [InlineData(0x3F807FFFu, 0x3F80)] // Just short of halfway: down.
    [InlineData(0xBF818000u, 0xBF82)] // Negative ties round the magnitude the same way.
    [InlineData(0x00008000u, 0x0000)] // Half the smallest subnormal: a tie, to the even zero.
    [InlineData(0x00018000u, 0x0002)] // Subnormal tie above an odd neighbour.
    [InlineData(0x00008001u, 0x0001)] // Past half the smallest subnormal: the smallest subnormal.
    [InlineData(0x007FC000u, 0x0080)] // The largest subnormal's upper tie: the smallest normal.
    [InlineData(0x7F7F7FFFu, 0x7F7F)] // Just under MaxValue's upper tie: MaxValue.
    [InlineData(0x7F7F8000u, 0x7F80)] // MaxValue's upper tie: MaxValue is odd, so infinity.
    [InlineData(0x7F7FFFFFu, 0x7F80)] // float.MaxValue: infinity.
    [InlineData(0xFF7FFFFFu, 0xFF80)] // float.MinValue: negative infinity.
    [InlineData(0x80000000u, 0x8000)] // -0 keeps its sign.
    [InlineData(0x80000001u, 0x8000)] // A tiny negative rounds to -0.
    [InlineData(0x7F800000u, 0x7F80)] // Infinity.
    [InlineData(0x7F800001u, 0x7FC0)] // A NaN whose payload is all in the dropped half stays NaN (not infinity).
    [InlineData(0xFFC00000u, 0xFFC0)] // float.NaN keeps its sign.
    public void Float_rounds_to_nearest_ties_to_even_with_overflow_to_infinity(uint single, int expected)
    {
        BFloat16 value = (BFloat16)Single(single);
        Assert.Equal(Hex(Bits(expected)), Hex(value));
    }

    [Fact]
    public void Float_rounding_matches_the_exact_reference_on_a_spread_of_values()
    {
        Random random = new(1816);
        for (int i = 0; i < 200_000; i++)
        {
            float single = Single((uint)random.NextInt64(0, 1L << 32));
            if (!float.IsNaN(single))
            {
                Assert.True(Nearest(single) == BFloat16.BFloat16ToUInt16Bits((BFloat16)single), $"{single:R}");
            }
        }
    }

    [Fact]
    public void Double_rounds_once_where_going_through_float_would_round_twice()
    {
        double justPastHalfway = Powers(0, -8, -40); // float rounds it down onto the tie, which then goes to even.

        Assert.Equal("0x3F81", Hex((BFloat16)justPastHalfway));
        Assert.Equal("0x3F80", Hex((BFloat16)(float)justPastHalfway));
        Assert.Equal("0xBF81", Hex((BFloat16)(-justPastHalfway)));
    }

    [Fact]
    public void Double_rounding_matches_the_exact_reference_across_the_range()
    {
        foreach (double value in SpreadDoubles(18, 200_000))
        {
            Assert.True(Nearest(value) == BFloat16.BFloat16ToUInt16Bits((BFloat16)value), $"{value:R}");
        }
    }

    [Theory]
    [InlineData(1e300, 0x7F80)]
    [InlineData(-1e300, 0xFF80)]
    [InlineData(1e-300, 0x0000)]
    [InlineData(-1e-300, 0x8000)]
    [InlineData(double.PositiveInfinity, 0x7F80)]
    [InlineData(double.NegativeInfinity, 0xFF80)]
    public void Double_beyond_the_range_goes_to_infinity_or_signed_zero(double value, int expected) =>
        Assert.Equal(Hex(Bits(expected)), Hex((BFloat16)value));

    [Fact]
    public void Double_NaN_stays_NaN()
    {
        Assert.True(BFloat16.IsNaN((BFloat16)double.NaN));
        Assert.True(BFloat16.IsNaN((BFloat16)BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001))); // Payload only in the low bits.
    }

    [Fact]
    public void Integers_round_once_where_going_through_float_or_double_would_round_twice()
    {
        int viaFloatTies = (1 << 24) + (1 << 16) + 1; // float rounds it onto a bfloat16 tie.
        long viaDoubleTies = (1L << 60) + (1L << 52) + 1; // double rounds it onto a bfloat16 tie.

        Assert.Equal((float)((1 << 24) + (1 << 17)), (float)(BFloat16)viaFloatTies);
        Assert.Equal((float)(1 << 24), (float)(BFloat16)(float)viaFloatTies);
        Assert.Equal((float)((1L << 60) + (1L << 53)), (float)(BFloat16)viaDoubleTies);
        Assert.Equal((float)((1UL << 60) + (1UL << 53)), (float)(BFloat16)(ulong)viaDoubleTies);
        Assert.Equal(-(float)((1L << 60) + (1L << 53)), (float)(BFloat16)(-viaDoubleTies));
    }

    [Fact]
    public void Integers_match_the_exact_reference_at_their_extremes_and_at_random()
    {
        long[] edges = [0, 1, -1, 255, 256, 257, 383, 384, 385, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, long.MinValue + 1];
        foreach (long value in edges)
        {
            Assert.Equal(NearestInteger(value), BFloat16.BFloat16ToUInt16Bits((BFloat16)value));
        }

        Assert.Equal(NearestInteger(ulong.MaxValue), BFloat16.BFloat16ToUInt16Bits((BFloat16)ulong.MaxValue));
        Assert.Equal(NearestInteger(uint.MaxValue), BFloat16.BFloat16ToUInt16Bits((BFloat16)uint.MaxValue));
        Random random = new(2026);
        for (int i = 0; i < 100_000; i++)
        {
            long value = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64);
            Assert.True(NearestInteger(value) == BFloat16.BFloat16ToUInt16Bits((BFloat16)value), $"long {value}");
            Assert.True(NearestInteger((int)value) == BFloat16.BFloat16ToUInt16Bits((BFloat16)(int)value), $"int {(int)value}");
            Assert.True(NearestInteger((ulong)value) == BFloat16.BFloat16ToUInt16Bits((BFloat16)(ulong)value), $"ulong {(ulong)value}");
            Assert.True(NearestInteger((short)value) == BFloat16.BFloat16ToUInt16Bits((BFloat16)(short)value), $"short {(short)value}");
        }
    }

    [Fact]
    public void Bytes_convert_implicitly_and_exactly()
    {
        for (int i = sbyte.MinValue; i <= byte.MaxValue; i++)
        {
            BFloat16 value = i < 0 ? (sbyte)i : (byte)i;
            Assert.Equal(i, (float)value);
        }
    }

    [Theory]
    [InlineData(0x4F80, int.MaxValue, uint.MaxValue)] // 2^32: saturates both.
    [InlineData(0xCF80, int.MinValue, 0u)] // -2^32.
    [InlineData(0x7FC0, 0, 0u)] // NaN is 0.
    [InlineData(0x3FF0, 1, 1u)] // 1.875 truncates.
    [InlineData(0xBFF0, -1, 0u)] // -1.875 truncates toward zero; uint saturates at 0.
    public void To_integers_truncates_and_saturates_as_CSharp_converts_a_float(int bits, int asInt, uint asUInt)
    {
        BFloat16 value = Bits(bits);
        Assert.Equal(asInt, (int)value);
        Assert.Equal(asUInt, (uint)value);
        Assert.Equal((long)(float)value, (long)value);
        Assert.Equal((ulong)(float)value, (ulong)value);
        Assert.Equal((short)(float)value, (short)value);
        Assert.Equal((byte)(float)value, (byte)value);
    }
}
