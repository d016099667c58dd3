using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Tuple deconstruction of a tuple literal, as a statement: <c>var (a, b) = (x, y);</c> declares and assigns each
/// element; <c>(a, b) = (b, a);</c> assigns through temporaries when a value reads a target (C# evaluates every value
/// before it assigns any), and directly otherwise.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>One element of the left side: a new local, an existing target, or a discard.</summary>
    private sealed record DeconstructionTarget(ILocalSymbol? Declared, ExpressionSyntax? Existing, ITypeSymbol? Type);

    private static bool IsDeconstruction(ExpressionSyntax expression, out AssignmentExpressionSyntax? assignment)
    {
        assignment = expression as AssignmentExpressionSyntax;
        return assignment is { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: TupleExpressionSyntax or DeclarationExpressionSyntax };
    }

    private void WriteDeconstruction(AssignmentExpressionSyntax node)
    {
        List<DeconstructionTarget>? targets = Targets(node.Left);
        if (targets is null)
        {
            return;
        }

        if (node.Right is not TupleExpressionSyntax tuple || tuple.Arguments.Count != targets.Count)
        {
            Unsupported(node.Right, "Deconstructing a value that is not a tuple literal of the same length (deconstruct (x, y), or assign each variable)");
            return;
        }

        List<ExpressionSyntax> values = tuple.Arguments.Select(a => a.Expression).ToList();
        if (values.Any(v => v is TupleExpressionSyntax))
        {
            Unsupported(node.Right, "A nested tuple");
            return;
        }

        if (NeedsTemporaries(targets, values))
        {
            List<string?> temporaries = new();
            for (int i = 0; i < targets.Count; i++)
            {
                if (targets[i].Type is null)
                {
                    temporaries.Add(null);
                    WriteDiscard(values[i]);
                    continue;
                }

                string temporary = $"{CudaNames.GeneratedPrefix}tuple{_temporaries++}";
                _writer.Line($"{TypeName(targets[i].Type, values[i]) ?? Placeholder} {temporary} = {ConvertedTo(values[i], _model.GetTypeInfo(values[i]).Type, targets[i].Type)};");
                temporaries.Add(temporary);
            }

            for (int i = 0; i < targets.Count; i++)
            {
                if (temporaries[i] is { } temporary)
                {
                    WriteElement(targets[i], temporary);
                }
            }

            return;
        }

        for (int i = 0; i < targets.Count; i++)
        {
            if (targets[i].Type is null)
            {
                WriteDiscard(values[i]);
            }
            else
            {
                WriteElement(targets[i], ConvertedTo(values[i], _model.GetTypeInfo(values[i]).Type, targets[i].Type));
            }
        }
    }

    private List<DeconstructionTarget>? Targets(ExpressionSyntax left)
    {
        List<DeconstructionTarget> targets = new();
        if (left is DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax designation })
        {
            foreach (VariableDesignationSyntax variable in designation.Variables)
            {
                if (Target(variable) is not { } target)
                {
                    Unsupported(variable, "A nested deconstruction");
                    return null;
                }

                targets.Add(target);
            }

            return targets;
        }

        if (left is not TupleExpressionSyntax tuple)
        {
            Unsupported(left, "This deconstruction");
            return null;
        }

        foreach (ArgumentSyntax argument in tuple.Arguments)
        {
            DeconstructionTarget? target = argument.Expression switch
            {
                DeclarationExpressionSyntax declaration => Target(declaration.Designation),
                TupleExpressionSyntax => null,
                IdentifierNameSyntax when _model.GetSymbolInfo(argument.Expression).Symbol is IDiscardSymbol => new DeconstructionTarget(null, null, null),
                ExpressionSyntax existing => new DeconstructionTarget(null, existing, _model.GetTypeInfo(existing).Type),
            };
            if (target is null)
            {
                Unsupported(argument, "A nested deconstruction");
                return null;
            }

            targets.Add(target);
        }

        return targets;
    }

    private DeconstructionTarget? Target(VariableDesignationSyntax designation) => designation switch
    {
        DiscardDesignationSyntax => new DeconstructionTarget(null, null, null),
        SingleVariableDesignationSyntax single when _model.GetDeclaredSymbol(single) is ILocalSymbol local => new DeconstructionTarget(local, null, local.Type),
        _ => null,
    };

    /// <summary>Whether a value reads a variable that an earlier assignment of the same statement would already have changed.</summary>
    private bool NeedsTemporaries(List<DeconstructionTarget> targets, List<ExpressionSyntax> values)
    {
        HashSet<ISymbol> written = new(SymbolEqualityComparer.Default);
        foreach (DeconstructionTarget target in targets.Where(t => t.Existing is not null))
        {
            ExpressionSyntax root = target.Existing!;
            while (root is ElementAccessExpressionSyntax or MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax)
            {
                root = root switch
                {
                    ElementAccessExpressionSyntax element => element.Expression,
                    MemberAccessExpressionSyntax member => member.Expression,
                    ParenthesizedExpressionSyntax parenthesized => parenthesized.Expression,
                    _ => root,
                };
            }

            if (_model.GetSymbolInfo(root).Symbol is { } symbol)
            {
                written.Add(symbol);
            }
        }

        return values.Any(v => v.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Any(id => _model.GetSymbolInfo(id).Symbol is { } symbol && written.Contains(symbol)));
    }

    private void WriteElement(DeconstructionTarget target, string value)
    {
        if (target.Declared is { } local)
        {
            SyntaxNode at = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() ?? _method.DeclaringSyntaxReferences[0].GetSyntax();
            _writer.Line($"{TypeName(local.Type, at) ?? Placeholder} {CudaNames.Local(local.Name)} = {value};");
        }
        else
        {
            _writer.Line($"{Visit(target.Existing)} = {value};");
        }
    }

    /// <summary>A value deconstructed into <c>_</c> is still evaluated, for its side effects.</summary>
    private void WriteDiscard(ExpressionSyntax value)
    {
        string text = Visit(value);
        if (HasSideEffects(value))
        {
            _writer.Line(text + ";");
        }
    }
}
