using System.Linq;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// 3D spans (<c>Span3D&lt;T&gt;</c>, <c>ReadOnlySpan3D&lt;T&gt;</c>), parameters only: a pointer with its slices, rows,
/// columns and pitch, <c>T* v, int v_slices, int v_rows, int v_cols, int v_pitch</c>, the slices one after another.
/// <c>v[s, r, c]</c> is <c>v[((s) * v_rows + (r)) * v_pitch + (c)]</c>, each index checked in checked mode; <c>Slices</c>,
/// <c>Rows</c>, <c>Columns</c> and <c>Pitch</c> are the ints; a 3D span is passed whole to a <c>[Device]</c> method. Any
/// other use is GPU0011, saying what a 3D span can do.
/// </summary>
internal sealed partial class CudaTranslator
{
    private const string Span3DUses = "a 3D span can be indexed as v[slice, row, column], have its Slices, Rows, Columns and Pitch read, or be passed whole to a [Device] method";

    /// <summary>The CUDA names of a 3D span parameter: pointer, slices, rows, columns, pitch; <see langword="null"/> for anything else.</summary>
    private string[]? Span3DParameter(ExpressionSyntax span) =>
        _model.GetSymbolInfo(span).Symbol is IParameterSymbol parameter && CudaKnownTypes.IsSpan3D(parameter.Type, out _, out _)
            ? new[] { CudaNames.Local(parameter.Name), CudaNames.Slices(parameter.Name), CudaNames.Rows(parameter.Name), CudaNames.Columns(parameter.Name), CudaNames.Pitch(parameter.Name) }
            : null;

    private string[] Span3D(ExpressionSyntax span)
    {
        if (Span3DParameter(span) is { } names)
        {
            return names;
        }

        Unsupported(span, $"'{span}' as a 3D span ({Span3DUses}; a 3D span local is not)");
        return Enumerable.Repeat(Placeholder, 5).ToArray();
    }

    /// <summary><c>v[s, r, c]</c>: <c>v[((s) * v_rows + (r)) * v_pitch + (c)]</c>, each index marked for checked mode.</summary>
    private string Span3DElement(ElementAccessExpressionSyntax node)
    {
        string[] v = Span3D(node.Expression);
        SeparatedSyntaxList<ArgumentSyntax> arguments = node.ArgumentList.Arguments;
        ExpressionSyntax Index(string name, int position) =>
            arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == name)?.Expression ?? arguments[position].Expression;

        int before = _output.Diagnostics.Count;
        string slice = Parenthesize(Visit(Index("slice", 0)));
        string row = Parenthesize(Visit(Index("row", 1)));
        string column = Parenthesize(Visit(Index("column", 2)));
        if (_output.Diagnostics.Count > before)
        {
            return Placeholder;
        }

        return $"{v[0]}[({CheckedIndex(node, slice, v[1], "slice")} * {v[2]} + {CheckedIndex(node, row, v[2], "3D row")}) * {v[4]} + {CheckedIndex(node, column, v[3], "3D column")}]";
    }

    /// <summary><c>v.Slices</c>, <c>v.Rows</c>, <c>v.Columns</c>, <c>v.Pitch</c>: the ints.</summary>
    private string Span3DMember(MemberAccessExpressionSyntax node)
    {
        string[] v = Span3D(node.Expression);
        return node.Name.Identifier.ValueText switch
        {
            "Slices" => v[1],
            "Rows" => v[2],
            "Columns" => v[3],
            "Pitch" => v[4],
            var other => Unsupported(node, $"'{other}' of a 3D span ({Span3DUses})"),
        };
    }

    /// <summary>A 3D span passed to a <c>[Device]</c> method: its pointer, slices, rows, columns and pitch.</summary>
    private string Span3DArgument(ExpressionSyntax span) => string.Join(", ", Span3D(span));

    /// <summary>A 3D span anywhere else (a local, copied, compared, returned).</summary>
    private string Span3DAsValue(SyntaxNode node) => Unsupported(node, $"'{node}' used as a value ({Span3DUses})");
}
