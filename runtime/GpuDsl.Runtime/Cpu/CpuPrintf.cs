using System.Globalization;
using System.Numerics;
using System.Text;

namespace GpuDsl.Cpu;

/// <summary>
/// <see cref="Gpu.Printf(string)"/> on the CPU backend: C's <c>printf</c> formatting of the conversions the generator
/// lets through (GPU0039 checks them against the arguments), so the CPU writes the text the GPU would.
/// </summary>
/// <remarks>
/// Integers travel as 64 bits (sign- or zero-extended, as C would convert them) and are cut to the conversion's size;
/// floating-point values travel as <see cref="double"/>, as C's variadic calls promote <c>float</c>.
/// </remarks>
internal static class CpuPrintf
{
    /// <summary>One argument: an integer's 64 bits, or a floating-point value.</summary>
    internal readonly record struct Value(long Bits, double Real, bool IsReal);

    /// <summary>Writes the formatted text to <see cref="Console.Out"/>, whole (other threads' text never splits it).</summary>
    public static void Write(string format, ReadOnlySpan<Value> arguments) => Console.Out.Write(Format(format, arguments));

    /// <summary>A value of a type <see cref="Gpu.Printf(string)"/> takes.</summary>
    public static Value Argument<T>(T value) where T : unmanaged => value switch
    {
        bool b => new(b ? 1 : 0, 0, false),
        sbyte v => new(v, 0, false),
        byte v => new(v, 0, false),
        short v => new(v, 0, false),
        ushort v => new(v, 0, false),
        char v => new(v, 0, false),
        int v => new(v, 0, false),
        uint v => new(v, 0, false),
        long v => new(v, 0, false),
        ulong v => new(unchecked((long)v), 0, false),
        float v => new(0, v, true),
        double v => new(0, v, true),
        Half v => new(0, (double)v, true),
        BFloat16 v => new(0, (double)v, true),
        Enum e => new(Type.GetTypeCode(typeof(T)) == TypeCode.UInt64 ? unchecked((long)Convert.ToUInt64(e, CultureInfo.InvariantCulture)) : Convert.ToInt64(e, CultureInfo.InvariantCulture), 0, false),
        _ => throw new NotSupportedException($"Gpu.Printf cannot print a {typeof(T).Name}: it prints integers, bool, enums, float, double and Half."),
    };

    /// <summary>The text C's <c>printf</c> makes of <paramref name="format"/> and <paramref name="arguments"/>.</summary>
    public static string Format(string format, ReadOnlySpan<Value> arguments)
    {
        StringBuilder text = new();
        int next = 0;
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                text.Append(format[i]);
                continue;
            }

            Spec spec = Parse(format, ref i);
            if (spec.Conversion == '%')
            {
                text.Append('%');
                continue;
            }

            if (next >= arguments.Length)
            {
                throw new FormatException($"The Gpu.Printf format \"{format}\" has more conversions than the {arguments.Length} arguments.");
            }

