using System;
using System.Globalization;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Conversions, from Roslyn's bound semantics rather than the text: every implicit conversion C# applies to an operand,
/// an argument, an assigned, initialized or returned value is written out, so that C++'s own rules (usual arithmetic
/// conversions, overload resolution, template deduction, <c>__half</c>'s several conversion operators) never choose
/// differently. Explicit casts are written as .NET defines them: float to integer saturates (NaN is 0), and integers,
/// <c>float</c> and <c>double</c> reach <c>Half</c> with one rounding.
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

    /// <summary>A number GPU code holds: an integer, <c>float</c>, <c>double</c> or <c>Half</c> (not <c>bool</c>, not an enum).</summary>
    private static bool IsNumber(ITypeSymbol type) =>
        CudaKnownTypes.IsHalf(type) || (CudaKnownTypes.ScalarName(type) is not null && type.SpecialType != SpecialType.System_Boolean);

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
    /// through <c>int</c>, as .NET reaches it. <c>Half</c> converts through <c>float</c> (as .NET's own conversions do),
    /// <c>double</c> to <c>Half</c> with one rounding; enums through their underlying type.
    /// </summary>
    private string Conversion(ITypeSymbol from, ITypeSymbol to, string cuda, string operand)
    {
        bool fromHalf = CudaKnownTypes.IsHalf(from), toHalf = CudaKnownTypes.IsHalf(to);
        if (fromHalf && toHalf)
        {
            return operand;
        }

        if (toHalf)
        {
            _output.Helpers.Add(CudaPrelude.Fp16);
            return from.SpecialType switch
            {
                SpecialType.System_Double => $"__double2half({operand})", // Rounds once, as .NET does; through float would round twice.
                SpecialType.System_Single => $"__float2half_rn({operand})",
                _ when IsEnum(from) => $"__float2half_rn((float)({UnderlyingName(from)}){Primary(operand)})",
                // Every integer that does not overflow Half is exact in float, so this rounds once.
                _ => $"__float2half_rn((float){Primary(operand)})",
            };
        }

        if (fromHalf)
        {
            _output.Helpers.Add(CudaPrelude.Fp16);
            string single = $"__half2float({operand})";
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
