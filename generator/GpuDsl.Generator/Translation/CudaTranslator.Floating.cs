using System.Linq;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Floating-point operators whose C++ spelling differs from C#'s: <c>%</c> is <c>fmod</c> (C++'s <c>%</c> takes
/// integers only), <c>Half</c>'s and <c>BFloat16</c>'s operators compute in <c>float</c> and round back as .NET's do, and multiply-adds
/// follow the function's <c>ContractFloatingPoint</c> choice.
/// </summary>
/// <remarks>
/// Contraction: NVRTC runs with <c>--fmad=false</c> unless the project sets <c>GpuDslContractFloatingPoint</c> (the
/// module then says <see cref="ContractMarker"/>), so by default <c>a * b + c</c> rounds twice, as in C#. A function
/// with <c>ContractFloatingPoint = true</c> writes each multiply-add of one expression as <c>fmaf</c>/<c>fma</c> (C's
/// <c>FP_CONTRACT ON</c>: one rounding); one with <c>ContractFloatingPoint = false</c> writes its products as
/// <c>__fmul_rn</c>/<c>__dmul_rn</c>, which CUDA never merges, so it rounds as C# does even in a contracting project.
/// </remarks>
internal sealed partial class CudaTranslator
{
    /// <summary>The line a module starts with when the project contracts by default; the runtime then passes <c>--fmad=true</c>.</summary>
    public const string ContractMarker = "#define GPUDSL_CONTRACT_FLOATING_POINT 1";

