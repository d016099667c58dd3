using System.Numerics;

namespace GpuDsl;

/// <summary>
/// The conversions, each rounding at most once to nearest, ties to even, as the GPU's <c>cvt.rn.bf16</c> instructions
/// and <c>cuda_bf16.h</c>'s <c>_rn</c> functions do. Out of range rounds to infinity; to an integer goes through
/// <see cref="float"/> (exact) and then converts as C# converts a float: truncated and saturated, NaN as 0.
/// </summary>
public readonly partial struct BFloat16
{
    /// <summary>The exact float: bfloat16's bits are the top half of float's.</summary>
    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value._bits << 16);

    /// <summary>The exact double.</summary>
    public static explicit operator double(BFloat16 value) => (float)value;

    /// <summary>
    /// <paramref name="value"/> rounded to nearest, ties to even (so anything at or beyond <see cref="MaxValue"/> plus
    /// half its last place becomes infinity); NaN stays NaN, made quiet, with its sign.
    /// </summary>
    public static explicit operator BFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000)
        {
            return new((ushort)((bits >> 16) | 0x0040)); // The quiet bit keeps a NaN whose payload was all in the low half a NaN.
        }

        // Adding just under half of the dropped part's unit, plus the kept part's last bit, carries exactly when
        // rounding to nearest even goes up; a carry out of the fraction steps the exponent, up to infinity.
        uint roundingBias = 0x7FFF + ((bits >> 16) & 1);
        return new((ushort)((bits + roundingBias) >> 16));
    }

    /// <summary>
    /// <paramref name="value"/> rounded once to nearest, ties to even, as <c>(Half)double</c> rounds once: a value that
    /// lies just past a halfway point would, through <c>(BFloat16)(float)value</c>, land on it and round to even.
    /// </summary>
    public static explicit operator BFloat16(double value) => (BFloat16)RoundToOddSingle(value);

    /// <summary>The value, exactly (every byte fits bfloat16's 8 significant bits).</summary>
    public static implicit operator BFloat16(byte value) => (BFloat16)(float)value;

    /// <summary>The value, exactly (every sbyte fits bfloat16's 8 significant bits).</summary>
    public static implicit operator BFloat16(sbyte value) => (BFloat16)(float)value;

    /// <summary>The value rounded to nearest, ties to even.</summary>
    public static explicit operator BFloat16(short value) => (BFloat16)(double)value;

    /// <summary>The value rounded to nearest, ties to even.</summary>
    public static explicit operator BFloat16(ushort value) => (BFloat16)(double)value;

    /// <summary>The value rounded once to nearest, ties to even (through double, which holds every int exactly).</summary>
    public static explicit operator BFloat16(int value) => (BFloat16)(double)value;

    /// <summary>The value rounded once to nearest, ties to even (through double, which holds every uint exactly).</summary>
    public static explicit operator BFloat16(uint value) => (BFloat16)(double)value;

    /// <summary>The value rounded once to nearest, ties to even (not through a rounded double).</summary>
    public static explicit operator BFloat16(long value)
    {
        BFloat16 magnitude = FromMagnitude(value < 0 ? unchecked((ulong)-value) : (ulong)value);
        return value < 0 ? -magnitude : magnitude;
    }

    /// <summary>The value rounded once to nearest, ties to even (not through a rounded double).</summary>
    public static explicit operator BFloat16(ulong value) => FromMagnitude(value);

    /// <summary>As C# converts <c>(byte)(float)value</c>: truncated toward zero, through a saturated int, NaN as 0.</summary>
    public static explicit operator byte(BFloat16 value) => (byte)(float)value;

    /// <summary>As C# converts <c>(sbyte)(float)value</c>: truncated toward zero, through a saturated int, NaN as 0.</summary>
    public static explicit operator sbyte(BFloat16 value) => (sbyte)(float)value;

    /// <summary>As C# converts <c>(short)(float)value</c>: truncated toward zero, through a saturated int, NaN as 0.</summary>
    public static explicit operator short(BFloat16 value) => (short)(float)value;

    /// <summary>As C# converts <c>(ushort)(float)value</c>: truncated toward zero, through a saturated int, NaN as 0.</summary>
    public static explicit operator ushort(BFloat16 value) => (ushort)(float)value;

    /// <summary>As C# converts <c>(int)(float)value</c>: truncated toward zero, saturated, NaN as 0.</summary>
    public static explicit operator int(BFloat16 value) => (int)(float)value;

    /// <summary>As C# converts <c>(uint)(float)value</c>: truncated toward zero, saturated, NaN as 0.</summary>
    public static explicit operator uint(BFloat16 value) => (uint)(float)value;

    /// <summary>As C# converts <c>(long)(float)value</c>: truncated toward zero, saturated, NaN as 0.</summary>
    public static explicit operator long(BFloat16 value) => (long)(float)value;

    /// <summary>As C# converts <c>(ulong)(float)value</c>: truncated toward zero, saturated, NaN as 0.</summary>
    public static explicit operator ulong(BFloat16 value) => (ulong)(float)value;

    /// <summary>
    /// <paramref name="value"/> as a float rounded to odd: truncated, with the last bit set when anything was dropped.
    /// Float keeps 16 more bits than bfloat16 at every magnitude (subnormals included), so rounding this once more to
    /// nearest even gives exactly what rounding <paramref name="value"/> directly would (the "round to odd" theorem).
    /// </summary>
    private static float RoundToOddSingle(double value)
    {
        float nearest = (float)value;
        double back = nearest;
        if (back == value || double.IsNaN(value))
        {
            return nearest;
        }

        uint bits = BitConverter.SingleToUInt32Bits(nearest);
        if (Math.Abs(back) > Math.Abs(value))
        {
            bits--; // Toward zero: one unit down in magnitude (from infinity, to float's largest finite value).
        }

        return BitConverter.UInt32BitsToSingle(bits | 1);
    }

    /// <summary>
    /// An unsigned 64-bit integer rounded once: the bits below double's 53 are folded into one sticky bit, which keeps
    /// the halfway cases where they are while every bfloat16 rounding decision stays the same.
    /// </summary>
    private static BFloat16 FromMagnitude(ulong magnitude)
    {
        int excess = 64 - BitOperations.LeadingZeroCount(magnitude) - 53;
        if (excess <= 0)
        {
            return (BFloat16)(double)magnitude;
        }

        ulong kept = magnitude >> excess;
        if ((magnitude & ((1UL << excess) - 1)) != 0)
        {
            kept |= 1;
        }

        return (BFloat16)Math.ScaleB(kept, excess);
    }
}
