using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Narrowing to <c>sbyte</c> and <c>short</c>. C# computes their arithmetic in <c>int</c> and keeps the low bits of the
/// result as a signed number (<c>(sbyte)128</c> is -128, and <c>++y</c> on an sbyte of 127 gives -128). C++17 leaves an
/// out-of-range conversion to a signed type implementation-defined, and NVRTC was seen to keep 128 in a
/// <c>signed char</c> (an H100, fuzz seed 5000, kernels 225 and 340), so every such narrowing goes through the
/// <c>gpudsl_to_int8</c>/<c>gpudsl_to_int16</c> helpers, which form the value in range before converting. Unsigned
/// targets need nothing: C++ defines their conversions as modular.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary><c>gpudsl_to_int8(x)</c> when <paramref name="to"/> is sbyte or short and <paramref name="from"/> may not fit it.</summary>
    private string? NarrowSigned(ITypeSymbol? from, ITypeSymbol to, string operand)
    {
        string? helper = to.SpecialType switch
        {
            SpecialType.System_SByte when from?.SpecialType is not SpecialType.System_SByte => "gpudsl_to_int8",
            SpecialType.System_Int16 when from?.SpecialType is not (SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16) => "gpudsl_to_int16",
            _ => null,
        };
        if (helper is null)
        {
            return null;
        }

        string call = $"{helper}({operand})";
        Track(call);
        return call;
    }

    /// <summary>Whether an expression's value is thrown away: a statement of its own, or a <c>for</c> loop's incrementor.</summary>
    private static bool ValueUnused(ExpressionSyntax node) =>
        node.Parent is ExpressionStatementSyntax || (node.Parent is ForStatementSyntax loop && loop.Incrementors.Contains(node));

    /// <summary><c>y += x</c> (any arithmetic or bitwise operator) on an sbyte or short: <c>y = gpudsl_to_int8(y + x)</c>.</summary>
    private string? NarrowCompound(AssignmentExpressionSyntax node, ITypeSymbol type, string target, string op, string right)
    {
        if (type.SpecialType is not (SpecialType.System_SByte or SpecialType.System_Int16) ||
            op is not ("+" or "-" or "*" or "/" or "%" or "&" or "|" or "^" or "<<" or ">>") ||
            _model.GetTypeInfo(node.Right).ConvertedType is not { } operand || !IsNumber(operand) ||
            operand.SpecialType is SpecialType.System_Single or SpecialType.System_Double || Mappings.CudaKnownTypes.IsFloat16(operand))
        {
            return null;
        }

        // C# computes in int (in long when the operand is a long): promote the target, then narrow the result.
        return NarrowSigned(null, type, $"(int){Primary(target)} {op} {right}");
    }
}
