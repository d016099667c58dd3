using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// <c>ref</c> locals: <c>ref float x = ref s[i];</c> is the C++ reference <c>float&amp; x = s[i];</c> (<c>ref readonly</c>
/// a <c>const</c> one), to a span element, a field of one (<c>ref ps[i].Position</c>), or another local. A C++
/// reference cannot be pointed elsewhere, so <c>x = ref s[j];</c> is rejected with that advice. A ref to an element of
/// a new shared array (<c>ref int n = ref Gpu.Shared&lt;int&gt;(1)[0];</c>) declares the array first
/// (<c>CudaTranslator.SharedElements.cs</c>).
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>One declarator of a <c>ref</c> local: <c>&amp;name = target</c>.</summary>
    private string RefLocal(ILocalSymbol local, string name, VariableDeclaratorSyntax variable)
    {
        if (variable.Initializer?.Value is not RefExpressionSyntax { Expression: var target })
        {
            return $"&{name} = {Unsupported(variable, $"The ref local '{local.Name}' without 'ref' before its initializer")}";
        }

        if (IsSharedElement(target))
        {
            return SharedElementRef(local, name, (ElementAccessExpressionSyntax)target);
        }

        bool referable = target switch
        {
            ElementAccessExpressionSyntax => true,
            IdentifierNameSyntax or MemberAccessExpressionSyntax => _model.GetSymbolInfo(target).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol { IsStatic: false },
            ParenthesizedExpressionSyntax => true,
            _ => false,
        };
        return referable
            ? $"&{name} = {Visit(target)}"
            : $"&{name} = {Unsupported(target, $"A ref to '{target}' (a ref local can refer to a span element, a field of one, or a local)")}";
    }

    /// <summary>The declared type of a <c>ref</c> local's declaration: <c>const T</c> for <c>ref readonly</c>.</summary>
    private static string RefQualified(VariableDeclarationSyntax declaration, string type) =>
        Unscoped(declaration.Type) is RefTypeSyntax { ReadOnlyKeyword: var readOnly } && readOnly.IsKind(SyntaxKind.ReadOnlyKeyword) ? $"const {type}" : type;

    /// <summary>The type of a declaration without <c>scoped</c>, which only tells C# how far a span may escape.</summary>
    private static TypeSyntax Unscoped(TypeSyntax type) => type is ScopedTypeSyntax scoped ? scoped.Type : type;
}
