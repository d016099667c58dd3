using System.Globalization;
using System.Linq;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// 3D spans (<c>Span3D&lt;T&gt;</c>, <c>ReadOnlySpan3D&lt;T&gt;</c>): a parameter is a pointer with its slices, rows,
/// columns and pitch, <c>T* v, int v_slices, int v_rows, int v_cols, int v_pitch</c>, the slices one after another; a local
/// is a shared block, <c>Gpu.Shared3D&lt;T&gt;(S, R, C)</c>: <c>__shared__ T v[S * R * C]</c>, its shape constants.
/// <c>v[s, r, c]</c> is <c>v[((s) * v_rows + (r)) * v_pitch + (c)]</c>, each index checked in checked mode; <c>Slices</c>,
/// <c>Rows</c>, <c>Columns</c> and <c>Pitch</c> are the ints; a 3D span is passed whole to a <c>[Device]</c> method. Any
/// other use is GPU0011, saying what a 3D span can do.
/// </summary>
internal sealed partial class CudaTranslator
{
    private const string Span3DUses = "a 3D span can be indexed as v[slice, row, column], have its Slices, Rows, Columns and Pitch read, or be passed whole to a [Device] method";

    private const string Shared3DTemplate = "__shared__[,,]";

    /// <summary>The CUDA names of a 3D span parameter or shared local: pointer, slices, rows, columns, pitch; <see langword="null"/> for anything else.</summary>
    private string[]? Span3DParameter(ExpressionSyntax span) => _model.GetSymbolInfo(span).Symbol switch
    {
        IParameterSymbol parameter when CudaKnownTypes.IsSpan3D(parameter.Type, out _, out _) =>
            new[] { CudaNames.Local(parameter.Name), CudaNames.Slices(parameter.Name), CudaNames.Rows(parameter.Name), CudaNames.Columns(parameter.Name), CudaNames.Pitch(parameter.Name) },
        ILocalSymbol local when _spans.Shapes3D.TryGetValue(local, out string[]? names) => names,
        _ => null,
    };

    /// <summary>
    /// Writes the declaration of 3D span locals, each a <c>Gpu.Shared3D&lt;T&gt;(S, R, C)</c> block:
    /// <c>__shared__ T name[S * R * C];</c>. Any other 3D span local is GPU0011.
    /// </summary>
    private void WriteSpan3DLocals(LocalDeclarationStatementSyntax node)
    {
        foreach (VariableDeclaratorSyntax variable in node.Declaration.Variables)
        {
            if (_model.GetDeclaredSymbol(variable) is not ILocalSymbol local ||
                !CudaKnownTypes.IsSpan3D(local.Type, out ITypeSymbol element, out _) ||
                TypeName(element, node.Declaration.Type) is not { } cuda)
            {
                continue;
            }

            // Registered whatever the initializer, so a rejected one is reported once, not again at every use.
            string name = CudaNames.Local(local.Name);
            _spans.Shapes3D[local] = new[] { name, Placeholder, Placeholder, Placeholder, Placeholder };
            if (variable.Initializer?.Value is InvocationExpressionSyntax call && _model.GetSymbolInfo(call).Symbol is IMethodSymbol method &&
                IntrinsicTemplate(method) == Shared3DTemplate)
            {
                SharedBlock(local, element, name, cuda, call);
            }
            else
            {
                Unsupported((SyntaxNode?)variable.Initializer?.Value ?? variable,
                    $"'{local.Name}' as a 3D span local ({Span3DUses}; a 3D span local is declared with Gpu.Shared3D<T>(slices, rows, columns))");
            }
        }
    }

    /// <summary><c>Gpu.Shared3D&lt;T&gt;(S, R, C)</c>: <c>__shared__ T name[S * R * C];</c>, slices one after another.</summary>
    private void SharedBlock(ILocalSymbol local, ITypeSymbol element, string name, string cuda, InvocationExpressionSyntax call)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
        int?[] sizes = Enumerable.Range(0, 3)
            .Select(i => ConstantLength(arguments.Count > i ? arguments[i].Expression : null, "Gpu.Shared3D"))
            .ToArray();
        if (sizes.Any(s => s is null))
        {
            return;
        }

        long count = (long)sizes[0]!.Value * sizes[1]!.Value * sizes[2]!.Value;
        if (count > int.MaxValue)
        {
            // Far past the 48 KiB a block may have; the element count would not even fit the arithmetic.
            Report(Diagnostics.DiagnosticDescriptors.StaticSharedMemoryTooLarge, Models.LocationInfo.From(call), _method.Name,
                (count * CudaTypeMap.Layout(element).Size).ToString("N0", CultureInfo.InvariantCulture));
            return;
        }

        string[] text = sizes.Select(s => s!.Value.ToString(CultureInfo.InvariantCulture)).ToArray();
        _spans.Shapes3D[local] = new[] { name, text[0], text[1], text[2], text[2] };
        Shared.Add(element, (int)count);
        _writer.Line($"__shared__ {cuda} {name}[{text[0]} * {text[1]} * {text[2]}];");
    }

    private string[] Span3D(ExpressionSyntax span)
    {
        if (Span3DParameter(span) is { } names)
        {
            return names;
        }

        Unsupported(span, $"'{span}' as a 3D span ({Span3DUses}; a 3D span local is declared with Gpu.Shared3D<T>(slices, rows, columns))");
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
