namespace GpuDsl.Runtime.Tests.Numerics;

/// <summary>
/// An independent reference for rounding to bfloat16: the two neighbours and their midpoint computed in exact
/// arithmetic (double and UInt128), not by bit tricks, so the tests check the type's fast paths against the definition.
/// </summary>
internal static class BFloat16Rounding
{
    /// <summary>The bits of the bfloat16 nearest to a finite <paramref name="value"/>, ties to even, overflow to infinity.</summary>
    public static ushort Nearest(double value)
    {
        ushort sign = (ushort)(double.IsNegative(value) ? 0x8000 : 0);
        double magnitude = Math.Abs(value);
        double largest = (double)BFloat16.MaxValue;
        double overflow = largest + Math.ScaleB(1, 127 - 7 - 1); // MaxValue plus half its last place; its last bit is odd, so the tie overflows.
        if (magnitude >= overflow)
        {
            return (ushort)(sign | 0x7F80);
        }

        int exponent = magnitude == 0 ? -126 : Math.Max(Math.ILogB(magnitude), -126);
        double unit = Math.ScaleB(1, exponent - 7);
        double steps = Math.Floor(magnitude / unit);
        double rest = magnitude - steps * unit;
        if (rest > unit / 2 || (rest == unit / 2 && steps % 2 == 1))
        {
            steps++;
        }

        return (ushort)(sign | BFloat16.BFloat16ToUInt16Bits((BFloat16)(float)(steps * unit)));
    }

    /// <summary>The bits of the bfloat16 nearest to an integer, ties to even, by integer arithmetic only.</summary>
    public static ushort NearestInteger(Int128 value)
    {
        bool negative = value < 0;
        UInt128 magnitude = (UInt128)(negative ? -value : value);
        int length = 128 - (int)UInt128.LeadingZeroCount(magnitude);
        if (length > 8)
        {
            int dropped = length - 8;
            UInt128 kept = magnitude >> dropped, rest = magnitude - (kept << dropped), half = (UInt128)1 << (dropped - 1);
            if (rest > half || (rest == half && (kept & 1) == 1))
            {
                kept++;
            }

            magnitude = kept << dropped;
        }

        ushort bits = BFloat16.BFloat16ToUInt16Bits((BFloat16)(float)magnitude); // Exact: at most 9 significant bits.
        return (ushort)(bits | (negative ? 0x8000 : 0));
    }

    /// <summary>The bits of a bfloat16, for messages: <c>0x3F80</c>.</summary>
    public static string Hex(BFloat16 value) => $"0x{BFloat16.BFloat16ToUInt16Bits(value):X4}";

    /// <summary>A bfloat16 from its bits.</summary>
    public static BFloat16 Bits(int bits) => BFloat16.UInt16BitsToBFloat16((ushort)bits);

    /// <summary>A float from its bits.</summary>
    public static float Single(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    /// <summary>The magnitude as an exponent and fraction, to build test values exactly: <c>2^a + 2^b + ...</c>.</summary>
    public static double Powers(params int[] exponents) => exponents.Sum(e => Math.ScaleB(1, e));

    /// <summary>Random doubles spread over every exponent bfloat16 has, plus some beyond.</summary>
    public static IEnumerable<double> SpreadDoubles(int seed, int count)
    {
        Random random = new(seed);
        for (int i = 0; i < count; i++)
        {
            double fraction = 1 + random.NextDouble();
            double value = Math.ScaleB(fraction, random.Next(-150, 130));
            yield return random.Next(2) == 0 ? value : -value;
        }
    }
}
