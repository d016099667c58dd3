using System;
using System.Globalization;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Conversions, from Roslyn's bound semantics rather than the text: every implicit conversion C# applies to an operand,
/// an argument, an assigned, initialized or returned value is written out, so that C++'s own rules (usual arithmetic
/// conversions, overload resolution, template deduction, <c>__half</c>'s and <c>__nv_bfloat16</c>'s several conversion
/// operators) never choose differently. Explicit casts are written as .NET defines them: float to integer saturates
/// (NaN is 0), and integers, <c>float</c> and <c>double</c> reach <c>Half</c> and <c>BFloat16</c> with one rounding.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>
    /// The CUDA text of <paramref name="expression"/>, converted to the type C# converts it to where it stands (its
    /// <c>ConvertedType</c>: the promoted operand type, the parameter of the chosen overload, the assigned variable).
    /// A constant is written as a literal of that type.
    /// </summary>
    private string Converted(ExpressionSyntax expression)
    {
        TypeInfo info = _model.GetTypeInfo(expression);
        return ConvertedTo(expression, info.Type, info.ConvertedType);
    }

    private string ConvertedTo(ExpressionSyntax expression, ITypeSymbol? from, ITypeSymbol? to)
    {
        if (to is not null && UserConversion(expression, from, to) is { } user)
        {
            return user;
        }

        if (from is null || to is null || SymbolEqualityComparer.Default.Equals(from, to) || !IsNumber(from) || !IsNumber(to))
        {
            return Visit(expression);
        }

        if (_model.GetConstantValue(expression) is { HasValue: true, Value: { } value } && ConstantAs(value, to.SpecialType) is { } converted)
        {
            string literal = CudaLiterals.Format(converted);
            return literal.StartsWith("-", StringComparison.Ordinal) ? $"({literal})" : literal;
        }

        string text = Visit(expression);
        string? cuda = _types.Name(to);
        return cuda is null ? text : Conversion(from, to, cuda, text);
    }

    /// <summary>A number GPU code holds: an integer, <c>float</c>, <c>double</c>, <c>Half</c> or <c>BFloat16</c> (not <c>bool</c>, not an enum).</summary>
    private static bool IsNumber(ITypeSymbol type) =>
        CudaKnownTypes.IsFloat16(type) || (CudaKnownTypes.ScalarName(type) is not null && type.SpecialType != SpecialType.System_Boolean);

    /// <summary>A constant converted at compile time, as C# converts it implicitly (the value fits, or it is rounded to floating point).</summary>
    private static object? ConstantAs(object value, SpecialType type)
    {
        if (value is bool or string or char)
        {
            return null;
        }

        try
        {
            return type switch
            {
                SpecialType.System_SByte => Convert.ToSByte(value, CultureInfo.InvariantCulture),
                SpecialType.System_Byte => Convert.ToByte(value, CultureInfo.InvariantCulture),
                SpecialType.System_Int16 => Convert.ToInt16(value, CultureInfo.InvariantCulture),
                SpecialType.System_UInt16 => Convert.ToUInt16(value, CultureInfo.InvariantCulture),
                SpecialType.System_Int32 => Convert.ToInt32(value, CultureInfo.InvariantCulture),
                SpecialType.System_UInt32 => Convert.ToUInt32(value, CultureInfo.InvariantCulture),
                SpecialType.System_Int64 => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                SpecialType.System_UInt64 => Convert.ToUInt64(value, CultureInfo.InvariantCulture),
                // An integer constant is converted exactly as C# converts it (round to nearest), not by way of double.
                SpecialType.System_Single => value switch
                {
                    long l => (float)l,
                    ulong ul => (float)ul,
                    _ => Convert.ToSingle(value, CultureInfo.InvariantCulture),
                },
                SpecialType.System_Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// A conversion between two types GPU code holds, as .NET performs it. Between scalars a C-style cast does what C#
    /// does, except from floating point to an integer, which saturates in .NET (NaN gives 0) and is undefined out of
    /// range in C++: CUDA's round-toward-zero intrinsics saturate the same way, and a narrower integer is reached
    /// through <c>int</c>, as .NET reaches it. <c>Half</c> and <c>BFloat16</c> convert through <c>float</c> (as .NET's
    /// own conversions do), from <c>double</c> with one rounding; enums through their underlying type.
    /// </summary>
    private string Conversion(ITypeSymbol from, ITypeSymbol to, string cuda, string operand)
    {
        CudaFloat16Type? from16 = CudaFloat16Type.Of(from), to16 = CudaFloat16Type.Of(to);
        if (from16 is not null && from16 == to16)
        {
            return operand;
        }

        if (to16 is not null)
        {
            _output.Helpers.Add(to16.Helper);
            return ToFloat16(to16, IsEnum(from) ? ((INamedTypeSymbol)from).EnumUnderlyingType! : from, operand, IsEnum(from) ? UnderlyingName(from) : null);
        }

        if (from16 is not null)
        {
            _output.Helpers.Add(from16.Helper);
            string single = $"{from16.ToFloat}({operand})";
            return to.SpecialType == SpecialType.System_Single ? single : Conversion(_model.Compilation.GetSpecialType(SpecialType.System_Single), to, cuda, single);
        }

        if (from.SpecialType is SpecialType.System_Single or SpecialType.System_Double && FloatToInteger(to, operand) is { } saturated)
        {
            return saturated;
        }

        // C++17 converts a scoped enum to or from an integer only; a float goes through the underlying type.
        if (IsEnum(from) && to.SpecialType is SpecialType.System_Single or SpecialType.System_Double)
        {
            return $"({cuda})({UnderlyingName(from)}){Primary(operand)}";
        }

        if (IsEnum(to) && from.SpecialType is SpecialType.System_Single or SpecialType.System_Double)
        {
            return $"({cuda}){FloatToInteger(((INamedTypeSymbol)to).EnumUnderlyingType!, operand) ?? operand}";
        }

        return NarrowSigned(from, to, operand) ?? $"({cuda}){Primary(operand)}";
    }

    /// <summary>
    /// A float, double or integer (or an enum, read as its <paramref name="underlying"/> integer) rounded once to a 16-bit
    /// float. Half overflows above 65504, so every integer it can hold is exact in float and one float rounding is the
    /// only one; BFloat16 holds integers up to 3.4e38, so a 32-bit one goes through double (exact) and a 64-bit one
    /// through CUDA's integer conversion, each rounding once, as the runtime's <c>BFloat16</c> does.
    /// </summary>
    private static string ToFloat16(CudaFloat16Type to, ITypeSymbol from, string operand, string? underlying)
    {
        string value = underlying is null ? Primary(operand) : $"({underlying}){Primary(operand)}";
        return from.SpecialType switch
        {
            SpecialType.System_Double => $"{to.FromDouble}({operand})", // Rounds once, as .NET does; through float would round twice.
            SpecialType.System_Single => $"{to.FromFloat}({operand})",
            _ when to == CudaFloat16Type.Half => $"{to.FromFloat}((float){value})",
            SpecialType.System_Int64 => $"__ll2bfloat16_rn({value})",
            SpecialType.System_UInt64 => $"__ull2bfloat16_rn({value})",
            SpecialType.System_Int32 or SpecialType.System_UInt32 => $"{to.FromDouble}((double){value})",
            _ => $"{to.FromFloat}((float){value})", // 16 bits or fewer: exact in float.
        };
    }

    /// <summary>
    /// <c>(int)x</c> for a float or double <c>x</c> as .NET computes it: truncated, saturated, NaN as 0 (the
    /// <c>gpudsl_to_*</c> helpers; CUDA's <c>__float2int_rz</c> alone gives the minimum for NaN); <see langword="null"/>
    /// for other targets.
    /// </summary>
    private string? FloatToInteger(ITypeSymbol to, string operand)
    {
        string? converted = to.SpecialType switch
        {
            SpecialType.System_Int32 => $"gpudsl_to_int32({operand})",
            SpecialType.System_UInt32 => $"gpudsl_to_uint32({operand})",
            SpecialType.System_Int64 => $"gpudsl_to_int64({operand})",
            SpecialType.System_UInt64 => $"gpudsl_to_uint64({operand})",
            // .NET converts to int (saturating) and keeps the low bits: (byte)300.7f is 44, (byte)1e30f is 255.
            SpecialType.System_SByte or SpecialType.System_Int16 => NarrowSigned(null, to, $"gpudsl_to_int32({operand})"),
            SpecialType.System_Byte or SpecialType.System_UInt16 => $"({CudaKnownTypes.ScalarName(to)})gpudsl_to_int32({operand})",
            _ => null,
        };
        if (converted is not null)
        {
            Track(converted);
        }

        return converted;
    }
}
