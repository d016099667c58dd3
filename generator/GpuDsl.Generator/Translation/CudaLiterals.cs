using System;
using System.Globalization;

namespace GpuDsl.Generator.Translation;

/// <summary>C# constant values written as CUDA literals of the same type.</summary>
internal static class CudaLiterals
{
    public static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        int i => i == int.MinValue ? "(-2147483647 - 1)" : i.ToString(CultureInfo.InvariantCulture),
        uint u => u.ToString(CultureInfo.InvariantCulture) + "u",
        long l => l == long.MinValue ? "(-9223372036854775807LL - 1)" : l.ToString(CultureInfo.InvariantCulture) + "LL",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "ULL",
        short or ushort or byte or sbyte => $"({Scalar(value)}){Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}",
        float f => Float(f),
        double d => Double(d),
        _ => throw new ArgumentException($"No CUDA literal for {value.GetType().Name}"),
    };

    /// <summary>
    /// A constant for a static initializer (a <c>__constant__</c> table): as <see cref="Format"/>, but NaN and the
    /// infinities as <c>__builtin_bit_cast</c> of their exact bits, a constant expression, where an expression calls
    /// <c>__int_as_float</c>, a device function a static initializer cannot call. (NVRTC has neither
    /// <c>__builtin_nanf</c> nor <c>__builtin_huge_valf</c>.)
    /// </summary>
    public static string FormatInitializer(object value) => value switch
    {
        float f when float.IsNaN(f) || float.IsInfinity(f) =>
            $"__builtin_bit_cast(float, 0x{BitConverter.ToInt32(BitConverter.GetBytes(f), 0):x8}u)",
        double d when double.IsNaN(d) || double.IsInfinity(d) =>
            $"__builtin_bit_cast(double, 0x{BitConverter.DoubleToInt64Bits(d):x16}ULL)",
        _ => Format(value),
    };

    private static string Scalar(object value) => value switch
    {
        short => "short",
        ushort => "unsigned short",
        byte => "unsigned char",
        _ => "signed char",
    };

    private static string Float(float f)
    {
        if (float.IsNaN(f))
        {
            return "__int_as_float(0x7fc00000)";
        }

        if (float.IsInfinity(f))
        {
            return f > 0 ? "__int_as_float(0x7f800000)" : "__int_as_float(0xff800000)";
        }

        return WithPoint(f.ToString("R", CultureInfo.InvariantCulture)) + "f";
    }

    private static string Double(double d)
    {
        if (double.IsNaN(d))
        {
            return "__longlong_as_double(0x7ff8000000000000LL)";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "__longlong_as_double(0x7ff0000000000000LL)" : "__longlong_as_double(0xfff0000000000000ULL)";
        }

        return WithPoint(d.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Makes <c>1</c> read <c>1.0</c> so the literal keeps its floating type.</summary>
    private static string WithPoint(string text) =>
        text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
}
