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

    private static string Scalar(object value) => value switch
    {
        short => "short",
        ushort => "unsigned short",
        byte => "unsigned char",
        _ => "signed char",
    };

    // NaN and the infinities have no literal: they are their exact bits, by __builtin_bit_cast, which is a constant
    // expression (so it also initialises a __constant__ table, where __int_as_float, a device function, may not be
    // called) and keeps a NaN's sign and payload as C# has them. NVRTC has neither __builtin_nanf nor __builtin_huge_valf.
    private static string Float(float f) => float.IsNaN(f) || float.IsInfinity(f)
        ? $"__builtin_bit_cast(float, 0x{BitConverter.ToInt32(BitConverter.GetBytes(f), 0):x8}u)"
        : WithPoint(f.ToString("R", CultureInfo.InvariantCulture)) + "f";

    private static string Double(double d) => double.IsNaN(d) || double.IsInfinity(d)
        ? $"__builtin_bit_cast(double, 0x{BitConverter.DoubleToInt64Bits(d):x16}ULL)"
        : WithPoint(d.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Makes <c>1</c> read <c>1.0</c> so the literal keeps its floating type.</summary>
    private static string WithPoint(string text) =>
        text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
}
