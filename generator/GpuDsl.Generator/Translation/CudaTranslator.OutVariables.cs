using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// <c>out</c> arguments to <c>[Device]</c> functions, whose parameters are C++ references. An <c>out var x</c> (or
/// <c>out int x</c>, or <c>out _</c>) declares its variable on the line before the statement, where C# puts its scope:
/// in an expression statement, a local declaration, a <c>return</c>, or an <c>if</c> condition. Anywhere else (a loop
/// condition) it is reported as an inline declaration.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>Declares the <c>out var</c>s of <paramref name="node"/>, outside any lambda, before its statement.</summary>
    private void HoistOutVariables(SyntaxNode? node)
    {
        if (node is null)
        {
            return;
        }

        List<ArgumentSyntax> outs = node.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or StatementSyntax) || n == node)
            .OfType<ArgumentSyntax>()
            .Where(a => a.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) && a.Expression is DeclarationExpressionSyntax or IdentifierNameSyntax { Identifier.ValueText: "_" })
            .ToList();
        if (outs.Count == 0)
        {
            return;
        }

        foreach (ArgumentSyntax argument in outs)
        {
            switch (argument.Expression)
            {
                case DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax designation } declaration
                    when _model.GetDeclaredSymbol(designation) is ILocalSymbol local:
                    string name = CudaNames.Local(local.Name);
                    _writer.Line($"{TypeName(local.Type, declaration.Type) ?? Placeholder} {name};");
                    _outVariables[argument] = name;
                    break;
                case DeclarationExpressionSyntax { Designation: DiscardDesignationSyntax } or IdentifierNameSyntax { Identifier.ValueText: "_" }
                    when _model.GetTypeInfo(argument.Expression).Type is { } type:
                    if (argument.Expression is IdentifierNameSyntax && _model.GetSymbolInfo(argument.Expression).Symbol is not IDiscardSymbol)
                    {
                        break; // A variable that happens to be called _.
                    }

                    string discard = $"{CudaNames.GeneratedPrefix}discard{_temporaries++}";
                    _writer.Line($"{TypeName(type, argument.Expression) ?? Placeholder} {discard};");
                    _outVariables[argument] = discard;
                    break;
            }
        }

        MapTo(node); // The declarations took the lines the statement's own line would have had.
    }

    /// <summary>The variable an <c>out</c> argument passes: one declared by <see cref="HoistOutVariables"/>, or an existing one.</summary>
    private string OutArgument(ArgumentSyntax argument)
    {
        if (_outVariables.TryGetValue(argument, out string? name))
        {
            return name;
        }

        return argument.Expression is DeclarationExpressionSyntax
            ? Unsupported(argument.Expression, "An 'out' variable declared here (declare it on a line of its own before)")
            : Visit(argument.Expression);
    }
}