    /// <summary>The function's own <c>ContractFloatingPoint</c>, or <see langword="null"/> where it follows the project.</summary>
    private static bool? ContractsOf(IMethodSymbol method) =>
        method.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() is KnownNames.KernelAttribute or KnownNames.DeviceAttribute)
            .SelectMany(a => a.NamedArguments)
            .Where(a => a.Key == KnownNames.ContractFloatingPointArgument && a.Value.Value is bool)
            .Select(a => (bool?)a.Value.Value)
            .FirstOrDefault();

    /// <summary><c>%</c> on floating point, and <c>Half</c>'s and <c>BFloat16</c>'s arithmetic and comparisons, through <c>float</c>.</summary>
    private string? FloatingArithmetic(BinaryExpressionSyntax node, string left, string right)
    {
        ITypeSymbol? type = _model.GetTypeInfo(node.Left).ConvertedType;
        if (type is null)
        {
            return null;
        }

        if (CudaFloat16Type.Of(type) is { } float16 && CudaFloat16Type.Of(_model.GetTypeInfo(node.Right).ConvertedType ?? type) == float16)
        {
            string l = $"{float16.ToFloat}({left})", r = $"{float16.ToFloat}({right})";
            return node.Kind() switch
            {
                SyntaxKind.ModuloExpression => $"{float16.FromFloat}(fmodf({l}, {r}))",
                SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression =>
                    $"{float16.FromFloat}({l} {node.OperatorToken.Text} {r})",
                SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression or SyntaxKind.LessThanExpression or
                    SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression =>
                    $"{l} {node.OperatorToken.Text} {r}",
                _ => null,
            };
        }

        return (type.SpecialType, node.Kind()) switch
        {
            (SpecialType.System_Single, SyntaxKind.ModuloExpression) => $"fmodf({left}, {right})",
            (SpecialType.System_Double, SyntaxKind.ModuloExpression) => $"fmod({left}, {right})",
            (SpecialType.System_Single, SyntaxKind.MultiplyExpression) when _contracts == false => $"__fmul_rn({left}, {right})",
            (SpecialType.System_Double, SyntaxKind.MultiplyExpression) when _contracts == false => $"__dmul_rn({left}, {right})",
            _ => null,
        };
    }

    /// <summary>
    /// A compound assignment that C++ cannot spell as C# does (<c>%=</c> on floating point, <c>Half</c>'s and <c>BFloat16</c>'s operators,
    /// <c>*=</c> where products must not be contracted): <c>t = fmodf(t, r)</c>. The target is read twice, so one with
    /// side effects is rejected.
    /// </summary>
    private string? CompoundAsBinary(AssignmentExpressionSyntax node, string target, string right)
    {
        ITypeSymbol? type = _model.GetTypeInfo(node.Left).Type;
        if (type is null || node.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            return null;
        }

        string op = node.OperatorToken.Text.TrimEnd('=');
        string? value = null;
        if (node.IsKind(SyntaxKind.UnsignedRightShiftAssignmentExpression) && CudaKnownTypes.ScalarName(type) is { } cuda)
        {
            // C# shifts the value as an unsigned number of its promoted width, then narrows it back.
            string unsigned = type.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt64 ? "unsigned long long" : "unsigned int";
            value = $"({cuda})(({unsigned}){Primary(target)} >> {right})";
        }
        else if (CudaFloat16Type.Of(type) is { } float16 && op is "+" or "-" or "*" or "/" or "%")
        {
            string r = CudaFloat16Type.Of(_model.GetTypeInfo(node.Right).ConvertedType ?? type) == float16 ? $"{float16.ToFloat}({right})" : $"(float)({right})";
            string t = $"{float16.ToFloat}({target})";
            value = op == "%" ? $"{float16.FromFloat}(fmodf({t}, {r}))" : $"{float16.FromFloat}({t} {op} {r})";
        }
        else if (IsNumber(type) && !CudaKnownTypes.IsFloat16(type) && type.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double) &&
            _model.GetTypeInfo(node.Right).ConvertedType is { SpecialType: SpecialType.System_Single or SpecialType.System_Double } operand &&
            op is "+" or "-" or "*" or "/" or "%")
        {
            // i += 0.5f computes in float and converts back as a cast does, saturating (C++'s implicit conversion is undefined out of range).
            string computed = op == "%"
                ? $"fmod{(operand.SpecialType == SpecialType.System_Single ? "f" : "")}({target}, {right})"
                : $"{Primary(target)} {op} {right}";
            value = FloatToInteger(type, computed);
        }
        else if (NarrowCompound(node, type, target, op, right) is { } narrowed)
        {
            value = narrowed;
        }
        else if (type.SpecialType is SpecialType.System_Single or SpecialType.System_Double)
        {
            string suffix = type.SpecialType == SpecialType.System_Single ? "f" : "";
            value = op switch
            {
                "%" => $"fmod{suffix}({target}, {right})",
                "*" when _contracts == false => $"__{(suffix == "f" ? "f" : "d")}mul_rn({target}, {right})",
                _ => null,
            };
        }

        if (value is null)
        {
            return null;
        }

        return HasSideEffects(node.Left)
            ? Unsupported(node.Left, $"The '{node.OperatorToken.Text}' operator on a target with side effects (write t = t {op} x with a local)")
            : $"{target} = {value}";
    }

    /// <summary>
    /// In a function that contracts, <c>a * b + c</c>, <c>c + a * b</c>, <c>a * b - c</c>, <c>c - a * b</c> on float or
    /// double as one fused multiply-add; <see langword="null"/> for anything else.
    /// </summary>
    private string? Contraction(BinaryExpressionSyntax node)
    {
        if (_contracts != true || !(node.IsKind(SyntaxKind.AddExpression) || node.IsKind(SyntaxKind.SubtractExpression)))
        {
            return null;
        }

        string? fma = _model.GetTypeInfo(node).Type?.SpecialType switch
        {
            SpecialType.System_Single => "fmaf",
            SpecialType.System_Double => "fma",
            _ => null,
        };
        if (fma is null)
        {
            return null;
        }

        bool subtract = node.IsKind(SyntaxKind.SubtractExpression);
        if (Product(node.Left) is { } left)
        {
            string addend = Converted(node.Right);
            return $"{fma}({Converted(left.Left)}, {Converted(left.Right)}, {(subtract ? Negated(addend) : addend)})";
        }

        if (Product(node.Right) is { } right)
        {
            string addend = Converted(node.Left);
            string a = Converted(right.Left);
            return $"{fma}({(subtract ? Negated(a) : a)}, {Converted(right.Right)}, {addend})";
        }

        return null;
    }

    /// <summary>In a function that contracts, <c>sum += a * b</c> as <c>sum = fmaf(a, b, sum)</c>.</summary>
    private string? CompoundContraction(AssignmentExpressionSyntax node)
    {
        if (_contracts != true || !(node.IsKind(SyntaxKind.AddAssignmentExpression) || node.IsKind(SyntaxKind.SubtractAssignmentExpression)) ||
            HasSideEffects(node.Left) || Product(node.Right) is not { } product)
        {
            return null;
        }

        string? fma = _model.GetTypeInfo(node.Left).Type?.SpecialType switch
        {
            SpecialType.System_Single => "fmaf",
            SpecialType.System_Double => "fma",
            _ => null,
        };
        if (fma is null || !SymbolEqualityComparer.Default.Equals(_model.GetTypeInfo(node.Left).Type, _model.GetTypeInfo(node.Right).Type))
        {
            return null;
        }

        string target = Visit(node.Left);
        string a = Converted(product.Left);
        return $"{target} = {fma}({(node.IsKind(SyntaxKind.SubtractAssignmentExpression) ? Negated(a) : a)}, {Converted(product.Right)}, {target})";
    }

    /// <summary>A floating-point product of the same type as the sum it is in, seen through parentheses.</summary>
    private BinaryExpressionSyntax? Product(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.MultiplyExpression) &&
            _model.GetTypeInfo(binary).Type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double &&
            SymbolEqualityComparer.Default.Equals(_model.GetTypeInfo(binary).Type, _model.GetTypeInfo(binary).ConvertedType)
            ? binary
            : null;
    }

    private static string Negated(string text) => $"-{Primary(text)}";
}
