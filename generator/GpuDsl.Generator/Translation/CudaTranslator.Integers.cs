using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Integer arithmetic where C# and C++ differ. C# wraps on overflow in an unchecked context; C++ leaves signed overflow
/// undefined, and NVRTC's optimizer may assume it never happens. Inside <c>unchecked(...)</c> and <c>unchecked { }</c>,
/// where C# code says it relies on wrapping (hashes, random number generators), <c>+ - *</c> and negation on
/// <c>int</c> and <c>long</c> go through unsigned arithmetic (the <c>gpudsl_wrap_*</c> prelude helpers), which is
/// defined to wrap. Elsewhere they stay plain C++, so that index arithmetic keeps the optimizations it needs; the README
/// says so.
/// </summary>
internal sealed partial class CudaTranslator
{
    private const string WrapHelper = "gpudsl_wrap";

    /// <summary><c>a + b</c>, <c>a - b</c>, <c>a * b</c> on int or long inside <c>unchecked</c>: <c>gpudsl_wrap_add_i32(a, b)</c>.</summary>
    private string? Wrapping(BinaryExpressionSyntax node, string left, string right)
    {
        string? operation = node.Kind() switch
        {
            SyntaxKind.AddExpression => "add",
            SyntaxKind.SubtractExpression => "sub",
            SyntaxKind.MultiplyExpression => "mul",
            _ => null,
        };
        return operation is null ? null : WrappingCall(operation, _model.GetTypeInfo(node).Type, left, right);
    }

    /// <summary><c>-x</c> on int or long inside <c>unchecked</c> (<c>-int.MinValue</c> overflows).</summary>
    private string? WrappingNegation(PrefixUnaryExpressionSyntax node, string operand) =>
        _unchecked > 0 && _model.GetConstantValue(node).HasValue ? null : WrappingCall("sub", _model.GetTypeInfo(node).Type, "0", operand);

    /// <summary>
    /// <c>h *= 31</c> inside <c>unchecked</c>: <c>h = gpudsl_wrap_mul_i32(h, 31)</c>. The target is read twice, so
    /// only a target without side effects is rewritten; any other keeps the compound form.
    /// </summary>
    private string? WrappingCompound(AssignmentExpressionSyntax node, string target, string right)
    {
        string? operation = node.Kind() switch
        {
            SyntaxKind.AddAssignmentExpression => "add",
            SyntaxKind.SubtractAssignmentExpression => "sub",
            SyntaxKind.MultiplyAssignmentExpression => "mul",
            _ => null,
        };
        if (operation is null || HasSideEffects(node.Left))
        {
            return null;
        }

        // C# computes in int or long and converts back to the target (a short target computes in int).
        ITypeSymbol? computed = _model.GetOperation(node) is Microsoft.CodeAnalysis.Operations.ICompoundAssignmentOperation { OperatorMethod: null } compound
            ? compound.Value.Type is { SpecialType: SpecialType.System_Int64 } || compound.Target.Type is { SpecialType: SpecialType.System_Int64 }
                ? _model.Compilation.GetSpecialType(SpecialType.System_Int64)
                : compound.Target.Type
            : null;
        return WrappingCall(operation, computed, target, right) is { } call ? $"{target} = {call}" : null;
    }

    private string? WrappingCall(string operation, ITypeSymbol? type, string left, string right)
    {
        string? width = type?.SpecialType switch
        {
            SpecialType.System_Int32 => "i32",
            SpecialType.System_Int64 => "i64",
            _ => null,
        };
        if (_unchecked == 0 || width is null)
        {
            return null;
        }

        _output.Helpers.Add(WrapHelper);
        return $"{WrapHelper}_{operation}_{width}({left}, {right})";
    }
}
