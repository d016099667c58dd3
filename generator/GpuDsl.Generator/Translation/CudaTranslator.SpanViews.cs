using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Spans as CUDA programmers use pointers: any span expression GPU code can hold is a pointer and a length, wherever it
/// stands (a local's initializer, a <c>[Device]</c> argument, an index, <c>Length</c>, <c>foreach</c>, an assignment):
/// <list type="bullet">
/// <item>a span parameter, local or constant table: its pointer and length;</item>
/// <item><c>s.Slice(start[, length])</c>: <c>s + (start)</c> with <c>s_length - (start)</c> or the length given;</item>
/// <item><c>flag ? a : b</c>: <c>(flag ? a : b)</c> for the pointer and <c>(flag ? a_length : b_length)</c> for the length.</item>
/// </list>
/// A span parameter or local assigned again (<c>p = p.Slice(k)</c>, the translation of <c>ptr += k</c>) takes the new
/// pointer and length together, both computed from the old values, through <c>gpudsl_span_assign</c>. A local that is
/// assigned again is a pointer even when it starts as an array (<c>Gpu.Shared</c>, <c>stackalloc</c>): the array gets a
/// name of its own, <c>name_storage</c>.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>The helper that assigns a span's pointer and length at once.</summary>
    private const string SpanAssignHelper = "gpudsl_span_assign";

    /// <summary>A span in CUDA: its pointer and its length, each an expression.</summary>
    private readonly record struct SpanText(string Pointer, string Length);

    /// <summary>
    /// The pointer and length of a span expression, or <see langword="null"/> (nothing reported) when it is none of the
    /// forms GPU code holds. A slice's bounds and a condition, which the CUDA form evaluates twice, must be free of side
    /// effects (reported otherwise).
    /// </summary>
    private SpanText? SpanOf(ExpressionSyntax span)
    {
        switch (span)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return SpanOf(parenthesized.Expression);

            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Slice" } access } slice
                when _model.GetSymbolInfo(slice).Symbol is IMethodSymbol { ContainingType: var spanType } && CudaKnownTypes.IsSpan(spanType, out _, out _):
                return SliceOf(access.Expression, slice.ArgumentList.Arguments);

            case ConditionalExpressionSyntax choice when _model.GetTypeInfo(choice).Type is { } type && CudaKnownTypes.IsSpan(type, out _, out _):
                SpanText whenTrue = Span(choice.WhenTrue), whenFalse = Span(choice.WhenFalse);
                string condition = HasSideEffects(choice.Condition)
                    ? Unsupported(choice.Condition, "A span chosen by a condition with side effects (assign the condition to a bool local first)")
                    : Visit(choice.Condition);
                return new SpanText($"({condition} ? {whenTrue.Pointer} : {whenFalse.Pointer})", $"({condition} ? {whenTrue.Length} : {whenFalse.Length})");
        }

        return _model.GetSymbolInfo(span).Symbol switch
        {
            IParameterSymbol parameter when CudaKnownTypes.IsSpan(parameter.Type, out _, out _) =>
                new SpanText(CudaNames.Local(parameter.Name), CudaNames.Length(parameter.Name)),
            ILocalSymbol local when _spans.Lengths.TryGetValue(local, out string? length) => new SpanText(CudaNames.Local(local.Name), length),
            IPropertySymbol table when IsConstantTable(table) => new SpanText(TablePointer(table, span), TableLength(table, span)),
            _ => null,
        };
    }

    /// <summary>The pointer and length of a span expression; anything else is reported (see <see cref="NotASpanVariable"/>).</summary>
    private SpanText Span(ExpressionSyntax span) => SpanOf(span) ?? new SpanText(NotASpanVariable(span), Placeholder);

    /// <summary><c>source.Slice(start[, length])</c>: <c>source + (start)</c>, and the length given or what is left.</summary>
    private SpanText SliceOf(ExpressionSyntax source, SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        SpanText from = Span(source);
        string start = arguments.Count > 0 ? PureArgument(arguments[0].Expression) : "0";
        string length = arguments.Count > 1 ? PureArgument(arguments[1].Expression)
            : arguments.Count == 1 ? $"{from.Length} - {Parenthesize(start)}"
            : from.Length;
        return new SpanText(arguments.Count > 0 ? $"{Primary(from.Pointer)} + {Parenthesize(start)}" : from.Pointer, length);
    }

    /// <summary>Whether the method assigns the span parameter or local <paramref name="symbol"/> after its declaration.</summary>
    private bool IsReassigned(ISymbol symbol)
    {
        if (_spans.Reassigned is null)
        {
            _spans.Reassigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxReference reference in _method.DeclaringSyntaxReferences)
            {
                foreach (AssignmentExpressionSyntax assignment in reference.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    if (reference.SyntaxTree == _model.SyntaxTree && _model.GetSymbolInfo(assignment.Left).Symbol is ILocalSymbol or IParameterSymbol &&
                        _model.GetTypeInfo(assignment.Left).Type is { } type && CudaKnownTypes.IsSpan(type, out _, out _))
                    {
                        _spans.Reassigned.Add(_model.GetSymbolInfo(assignment.Left).Symbol!);
                    }
                }
            }
        }

        return _spans.Reassigned.Contains(symbol);
    }

    /// <summary>
    /// <c>p = value</c> for a span parameter or local: <c>p = gpudsl_span_assign(p_length, length, pointer)</c>, which
    /// computes both from the old values (<c>p = p.Slice(p[0])</c> moves by the old first element) before either changes.
    /// </summary>
    private string SpanAssignment(AssignmentExpressionSyntax node)
    {
        if (!node.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            return Unsupported(node.OperatorToken, $"The '{node.OperatorToken.Text}' operator on a span");
        }

        ISymbol? target = _model.GetSymbolInfo(node.Left).Symbol;
        string? length = target switch
        {
            IParameterSymbol parameter => CudaNames.Length(parameter.Name),
            ILocalSymbol local when _spans.Lengths.TryGetValue(local, out string? known) => known,
            _ => null,
        };
        if (target is null || length is null)
        {
            return Unsupported(node.Left, $"Assigning '{node.Left}' (only a span parameter or local can be assigned a span)");
        }

        SpanText value = Span(node.Right);
        _output.Helpers.Add(SpanAssignHelper);
        return $"{CudaNames.Local(target.Name)} = {SpanAssignHelper}({length}, {value.Length}, {value.Pointer})";
    }
}
