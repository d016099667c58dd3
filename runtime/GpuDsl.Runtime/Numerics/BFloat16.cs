using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GpuDsl;

/// <summary>
/// A 16-bit "brain" floating-point number: the top 16 bits of an IEEE <see cref="float"/> (1 sign bit, 8 exponent bits,
/// 7 fraction bits), so it has float's range with about 3 significant decimal digits. In kernels it is CUDA's
/// <c>__nv_bfloat16</c> (from <c>cuda_bf16.h</c>), the input type of the tensor cores' bf16 products.
/// </summary>
/// <remarks>
/// <para>
/// It behaves as <see cref="Half"/> does: every operator computes in <see cref="float"/> and rounds the result back to
/// nearest, ties to even (exact for <c>+ - * /</c>, as float has more than twice bfloat16's precision), and every
/// conversion is explicit except the exact ones from <see cref="byte"/> and <see cref="sbyte"/>. Widening to
/// <see cref="float"/> is exact but explicit, as Half's is: an implicit one would let <c>b + 1f</c> quietly compute in
/// float, and mixing precisions is a choice a kernel should show.
/// </para>
/// <para>
/// Conversions from <see cref="double"/> and from the 64-bit integers round once, directly to bfloat16, as the GPU does
/// (rounding to float first would round twice and sometimes differently). NaN converts to a quiet NaN with its sign;
/// the GPU writes its own NaN (<c>0x7FFF</c>), so compare NaNs with <see cref="IsNaN"/>, not by bits.
/// </para>
/// </remarks>
public readonly partial struct BFloat16 : IEquatable<BFloat16>, IComparable<BFloat16>, IComparable, IFormattable
{
    private const ushort SignMask = 0x8000;
    private const ushort PositiveInfinityBits = 0x7F80;

    private readonly ushort _bits;

    private BFloat16(ushort bits) => _bits = bits;

    /// <summary>The largest finite value, about 3.39e38 (bits <c>0x7F7F</c>).</summary>
    public static BFloat16 MaxValue => new(0x7F7F);

    /// <summary>The most negative finite value, about -3.39e38 (bits <c>0xFF7F</c>).</summary>
    public static BFloat16 MinValue => new(0xFF7F);

    /// <summary>The smallest positive value, the subnormal 2^-133, about 9.2e-41 (bits <c>0x0001</c>).</summary>
    public static BFloat16 Epsilon => new(0x0001);

    /// <summary>A quiet NaN (bits <c>0xFFC0</c>, negative, as <see cref="float.NaN"/>'s top bits are).</summary>
    public static BFloat16 NaN => new(0xFFC0);

    /// <summary>Positive infinity (bits <c>0x7F80</c>).</summary>
    public static BFloat16 PositiveInfinity => new(PositiveInfinityBits);

    /// <summary>Negative infinity (bits <c>0xFF80</c>).</summary>
    public static BFloat16 NegativeInfinity => new(0xFF80);

    /// <summary>Positive zero.</summary>
    public static BFloat16 Zero => new(0x0000);

    /// <summary>Negative zero (bits <c>0x8000</c>), which equals <see cref="Zero"/> but keeps its sign through division.</summary>
    public static BFloat16 NegativeZero => new(SignMask);

    /// <summary>One (bits <c>0x3F80</c>).</summary>
    public static BFloat16 One => new(0x3F80);

    /// <summary>Minus one (bits <c>0xBF80</c>).</summary>
    public static BFloat16 NegativeOne => new(0xBF80);

    /// <summary>The value whose bits are <paramref name="bits"/>, as <see cref="BitConverter.UInt16BitsToHalf"/> does for Half.</summary>
    public static BFloat16 UInt16BitsToBFloat16(ushort bits) => new(bits);

    /// <summary>The bits of <paramref name="value"/>, as <see cref="BitConverter.HalfToUInt16Bits"/> does for Half.</summary>
    public static ushort BFloat16ToUInt16Bits(BFloat16 value) => value._bits;

    /// <summary>The value whose bits are <paramref name="bits"/>, as <see cref="BitConverter.Int16BitsToHalf"/> does for Half.</summary>
    public static BFloat16 Int16BitsToBFloat16(short bits) => new((ushort)bits);

    /// <summary>The bits of <paramref name="value"/>, as <see cref="BitConverter.HalfToInt16Bits"/> does for Half.</summary>
    public static short BFloat16ToInt16Bits(BFloat16 value) => (short)value._bits;

    /// <summary>Whether <paramref name="value"/> is NaN.</summary>
    public static bool IsNaN(BFloat16 value) => (value._bits & 0x7FFF) > PositiveInfinityBits;

    /// <summary>Whether <paramref name="value"/> is positive or negative infinity.</summary>
    public static bool IsInfinity(BFloat16 value) => (value._bits & 0x7FFF) == PositiveInfinityBits;

    /// <summary>Whether <paramref name="value"/> is positive infinity.</summary>
    public static bool IsPositiveInfinity(BFloat16 value) => value._bits == PositiveInfinityBits;

    /// <summary>Whether <paramref name="value"/> is negative infinity.</summary>
    public static bool IsNegativeInfinity(BFloat16 value) => value._bits == 0xFF80;

    /// <summary>Whether <paramref name="value"/> is neither infinite nor NaN.</summary>
    public static bool IsFinite(BFloat16 value) => (value._bits & 0x7FFF) < PositiveInfinityBits;

    /// <summary>Whether the sign bit of <paramref name="value"/> is set (true for <see cref="NegativeZero"/> and negative NaNs).</summary>
    public static bool IsNegative(BFloat16 value) => (short)value._bits < 0;

    /// <summary>Whether <paramref name="value"/> is normal: not zero, subnormal, infinite or NaN.</summary>
    public static bool IsNormal(BFloat16 value)
    {
        int exponent = (value._bits >> 7) & 0xFF;
        return exponent is not 0 and not 0xFF;
    }

    /// <summary>Whether <paramref name="value"/> is subnormal: a nonzero value with the smallest exponent.</summary>
    public static bool IsSubnormal(BFloat16 value) => (value._bits & 0x7F80) == 0 && (value._bits & 0x007F) != 0;

    /// <summary>The absolute value: <paramref name="value"/> with its sign bit cleared (NaN stays NaN).</summary>
    public static BFloat16 Abs(BFloat16 value) => new((ushort)(value._bits & 0x7FFF));

    /// <summary>The sum, computed in float and rounded to nearest even.</summary>
    public static BFloat16 operator +(BFloat16 left, BFloat16 right) => (BFloat16)((float)left + (float)right);

    /// <summary>The difference, computed in float and rounded to nearest even.</summary>
    public static BFloat16 operator -(BFloat16 left, BFloat16 right) => (BFloat16)((float)left - (float)right);

    /// <summary>The product, computed in float and rounded to nearest even.</summary>
    public static BFloat16 operator *(BFloat16 left, BFloat16 right) => (BFloat16)((float)left * (float)right);

    /// <summary>The quotient, computed in float and rounded to nearest even.</summary>
    public static BFloat16 operator /(BFloat16 left, BFloat16 right) => (BFloat16)((float)left / (float)right);

    /// <summary>The remainder of truncated division, as float's <c>%</c> (exact, so no rounding).</summary>
    public static BFloat16 operator %(BFloat16 left, BFloat16 right) => (BFloat16)((float)left % (float)right);

    /// <summary>The value with its sign flipped (NaN's too), as float's unary minus.</summary>
    public static BFloat16 operator -(BFloat16 value) => new((ushort)(value._bits ^ SignMask));

    /// <summary>The value itself.</summary>
    public static BFloat16 operator +(BFloat16 value) => value;

    /// <summary>IEEE equality: NaN equals nothing, and <c>0 == -0</c>.</summary>
    public static bool operator ==(BFloat16 left, BFloat16 right) => (float)left == (float)right;

    /// <summary>IEEE inequality: true when either is NaN.</summary>
    public static bool operator !=(BFloat16 left, BFloat16 right) => (float)left != (float)right;

    /// <summary>IEEE ordering: false when either is NaN.</summary>
    public static bool operator <(BFloat16 left, BFloat16 right) => (float)left < (float)right;

    /// <summary>IEEE ordering: false when either is NaN.</summary>
    public static bool operator >(BFloat16 left, BFloat16 right) => (float)left > (float)right;

    /// <summary>IEEE ordering: false when either is NaN.</summary>
    public static bool operator <=(BFloat16 left, BFloat16 right) => (float)left <= (float)right;

    /// <summary>IEEE ordering: false when either is NaN.</summary>
    public static bool operator >=(BFloat16 left, BFloat16 right) => (float)left >= (float)right;

    /// <summary>Equality as <see cref="float.Equals(float)"/> defines it: NaN equals NaN, and <c>0</c> equals <c>-0</c>.</summary>
    public bool Equals(BFloat16 other) => ((float)this).Equals((float)other);

    /// <inheritdoc cref="Equals(BFloat16)"/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is BFloat16 other && Equals(other);

    /// <summary>A hash code consistent with <see cref="Equals(BFloat16)"/> (all NaNs alike, both zeros alike).</summary>
    public override int GetHashCode() => ((float)this).GetHashCode();

    /// <summary>Order as <see cref="float.CompareTo(float)"/> defines it: NaN first, then the numbers; <c>-0</c> equals <c>0</c>.</summary>
    public int CompareTo(BFloat16 other) => ((float)this).CompareTo((float)other);

    /// <summary>Order against another <see cref="BFloat16"/>; any <see langword="null"/> sorts first.</summary>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither null nor a <see cref="BFloat16"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        BFloat16 other => CompareTo(other),
        _ => throw new ArgumentException($"Object must be of type {nameof(BFloat16)}.", nameof(obj)),
    };

    /// <summary>
    /// The shortest decimal text that converts back to this exact value (<c>0.1</c> for the bfloat16 nearest 0.1, not
    /// float's <c>0.10009766</c>), in the current culture.
    /// </summary>
    public override string ToString() => ToString(null, null);

    /// <summary>
    /// The value formatted as <see cref="float"/> formats it with <paramref name="format"/>; with no format (or "R"), the
    /// shortest text that converts back to this exact value.
    /// </summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        float value = (float)this;
        if (!string.IsNullOrEmpty(format) && format is not ("R" or "r" or "G" or "g"))
        {
            return value.ToString(format, formatProvider);
        }

        // bfloat16 has 8 significant bits, so at most 4 decimal digits are ever needed to come back to the same bits.
        for (int digits = 1; digits < 9; digits++)
        {
            string text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), formatProvider);
            if (double.TryParse(text, NumberStyles.Float, formatProvider, out double parsed) && ((BFloat16)parsed)._bits == _bits)
            {
                return text;
            }
        }

        return value.ToString(formatProvider);
    }
}
