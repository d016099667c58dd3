using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Integer arithmetic where C# and C++ differ. C# wraps on overflow in an unchecked context; C++ leaves signed overflow
/// undefined, and NVRTC's optimizer may assume it never happens. Inside <c>unchecked(...)</c> and <c>unchecked { }</c>,
/// where C# code says it relies on wrapping (hashes, random number generators), <c>+ - *</c>, <c>&lt;&lt;</c>, negation,
/// <c>++</c> and <c>--</c> on <c>int</c> and <c>long</c> go through unsigned arithmetic (the <c>gpudsl_wrap_*</c> and
/// <c>gpudsl_step_*</c> prelude helpers), which is defined to wrap. Elsewhere they stay plain C++, so that index arithmetic keeps the optimizations it needs; the README
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
            SyntaxKind.LeftShiftExpression => "shl",
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
            SyntaxKind.LeftShiftAssignmentExpression => "shl",
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

    /// <summary>
    /// <c>++x</c>, <c>--x</c>, <c>x++</c>, <c>x--</c> where C++'s operator would not give C#'s result: on sbyte and short
    /// (NVRTC kept 128 in a signed char), and on int and long inside <c>unchecked</c> (<c>int.MaxValue + 1</c> wraps in
    /// C#; NVRTC assumed it could not, and folded <c>++x; x &gt; 5</c> to <c>x &gt; 4</c>). A plain target whose old value
    /// is not used becomes <c>(y = gpudsl_to_int8((int)y + 1))</c> or <c>(x = gpudsl_wrap_add_i32(x, 1))</c>; a target
    /// with side effects (<c>s[i++]++</c>), or a postfix whose value is used, goes through the type's
    /// <c>gpudsl_step_*(x, 1, post)</c>, which takes the target by reference and evaluates it once. A <c>for</c> loop's
    /// int or long <c>i++</c> under <c>i &lt; bound</c> cannot overflow and stays as written, so such loops keep their
    /// trip-count optimizations.
    /// </summary>
    private string? SteppedIncrement(ExpressionSyntax node, ExpressionSyntax operand, bool increment, bool prefix)
    {
        ITypeSymbol? type = _model.GetTypeInfo(operand).Type;
        bool narrow = type?.SpecialType is SpecialType.System_SByte or SpecialType.System_Int16;
        string? helper = type?.SpecialType switch
        {
            SpecialType.System_SByte => "gpudsl_step_int8",
            SpecialType.System_Int16 => "gpudsl_step_int16",
            _ when _unchecked > 0 && WrapWidth(type) is { } width && !IsBoundedLoopStep(node, operand, increment) => $"gpudsl_step_{width}",
            _ => null,
        };
        if (helper is null)
        {
            return null;
        }

        string target = Visit(operand);
        if (HasSideEffects(operand) || (!prefix && !ValueUnused(node)))
        {
            string call = $"{helper}({target}, {(increment ? "1" : "-1")}, {(prefix ? "false" : "true")})";
            Track(call);
            return call;
        }

        string? value = narrow
            ? NarrowSigned(null, type!, $"(int){Primary(target)} {(increment ? "+" : "-")} 1")
            : WrappingCall(increment ? "add" : "sub", type, target, "1");
        return value is null ? null : $"({target} = {value})";
    }

    /// <summary>
    /// <c>for (...; i &lt; n; i++)</c> (or <c>i &gt; n; i--</c>) whose body does not assign <c>i</c>: the step runs only
    /// after the test held, so <c>i</c> is below <c>n</c>, and <c>i + 1</c> cannot pass the type's maximum.
    /// </summary>
    private bool IsBoundedLoopStep(ExpressionSyntax node, ExpressionSyntax operand, bool increment)
    {
        if (node.Parent is not ForStatementSyntax loop || loop.Incrementors.Count != 1 || !loop.Incrementors.Contains(node) ||
            loop.Condition is not BinaryExpressionSyntax test ||
            !test.IsKind(increment ? SyntaxKind.LessThanExpression : SyntaxKind.GreaterThanExpression) ||
            _model.GetSymbolInfo(operand).Symbol is not ILocalSymbol variable ||
            !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(test.Left).Symbol, variable) ||
            !SymbolEqualityComparer.Default.Equals(_model.GetTypeInfo(test.Right).ConvertedType, variable.Type))
        {
            return false;
        }

        DataFlowAnalysis? body = _model.AnalyzeDataFlow(loop.Statement);
        return body is { Succeeded: true } && !body.WrittenInside.Contains(variable, SymbolEqualityComparer.Default);
    }

    private static string? WrapWidth(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Int32 => "i32",
        SpecialType.System_Int64 => "i64",
        _ => null,
    };

    private string? WrappingCall(string operation, ITypeSymbol? type, string left, string right)
    {
        string? width = WrapWidth(type);
        if (_unchecked == 0 || width is null)
        {
            return null;
        }

        _output.Helpers.Add(WrapHelper);
        return $"{WrapHelper}_{operation}_{width}({left}, {right})";
    }
}
