using System.Linq;
using System.Text.RegularExpressions;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Types beyond the scalars: <c>Half</c> and <c>BFloat16</c> (<c>__half</c>, <c>__nv_bfloat16</c>), user enums (<c>enum class</c>, which has no implicit
/// conversions, so C#'s enum arithmetic is written through the underlying type) and user structs (field access,
/// default values). Their definitions are collected by the <see cref="CudaTypeMap"/>.
/// </summary>
internal sealed partial class CudaTranslator
{
    private static readonly Regex s_primary = new(@"^[A-Za-z_][A-Za-z0-9_:.]*(\[[^\[\]]*\])?$", RegexOptions.CultureInvariant);

    /// <summary>The CUDA name of <paramref name="type"/>; reports GPU0006 or GPU0024 at <paramref name="at"/> when there is none.</summary>
    private string? TypeName(ITypeSymbol? type, SyntaxNode at)
    {
        if (type is null)
        {
            UnsupportedType(at, at.ToString());
            return null;
        }

        string? name = _types.Name(type, out string? problem);
        if (name is null && problem is not null)
        {
            Report(DiagnosticDescriptors.UnsupportedStruct, LocationInfo.From(at), type.ToDisplayString(), problem);
        }
        else if (name is null)
        {
            UnsupportedType(at, type.ToDisplayString());
        }

        return name;
    }

    /// <summary>
    /// <c>default</c>, <c>default(T)</c>: a scalar or enum constant, or a value-initialized struct, <c>__half</c> or <c>__nv_bfloat16</c> (all zeros, as in C#).
    /// </summary>
    private string DefaultValue(ExpressionSyntax node)
    {
        if (Constant(node) is { } constant)
        {
            return constant;
        }

        TypeInfo info = _model.GetTypeInfo(node);
        ITypeSymbol? type = info.ConvertedType ?? info.Type;
        if (type is ITypeParameterSymbol)
        {
            return $"{TypeName(type, node)}{{}}";
        }

        return TypeName(type, node) is { } name ? $"{name}{{}}" : Placeholder;
    }

    /// <summary>
    /// C# enum arithmetic (<c>e + 1</c>, <c>a | b</c>, <c>a - b</c>), which <c>enum class</c> lacks: computed on the
    /// underlying type and cast back when C#'s result is the enum.
    /// </summary>
    private string? EnumArithmetic(BinaryExpressionSyntax node, string left, string right)
    {
        ITypeSymbol? leftType = _model.GetTypeInfo(node.Left).Type, rightType = _model.GetTypeInfo(node.Right).Type;
        bool arithmetic = node.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or
            SyntaxKind.BitwiseAndExpression or SyntaxKind.BitwiseOrExpression or SyntaxKind.ExclusiveOrExpression;
        if (!arithmetic || !(IsEnum(leftType) || IsEnum(rightType)))
        {
            return null;
        }

        string l = IsEnum(leftType) ? $"({UnderlyingName(leftType!)}){Primary(left)}" : left;
        string r = IsEnum(rightType) ? $"({UnderlyingName(rightType!)}){Primary(right)}" : right;
        // The result is the enum, or for e - f the underlying type, narrowed as C# narrows it (Off - On is 251 for a byte enum).
        string text = $"{l} {node.OperatorToken.Text} {r}";
        ITypeSymbol? result = _model.GetTypeInfo(node).Type;
        return result is not null && _types.Name(result) is { } resultName ? $"(({resultName})({text}))" : $"({text})";
    }

    /// <summary><c>~flags</c> on an enum; <c>-e</c> and <c>+e</c> are not C#.</summary>
    private string? EnumUnary(PrefixUnaryExpressionSyntax node)
    {
        ITypeSymbol? type = _model.GetTypeInfo(node.Operand).Type;
        if (!IsEnum(type))
        {
            return null;
        }

        if (node.IsKind(SyntaxKind.BitwiseNotExpression))
        {
            return $"(({_types.Name(type!)})~({UnderlyingName(type!)}){Primary(Visit(node.Operand))})";
        }

        return Unsupported(node, $"'{node.OperatorToken.Text}' on an enum (write e = e + 1)");
    }

    /// <summary>
    /// A user struct's own operator (<c>a + b</c> with <c>operator +</c>), a call of its translated function (see
    /// <c>.StructFunctions.cs</c>); a vector comparison; <see langword="null"/> for other operators. <c>Half</c>'s operators are CUDA's.
    /// </summary>
    private string? UserOperator(ExpressionSyntax node)
    {
        if (_model.GetSymbolInfo(node).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } vectorOp && VectorComparison(vectorOp, node) is { } comparison)
        {
            return comparison;
        }

        if (_model.GetSymbolInfo(node).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } op && IsStructFunction(op))
        {
            return StructOperator(node, op);
        }

        return null;
    }

    /// <summary>The CUDA member name of an instance field or auto-property of a user struct, or <see langword="null"/>.</summary>
    private static string? StructMember(ISymbol symbol)
    {
        if (symbol.ContainingType is not { TypeKind: TypeKind.Struct } owner || !CudaTypeMap.IsUserStruct(owner))
        {
            return null;
        }

        return symbol switch
        {
            IFieldSymbol field => CudaTypeMap.FieldName(field),
            IPropertySymbol property when CudaTypeMap.Fields(owner).Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property)) =>
                CudaNames.Local(property.Name),
            _ => null,
        };
    }

    private static bool IsEnum(ITypeSymbol? type) => type is INamedTypeSymbol { TypeKind: TypeKind.Enum };

    private static string UnderlyingName(ITypeSymbol enumType) =>
        enumType is INamedTypeSymbol { EnumUnderlyingType: { } underlying } ? CudaKnownTypes.ScalarName(underlying) ?? "int" : "int";

    /// <summary>
    /// Whether evaluating <paramref name="expression"/> twice may differ from once: assignments, ++ and --, object
    /// creation, and calls other than the pure functions of the known-method table (<c>Math.Abs(x) is &gt; 3 and &lt; 10</c>
    /// may test <c>Math.Abs(x)</c> twice).
    /// </summary>
    private bool HasSideEffects(ExpressionSyntax expression) =>
        expression.DescendantNodesAndSelf().Any(n =>
            n is AssignmentExpressionSyntax or BaseObjectCreationExpressionSyntax ||
            (n is InvocationExpressionSyntax call && !IsPureCall(call)) ||
            n.IsKind(SyntaxKind.PreIncrementExpression) || n.IsKind(SyntaxKind.PreDecrementExpression) ||
            n.IsKind(SyntaxKind.PostIncrementExpression) || n.IsKind(SyntaxKind.PostDecrementExpression));

    private bool IsPureCall(InvocationExpressionSyntax call) =>
        call.SyntaxTree == _model.SyntaxTree && _model.GetSymbolInfo(call).Symbol is IMethodSymbol method &&
        CudaKnownMethods.Template(method.OriginalDefinition) is { } template && CudaIntrinsicKinds.Of(template) == IntrinsicKind.None &&
        call.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None));

    /// <summary>The text as an operand of a cast: as is when it is a name, a member or an element, else parenthesized.</summary>
    private static string Primary(string text) => s_primary.IsMatch(text) || (text.StartsWith("(", System.StringComparison.Ordinal) && Balanced(text)) ? text : $"({text})";

    /// <summary>Whether the first parenthesis of <paramref name="text"/> closes at its end, so it is one parenthesized unit.</summary>
    private static bool Balanced(string text)
    {
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0 && i < text.Length - 1)
            {
                return false;
            }
        }

        return depth == 0;
    }
}
