using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// 2D spans (<c>Span2D&lt;T&gt;</c>, <c>ReadOnlySpan2D&lt;T&gt;</c>): a pointer with its rows, columns and pitch. A parameter
/// <c>m</c> is <c>T* m, int m_rows, int m_cols, int m_pitch</c>; a local is declared from
/// <c>Gpu.Shared2D&lt;T&gt;(R, C)</c> (<c>__shared__ T tile[R * C]</c>, its shape constants) or from another 2D span (a
/// pointer that shares that span's shape). <c>m[r, c]</c> is <c>m[(r) * m_pitch + (c)]</c>, each index checked in checked
/// mode; <c>m.Rows</c>, <c>m.Columns</c> and <c>m.Pitch</c> are the ints; <c>m.GetRow(r)</c>, as a span local's
/// initializer, points at the row's start with <c>m_cols</c> as its length. Any other use of a 2D span is GPU0032, any
/// other way to declare or assign one GPU0031: never CUDA that means something else.
/// </summary>
internal sealed partial class CudaTranslator
{
    private const string Shared2DTemplate = "__shared__[,]";

    /// <summary>A 2D span's rows, columns and pitch in CUDA: each a name or a constant.</summary>
    internal sealed record Shape2D(string Rows, string Columns, string Pitch)
    {
        public static readonly Shape2D Untranslated = new(Placeholder, Placeholder, Placeholder);
    }

    private bool IsSpan2DDeclaration(LocalDeclarationStatementSyntax node) =>
        CudaKnownTypes.IsSpan2D(_model.GetTypeInfo(Unscoped(node.Declaration.Type)).Type, out _, out _);

    /// <summary>Writes the declaration of 2D span locals: a <c>__shared__</c> tile, or a pointer into another 2D span.</summary>
    private void WriteSpan2DLocals(LocalDeclarationStatementSyntax node)
    {
        foreach (VariableDeclaratorSyntax variable in node.Declaration.Variables)
        {
            if (_model.GetDeclaredSymbol(variable) is not ILocalSymbol local ||
                !CudaKnownTypes.IsSpan2D(local.Type, out ITypeSymbol element, out bool readOnly) ||
                TypeName(element, node.Declaration.Type) is not { } cuda)
            {
                continue;
            }

            // Registered whatever the initializer, so a rejected one is reported once, not again at every use.
            _spans.Shapes2D[local] = Shape2D.Untranslated;
            string name = CudaNames.Local(local.Name);
            ExpressionSyntax? value = variable.Initializer?.Value;
            if (value is InvocationExpressionSyntax call && _model.GetSymbolInfo(call).Symbol is IMethodSymbol method &&
                IntrinsicTemplate(method) == Shared2DTemplate)
            {
                SharedTile(local, element, name, cuda, call);
            }
            else if (value is not null && Span2DSource(value) is { } source)
            {
                _spans.Shapes2D[local] = source.Shape;
                _writer.Line($"{(readOnly ? "const " : "")}{cuda}* {name} = {source.Pointer};");
            }
            else
            {
                Report(DiagnosticDescriptors.UnsupportedSpan2DLocal, LocationInfo.From((SyntaxNode?)value ?? variable), local.Name);
            }
        }
    }

    /// <summary><c>Gpu.Shared2D&lt;T&gt;(R, C)</c>: <c>__shared__ T name[R * C];</c>, rows one after another.</summary>
    private void SharedTile(ILocalSymbol local, ITypeSymbol element, string name, string cuda, InvocationExpressionSyntax call)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
        int? rows = ConstantLength(arguments.Count > 0 ? arguments[0].Expression : null, "Gpu.Shared2D");
        int? columns = ConstantLength(arguments.Count > 1 ? arguments[1].Expression : null, "Gpu.Shared2D");
        if (rows is not { } r || columns is not { } c)
        {
            return;
        }

        if ((long)r * c > int.MaxValue)
        {
            // Far past the 48 KiB a block may have; the element count would not even fit the arithmetic.
            Report(DiagnosticDescriptors.StaticSharedMemoryTooLarge, LocationInfo.From(call), _method.Name,
                ((long)r * c * CudaTypeMap.Layout(element).Size).ToString("N0", CultureInfo.InvariantCulture));
            return;
        }