            Value value = arguments[next++];
            text.Append(spec.Conversion switch
            {
                'd' or 'i' or 'u' or 'o' or 'x' or 'X' or 'c' => Integer(spec, value.IsReal ? (long)value.Real : value.Bits),
                'f' or 'F' or 'e' or 'E' or 'g' or 'G' => Real(spec, value.IsReal ? value.Real : value.Bits),
                _ => throw new FormatException($"Gpu.Printf does not support the conversion '%{spec.Conversion}'."),
            });
        }

        return text.ToString();
    }

    /// <summary>A conversion: <c>%[flags][width][.precision][length]conversion</c>; a precision of -1 is none.</summary>
    private readonly record struct Spec(string Flags, int Width, int Precision, string Length, char Conversion)
    {
        public bool Has(char flag) => Flags.Contains(flag);
    }

    /// <summary>Reads the conversion that starts at the '%' at <paramref name="i"/>; leaves <paramref name="i"/> at its last character.</summary>
    private static Spec Parse(string format, ref int i)
    {
        int start = ++i;
        while (i < format.Length && "-+ #0".Contains(format[i]))
        {
            i++;
        }

        string flags = format[start..i];
        int width = Number(format, ref i);
        int precision = -1;
        if (i < format.Length && format[i] == '.')
        {
            i++;
            precision = Number(format, ref i);
        }

        int lengthStart = i;
        while (i < format.Length && format[i] is 'h' or 'l')
        {
            i++;
        }

        string length = format[lengthStart..i];
        if (i >= format.Length)
        {
            throw new FormatException($"The Gpu.Printf format \"{format}\" ends inside a conversion.");
        }

        return new Spec(flags, width, precision, length, format[i]);
    }

    private static int Number(string format, ref int i)
    {
        int value = 0;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            value = checked(value * 10 + (format[i++] - '0'));
        }

        return value;
    }

    private static string Integer(Spec spec, long bits)
    {
        bool signed = spec.Conversion is 'd' or 'i';
        bits = spec.Length switch
        {
            "hh" => signed ? (sbyte)bits : (byte)bits,
            "h" => signed ? (short)bits : (ushort)bits,
            "l" or "ll" => bits,
            _ => signed ? (int)bits : (uint)bits,
        };
        if (spec.Conversion == 'c')
        {
            return Pad(spec, "", ((char)(byte)bits).ToString(), zeroAllowed: false);
        }

        bool negative = signed && bits < 0;
        ulong magnitude = negative ? (ulong)(-(bits + 1)) + 1 : (ulong)bits;
        string digits = spec.Conversion switch
        {
            'o' => InBase(magnitude, 8, "01234567"),
            'x' => InBase(magnitude, 16, "0123456789abcdef"),
            'X' => InBase(magnitude, 16, "0123456789ABCDEF"),
            _ => magnitude.ToString(CultureInfo.InvariantCulture),
        };
        if (spec.Precision >= 0)
        {
            digits = spec.Precision == 0 && magnitude == 0 ? "" : digits.PadLeft(spec.Precision, '0');
        }

        string prefix = negative ? "-" : signed && spec.Has('+') ? "+" : signed && spec.Has(' ') ? " " : "";
        if (spec.Has('#'))
        {
            if (spec.Conversion == 'o' && !digits.StartsWith('0'))
            {
                digits = "0" + digits;
            }
            else if (spec.Conversion is 'x' or 'X' && magnitude != 0)
            {
                prefix = spec.Conversion == 'x' ? "0x" : "0X";
            }
        }

        return Pad(spec, prefix, digits, zeroAllowed: spec.Precision < 0);
    }

    private static string InBase(ulong value, uint radix, string digits)
    {
        if (value == 0)
        {
            return "0";
        }

        StringBuilder text = new();
        for (; value > 0; value /= radix)
        {
            text.Insert(0, digits[(int)(value % radix)]);
        }

        return text.ToString();
    }

    private static string Real(Spec spec, double value)
    {
        bool upper = char.IsUpper(spec.Conversion);
        string sign = double.IsNegative(value) ? "-" : spec.Has('+') ? "+" : spec.Has(' ') ? " " : "";
        if (!double.IsFinite(value))
        {
            string word = double.IsNaN(value) ? "nan" : "inf";
            return Pad(spec, sign, upper ? word.ToUpperInvariant() : word, zeroAllowed: false);
        }

        double magnitude = Math.Abs(value);
        int precision = spec.Precision < 0 ? 6 : spec.Precision;
        bool alternate = spec.Has('#');
        string body = char.ToLowerInvariant(spec.Conversion) switch
        {
            'f' => Fixed(magnitude, precision, alternate),
            'e' => Exponent(magnitude, precision, upper, alternate),
            _ => General(magnitude, precision, upper, alternate),
        };
        return Pad(spec, sign, body, zeroAllowed: true);
    }

    /// <summary><c>%f</c>: the exact value rounded to <paramref name="precision"/> decimals, ties to even as C rounds.</summary>
    private static string Fixed(double magnitude, int precision, bool alternate)
    {
        (BigInteger digits, int scale) = Exact(magnitude);
        BigInteger units = Rescale(digits, scale, precision);
        string text = units.ToString(CultureInfo.InvariantCulture).PadLeft(precision + 1, '0');
        text = precision == 0 ? text : text[..^precision] + "." + text[^precision..];
        return alternate && precision == 0 ? text + "." : text;
    }

    /// <summary><c>%e</c>: one digit, <paramref name="precision"/> more, and an exponent of at least two digits.</summary>
    private static string Exponent(double magnitude, int precision, bool upper, bool alternate)
    {
        (string digits, int exponent) = Significant(magnitude, precision + 1);
        string mantissa = precision == 0 ? digits + (alternate ? "." : "") : digits[..1] + "." + digits[1..];
        return $"{mantissa}{(upper ? 'E' : 'e')}{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture)}";
    }

    /// <summary><c>%g</c>: <c>%e</c> or <c>%f</c> by the exponent, with <paramref name="precision"/> significant digits and no trailing zeros.</summary>
    private static string General(double magnitude, int precision, bool upper, bool alternate)
    {
        precision = Math.Max(precision, 1);
        int exponent = Significant(magnitude, precision).Exponent;
        string text = precision > exponent && exponent >= -4
            ? Fixed(magnitude, precision - 1 - exponent, alternate)
            : Exponent(magnitude, precision - 1, upper, alternate);
        if (alternate)
        {
            return text;
        }

        int end = text.IndexOfAny(['e', 'E']);
        string mantissa = end < 0 ? text : text[..end];
        string rest = end < 0 ? "" : text[end..];
        return (mantissa.Contains('.') ? mantissa.TrimEnd('0').TrimEnd('.') : mantissa) + rest;
    }

    /// <summary>A finite non-negative double exactly, as <c>digits / 10^scale</c> (every double is a finite decimal).</summary>
    private static (BigInteger Digits, int Scale) Exact(double magnitude)
    {
        long bits = BitConverter.DoubleToInt64Bits(magnitude);
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        BigInteger mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int power = (biased == 0 ? 1 : biased) - 1075;
        // m * 2^power: a whole number when power >= 0, else m * 5^-power / 10^-power.
        return power >= 0 ? (mantissa << power, 0) : (mantissa * BigInteger.Pow(5, -power), -power);
    }

    /// <summary><c>digits / 10^scale</c> in units of <c>10^-decimals</c>, rounded half to even.</summary>
    private static BigInteger Rescale(BigInteger digits, int scale, int decimals)
    {
        if (scale <= decimals)
        {
            return digits * BigInteger.Pow(10, decimals - scale);
        }

        BigInteger divisor = BigInteger.Pow(10, scale - decimals);
        BigInteger quotient = BigInteger.DivRem(digits, divisor, out BigInteger remainder);
        int half = (remainder * 2).CompareTo(divisor);
        return half > 0 || (half == 0 && !quotient.IsEven) ? quotient + 1 : quotient;
    }

    /// <summary>The first <paramref name="count"/> significant digits, rounded half to even, and the decimal exponent of the first.</summary>
    private static (string Digits, int Exponent) Significant(double magnitude, int count)
    {
        if (magnitude == 0)
        {
            return (new string('0', count), 0);
        }

        (BigInteger digits, int scale) = Exact(magnitude);
        int exponent = digits.ToString(CultureInfo.InvariantCulture).Length - 1 - scale;
        string kept = Rescale(digits, scale, count - 1 - exponent).ToString(CultureInfo.InvariantCulture);
        if (kept.Length > count)
        {
            // Rounding carried into a new digit (9.99 to 10.0): one more in the exponent, and the last zero goes.
            exponent++;
            kept = kept[..count];
        }

        return (kept, exponent);
    }

    /// <summary>Pads to the width: spaces on the left, or on the right with '-', or zeros after the sign with '0'.</summary>
    private static string Pad(Spec spec, string prefix, string body, bool zeroAllowed)
    {
        int missing = spec.Width - prefix.Length - body.Length;
        return missing <= 0 ? prefix + body
            : spec.Has('-') ? prefix + body + new string(' ', missing)
            : spec.Has('0') && zeroAllowed ? prefix + new string('0', missing) + body
            : new string(' ', missing) + prefix + body;
    }
}
