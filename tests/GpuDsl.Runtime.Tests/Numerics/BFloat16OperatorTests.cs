using System.Globalization;
using static GpuDsl.Runtime.Tests.Numerics.BFloat16Rounding;

namespace GpuDsl.Runtime.Tests.Numerics;

/// <summary>BFloat16's operators, equality, order, constants and text, each as Half and float define theirs.</summary>
public sealed class BFloat16OperatorTests
{
    [Fact]
    public void Arithmetic_computes_in_float_and_rounds_back_to_nearest_even()
    {
        BFloat16 one = BFloat16.One, lastPlace = (BFloat16)Math.ScaleB(1.0, -7), halfPlace = (BFloat16)Math.ScaleB(1.0, -8);

        Assert.Equal("0x3F80", Hex(one + halfPlace)); // A tie: stays on the even 1.
        Assert.Equal("0x3F82", Hex(one + lastPlace + halfPlace)); // A tie above an odd value: up.
        Assert.Equal("0x4040", Hex((BFloat16)1.5f * (BFloat16)2f));
        Assert.Equal("0x3EAB", Hex(one / (BFloat16)3f)); // 1/3 = 0x3EAAAAAB in float, rounded up.
        Assert.Equal("0x3F00", Hex((BFloat16)2.5f % (BFloat16)1f));
        Assert.Equal("0x7F80", Hex(BFloat16.MaxValue + BFloat16.MaxValue));
        Assert.Equal("0x8000", Hex(-BFloat16.Zero));
        Assert.True(BFloat16.IsNaN(BFloat16.PositiveInfinity - BFloat16.PositiveInfinity));
    }

    [Fact]
    public void Operators_agree_with_float_rounded_back_on_random_operands()
    {
        Random random = new(7);
        for (int i = 0; i < 100_000; i++)
        {
            BFloat16 a = Bits(random.Next(0x10000)), b = Bits(random.Next(0x10000));
            float x = (float)a, y = (float)b;
            Assert.True(Same((BFloat16)(x + y), a + b) && Same((BFloat16)(x - y), a - b) && Same((BFloat16)(x * y), a * b) &&
                Same((BFloat16)(x / y), a / b) && Same((BFloat16)(x % y), a % b), $"{Hex(a)}, {Hex(b)}");
            Assert.True((x < y) == (a < b) && (x <= y) == (a <= b) && (x == y) == (a == b) && (x != y) == (a != b), $"{Hex(a)}, {Hex(b)}");
        }
    }

    [Fact]
    public void Equality_is_IEEE_for_operators_and_reflexive_for_Equals_and_CompareTo_as_float_defines()
    {
        Assert.False(BFloat16.NaN == BFloat16.NaN);
        Assert.True(BFloat16.NaN != BFloat16.NaN);
        Assert.True(BFloat16.NaN.Equals(BFloat16.NaN));
        Assert.True(BFloat16.Zero == BFloat16.NegativeZero);
        Assert.True(BFloat16.Zero.Equals(BFloat16.NegativeZero));
        Assert.Equal(BFloat16.Zero.GetHashCode(), BFloat16.NegativeZero.GetHashCode());
        Assert.Equal(BFloat16.NaN.GetHashCode(), Bits(0x7FC1).GetHashCode());
        Assert.True(BFloat16.NaN.CompareTo(BFloat16.NegativeInfinity) < 0);
        Assert.True(BFloat16.One.CompareTo((object?)null) > 0);
        Assert.Throws<ArgumentException>(() => BFloat16.One.CompareTo((object)1f));
        Assert.Equal([BFloat16.NaN, BFloat16.MinValue, BFloat16.One, BFloat16.PositiveInfinity],
            new[] { BFloat16.PositiveInfinity, BFloat16.One, BFloat16.NaN, BFloat16.MinValue }.Order());
    }

    [Fact]
    public void Constants_have_the_bits_of_float_cut_to_its_top_half()
    {
        Assert.Equal(3.3895314e38f, (float)BFloat16.MaxValue);
        Assert.Equal(-(float)BFloat16.MaxValue, (float)BFloat16.MinValue);
        Assert.Equal(Math.ScaleB(1.0, -133), (double)BFloat16.Epsilon);
        Assert.Equal(float.PositiveInfinity, (float)BFloat16.PositiveInfinity);
        Assert.Equal(float.NegativeInfinity, (float)BFloat16.NegativeInfinity);
        Assert.True(float.IsNaN((float)BFloat16.NaN));
        Assert.Equal((1f, -1f, 0f), ((float)BFloat16.One, (float)BFloat16.NegativeOne, (float)BFloat16.Zero));
        Assert.True(float.IsNegative((float)BFloat16.NegativeZero));
        Assert.Equal((short)-32768, BFloat16.BFloat16ToInt16Bits(BFloat16.NegativeZero));
        Assert.Equal(BFloat16.NegativeZero, BFloat16.Int16BitsToBFloat16(-32768));
    }

    [Fact]
    public void Classification_matches_float_on_every_bit_pattern()
    {
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            BFloat16 value = Bits(bits);
            float single = (float)value;
            Assert.Equal(
                (float.IsNaN(single), float.IsInfinity(single), float.IsPositiveInfinity(single), float.IsNegativeInfinity(single),
                 float.IsFinite(single), float.IsNegative(single), float.IsNormal(single), float.IsSubnormal(single)),
                (BFloat16.IsNaN(value), BFloat16.IsInfinity(value), BFloat16.IsPositiveInfinity(value), BFloat16.IsNegativeInfinity(value),
                 BFloat16.IsFinite(value), BFloat16.IsNegative(value), BFloat16.IsNormal(value), BFloat16.IsSubnormal(value)));
            Assert.Equal(BitConverter.SingleToUInt32Bits(float.Abs(single)), BitConverter.SingleToUInt32Bits((float)BFloat16.Abs(value)));
        }
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(3.14159, "3.14")]
    [InlineData(-1.0, "-1")]
    [InlineData(256.0, "256")]
    [InlineData(1e30, "1E+30")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void ToString_writes_the_shortest_text_that_comes_back_to_the_same_value(double value, string expected) =>
        Assert.Equal(expected, ((BFloat16)value).ToString(null, CultureInfo.InvariantCulture));

    [Fact]
    public void ToString_comes_back_to_the_same_bits_for_every_number()
    {
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            BFloat16 value = Bits(bits);
            if (!BFloat16.IsNaN(value))
            {
                string text = value.ToString(null, CultureInfo.InvariantCulture);
                Assert.True(Same(value, (BFloat16)double.Parse(text, CultureInfo.InvariantCulture)), $"{Hex(value)} wrote {text}");
            }
        }

        Assert.Equal("1.50", ((BFloat16)1.5f).ToString("F2", CultureInfo.InvariantCulture));
    }

    private static bool Same(BFloat16 expected, BFloat16 actual) =>
        BFloat16.BFloat16ToUInt16Bits(expected) == BFloat16.BFloat16ToUInt16Bits(actual) || (BFloat16.IsNaN(expected) && BFloat16.IsNaN(actual));
}