        string rowsText = r.ToString(CultureInfo.InvariantCulture), columnsText = c.ToString(CultureInfo.InvariantCulture);
        _spans.Shapes2D[local] = new Shape2D(rowsText, columnsText, columnsText);
        Shared.Add(element, r * c);
        _writer.Line($"__shared__ {cuda} {name}[{rowsText} * {columnsText}];");
    }

    /// <summary><c>m[r, c]</c>: <c>m[(r) * m_pitch + (c)]</c>, the row and the column each marked for checked mode.</summary>
    private string Span2DElement(ElementAccessExpressionSyntax node)
    {
        (string pointer, Shape2D shape) = Span2D(node.Expression);
        SeparatedSyntaxList<ArgumentSyntax> arguments = node.ArgumentList.Arguments;
        ExpressionSyntax Index(string name, int position) =>
            arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == name)?.Expression ?? arguments[position].Expression;

        int before = _output.Diagnostics.Count;
        string row = Parenthesize(Visit(Index("row", 0)));
        string column = Parenthesize(Visit(Index("column", 1)));
        if (_output.Diagnostics.Count > before)
        {
            return Placeholder;
        }

        return $"{pointer}[{CheckedIndex(node, row, shape.Rows, "row")} * {shape.Pitch} + {CheckedIndex(node, column, shape.Columns, "column")}]";
    }

    /// <summary><c>m.Rows</c>, <c>m.Columns</c>, <c>m.Pitch</c>: the ints; any other member of a 2D span is GPU0032.</summary>
    private string Span2DMember(MemberAccessExpressionSyntax node)
    {
        string member = node.Name.Identifier.ValueText;
        if (member is not ("Rows" or "Columns" or "Pitch"))
        {
            Report(DiagnosticDescriptors.UnsupportedSpan2DUse, LocationInfo.From(node), $"'{member}' is not available");
            return Placeholder;
        }

        Shape2D shape = Span2D(node.Expression).Shape;
        return member switch
        {
            "Rows" => shape.Rows,
            "Columns" => shape.Columns,
            _ => shape.Pitch,
        };
    }

    /// <summary>
    /// <c>Span&lt;T&gt; row = m.GetRow(r);</c>: <c>T* row = m + (r) * m_pitch;</c>, the row checked in checked mode, with
    /// <c>m_cols</c> as the span's length.
    /// </summary>
    private IEnumerable<string> Row(ILocalSymbol local, string name, string pointer, InvocationExpressionSyntax call, ExpressionSyntax span)
    {
        (string from, Shape2D shape) = Span2D(span);
        _spans.Lengths[local] = shape.Columns;
        if (call.ArgumentList.Arguments.Count != 1)
        {
            return new[] { $"{pointer} {name} = {Unsupported(call, "GetRow with other than one argument")};" };
        }

        int before = _output.Diagnostics.Count;
        string row = Parenthesize(Visit(call.ArgumentList.Arguments[0].Expression));
        string start = _output.Diagnostics.Count > before ? Placeholder : $"{CheckedIndex(call, row, shape.Rows, "row")} * {shape.Pitch}";
        return new[] { $"{pointer} {name} = {from} + {start};" };
    }

    /// <summary>A 2D span passed to a <c>[Device]</c> method: its pointer, rows, columns and pitch.</summary>
    private string Span2DArgument(ExpressionSyntax span)
    {
        (string pointer, Shape2D shape) = Span2D(span);
        return $"{pointer}, {shape.Rows}, {shape.Columns}, {shape.Pitch}";
    }

    /// <summary>A 2D span where only its elements, shape or a <c>[Device]</c> argument may stand: GPU0032.</summary>
    private string Span2DAsValue(SyntaxNode node)
    {
        Report(DiagnosticDescriptors.UnsupportedSpan2DUse, LocationInfo.From(node), $"'{node}' is used as a value (copied, compared or returned)");
        return Placeholder;
    }

    /// <summary>
    /// The pointer and shape of a 2D span parameter or local. Anything else is reported: what is wrong inside it if
    /// visiting it finds something (<c>Gpu.Shared2D</c> in place), else the use itself.
    /// </summary>
    private (string Pointer, Shape2D Shape) Span2D(ExpressionSyntax span)
    {
        if (Span2DSource(span) is { } source)
        {
            return source;
        }

        int before = _output.Diagnostics.Count;
        Visit(span);

        if (_output.Diagnostics.Count == before)
        {
            Report(DiagnosticDescriptors.UnsupportedSpan2DUse, LocationInfo.From(span), $"'{span}' is not a 2D span parameter or local");
        }

        return (Placeholder, Shape2D.Untranslated);
    }

    /// <summary>The pointer and shape of a 2D span parameter or local; <see langword="null"/> for any other expression.</summary>
    private (string Pointer, Shape2D Shape)? Span2DSource(ExpressionSyntax span) => _model.GetSymbolInfo(span).Symbol switch
    {
        IParameterSymbol parameter when CudaKnownTypes.IsSpan2D(parameter.Type, out _, out _) =>
            (CudaNames.Local(parameter.Name), new Shape2D(CudaNames.Rows(parameter.Name), CudaNames.Columns(parameter.Name), CudaNames.Pitch(parameter.Name))),
        ILocalSymbol local when _spans.Shapes2D.TryGetValue(local, out Shape2D? shape) => (CudaNames.Local(local.Name), shape),
        _ => null,
    };
}
