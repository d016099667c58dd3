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
/// Spans: a span parameter is a pointer plus a <c>name_length</c> parameter; a span local is declared from one of a few
/// sources, each with its own CUDA form:
/// <list type="bullet">
/// <item><c>Gpu.Shared&lt;T&gt;(N)</c>: <c>__shared__ T name[N];</c> (N constant)</item>
/// <item><c>Gpu.DynamicShared&lt;T&gt;()</c>: a pointer into the launch's dynamic shared memory</item>
/// <item><c>stackalloc T[N]</c>: a per-thread array <c>T name[N];</c> (N constant)</item>
/// <item><c>other.Slice(start[, length])</c> or <c>other</c>: a pointer and a length into another span</item>
/// <item><c>m.GetRow(r)</c>: a pointer to a row of a 2D span, its columns as the length (see <c>.Spans2D.cs</c>)</item>
/// <item><c>MemoryMarshal.Cast&lt;TFrom, TTo&gt;(other)</c>: the same memory as <c>TTo</c> elements (a <c>float</c> span as
/// <c>Vector4</c>s, read 16 bytes at a time); on the GPU the span must start at a multiple of <c>TTo</c>'s alignment</item>
/// </list>
/// </summary>
internal sealed partial class CudaTranslator
{
    private const string SharedTemplate = "__shared__";
    private const string DynamicSharedTemplate = "extern __shared__";

    private static bool IsSpanDeclaration(LocalDeclarationStatementSyntax node, SemanticModel model) =>
        model.GetTypeInfo(Unscoped(node.Declaration.Type)).Type is { } type && CudaKnownTypes.IsSpan(type, out _, out _);

    /// <summary>Writes the declaration of span locals, one CUDA declaration (or two) per variable.</summary>
    private void WriteSpanLocals(LocalDeclarationStatementSyntax node)
    {
        foreach (VariableDeclaratorSyntax variable in node.Declaration.Variables)
        {
            if (_model.GetDeclaredSymbol(variable) is not ILocalSymbol local ||
                !CudaKnownTypes.IsSpan(local.Type, out ITypeSymbol element, out bool readOnly))
            {
                continue;
            }

            string? cuda = TypeName(element, node.Declaration.Type);
            if (cuda is null)
            {
                _spans.Rejected.Add(local);
                continue;
            }

            string name = CudaNames.Local(local.Name);
            string pointer = $"{(readOnly ? "const " : "")}{cuda}*";
            ExpressionSyntax? value = variable.Initializer?.Value;
            foreach (string line in SpanLocal(local, name, cuda, pointer, value, variable))
            {
                _writer.Line(line);
            }

            if (!_spans.Lengths.ContainsKey(local))
            {
                _spans.Rejected.Add(local);
            }
        }
    }

    private IEnumerable<string> SpanLocal(ILocalSymbol local, string name, string cuda, string pointer, ExpressionSyntax? value, VariableDeclaratorSyntax variable)
    {
        IEnumerable<string> lines = SpanLocalSource(local, name, cuda, pointer, value, variable).ToArray();
        if (!_spans.Lengths.ContainsKey(local))
        {
            _spans.Lengths[local] = Placeholder; // A length that was reported (GPU0019): not reported again at every use.
        }

        if (!IsReassigned(local) || !_spans.Lengths.TryGetValue(local, out string? length) || length == CudaNames.Length(local.Name) || length == Placeholder)
        {
            return lines;
        }

        // Assigned again: a pointer and a length variable, whatever it starts as (an array keeps its own name).
        _spans.Lengths[local] = CudaNames.Length(local.Name);
        string[] declared = lines.ToArray();
        bool array = declared.Length == 1 && declared[0].Contains($" {name}[");
        string storage = name + "_storage";
        return array
            ? new[]
            {
                ReplaceFirst(declared[0], $" {name}[", $" {storage}["),
                $"{pointer} {name} = {storage};",
                $"int {CudaNames.Length(local.Name)} = {length};",
            }
            : declared.Concat(new[] { $"int {CudaNames.Length(local.Name)} = {length};" });
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        int at = text.IndexOf(what, System.StringComparison.Ordinal);
        return at < 0 ? text : text.Substring(0, at) + with + text.Substring(at + what.Length);
    }

    private IEnumerable<string> SpanLocalSource(ILocalSymbol local, string name, string cuda, string pointer, ExpressionSyntax? value, VariableDeclaratorSyntax variable)
    {
        switch (value)
        {
            case InvocationExpressionSyntax call when _model.GetSymbolInfo(call).Symbol is IMethodSymbol method && IntrinsicTemplate(method) is { } template:
                if (template == SharedTemplate && ConstantLength(call.ArgumentList.Arguments.FirstOrDefault()?.Expression, "Gpu.Shared") is { } length)
                {
                    _spans.Lengths[local] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Shared.Add(local.Type is INamedTypeSymbol { TypeArguments.Length: 1 } n ? n.TypeArguments[0] : local.Type, length);
                    return new[] { $"__shared__ {SharedAlignment()}{cuda} {name}[{length}];" };
                }

                if (template == DynamicSharedTemplate)
                {
                    _output.Helpers.Add("gpudsl_dynamic_shared");
                    _spans.Lengths[local] = CudaNames.Length(local.Name);
                    return new[]
                    {
                        $"{pointer} {name} = ({pointer})gpudsl_dynamic_shared;",
                        $"{(IsReassigned(local) ? "" : "const ")}int {CudaNames.Length(local.Name)} = (int)(gpudsl_dynamic_shared_bytes() / sizeof({cuda}));",
                    };
                }

                if (template == SharedTemplate)
                {
                    return Enumerable.Empty<string>(); // The length was reported.
                }

                break;

            case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                return StackArray(local, name, cuda, (ExpressionSyntax)value);

            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } cast
                when _model.GetSymbolInfo(cast).Symbol is IMethodSymbol { Name: "Cast", TypeArguments.Length: 2, ContainingType: var marshal } castMethod &&
                     marshal.ToDisplayString() == "System.Runtime.InteropServices.MemoryMarshal":
                return Reinterpret(local, name, pointer, cuda, castMethod.TypeArguments[0], cast.ArgumentList.Arguments[0].Expression, cast);

            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetRow" } rowOf } row
                when _model.GetSymbolInfo(row).Symbol is IMethodSymbol { ContainingType: var span2D } && CudaKnownTypes.IsSpan2D(span2D, out _, out _):
                return Row(local, name, pointer, row, rowOf.Expression);

            case null when IsReassigned(local):
                // Declared now, assigned before its first use (C# says so).
                _spans.Lengths[local] = CudaNames.Length(local.Name);
                return new[] { $"{pointer} {name} = nullptr;", $"int {CudaNames.Length(local.Name)} = 0;" };

            case not null when SpanOf(value) is { } view:
                _spans.Lengths[local] = CudaNames.Length(local.Name);
                return new[] { $"{pointer} {name} = {view.Pointer};", $"int {CudaNames.Length(local.Name)} = {view.Length};" };
        }

        Report(DiagnosticDescriptors.UnsupportedSpanLocal, LocationInfo.From((SyntaxNode?)value ?? variable), local.Name);
        _spans.Lengths[local] = Placeholder; // Reported once here, not again at every use.
        return Enumerable.Empty<string>();
    }

    /// <summary>
    /// <c>MemoryMarshal.Cast&lt;TFrom, TTo&gt;(source)</c>: <c>TTo* name = (TTo*)source;</c> and a length of whole <c>TTo</c>s,
    /// as .NET counts it (the bytes of the source divided by the size of <c>TTo</c>, rounded down).
    /// </summary>
    private IEnumerable<string> Reinterpret(ILocalSymbol local, string name, string pointer, string cuda, ITypeSymbol from, ExpressionSyntax source, SyntaxNode at)
    {
        if (!IsSpanValue(source) || IsConstantTable(_model.GetSymbolInfo(source).Symbol))
        {
            return new[] { $"{pointer} {name} = {Unsupported(source, "A MemoryMarshal.Cast of something other than a span parameter or local")};" };
        }

        if (TypeName(from, at) is not { } fromCuda)
        {
            return Enumerable.Empty<string>();
        }

        // A read-only view of a read-only span parameter keeps the parameter's __restrict__: nothing in the kernel writes it.
        bool restricted = pointer.StartsWith("const ", System.StringComparison.Ordinal) && !IsReassigned(local) &&
            _model.GetSymbolInfo(source).Symbol is IParameterSymbol { Type: var parameterType } && CudaKnownTypes.IsSpan(parameterType, out _, out bool readOnlySource) && readOnlySource;
        SpanText view = Span(source);
        _spans.Lengths[local] = CudaNames.Length(local.Name);
        return new[]
        {
            $"{pointer}{(restricted ? " __restrict__" : "")} {name} = ({pointer}){view.Pointer};",
            $"int {CudaNames.Length(local.Name)} = (int)((long long){view.Length} * sizeof({fromCuda}) / sizeof({cuda}));",
        };
    }

    /// <summary>A slice bound, which the CUDA form evaluates more than once, so it must have no side effects.</summary>
    private string PureArgument(ExpressionSyntax expression)
    {
        if (HasSideEffects(expression))
        {
            return Unsupported(expression, "A Slice bound with side effects (assign it to a local first)");
        }

        return Visit(expression);
    }

    private int? ConstantLength(ExpressionSyntax? expression, string what)
    {
        if (expression is not null && _model.GetConstantValue(expression) is { HasValue: true, Value: int length } && length > 0)
        {
            return length;
        }

        string instead = what == "Gpu.Shared"
            ? "; for a length known only at launch, declare Gpu.DynamicShared<T>() and give its bytes as the launch's sharedMemoryBytes"
            : "";
        Report(DiagnosticDescriptors.LengthNotConstant, LocationInfo.From((SyntaxNode?)expression ?? _method.DeclaringSyntaxReferences[0].GetSyntax()), what, instead);
        return null;
    }

    /// <summary>A span parameter or local, or a constant table.</summary>
    private bool IsSpanValue(ExpressionSyntax expression) => _model.GetSymbolInfo(expression).Symbol switch
    {
        IParameterSymbol or ILocalSymbol => _model.GetTypeInfo(expression).Type is { } type && CudaKnownTypes.IsSpan(type, out _, out _),
        var symbol => IsConstantTable(symbol),
    };

    /// <summary>The CUDA length of a span expression (see <see cref="SpanOf"/>).</summary>
    private string SpanLength(ExpressionSyntax span) => Span(span).Length;

    /// <summary>
    /// A span used in place, not through a parameter or local: whatever is wrong inside it (a call, Gpu.Shared...) is
    /// reported by visiting it, and only if that finds nothing is the use itself reported.
    /// </summary>
    private string NotASpanVariable(ExpressionSyntax span)
    {
        if (_model.GetSymbolInfo(span).Symbol is ILocalSymbol local && _spans.Rejected.Contains(local))
        {
            return Placeholder; // Its declaration was reported.
        }

        int before = _output.Diagnostics.Count;
        Visit(span);
        return _output.Diagnostics.Count > before ? Placeholder : Unsupported(span, "A span that is not a parameter or a local");
    }

    /// <summary>
    /// An index marked for checked mode, which the module decides (see <see cref="CudaIndexChecks"/>); unchecked, it is
    /// the index itself. <paramref name="dimension"/> is <c>row</c> or <c>column</c> for a 2D span's index.
    /// </summary>
    private string CheckedIndex(SyntaxNode access, string index, string length, string dimension = "")
    {
        int line = access.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        string function = $"{_method.ContainingType.Name}.{_method.Name}";
        string file = System.IO.Path.GetFileName(access.SyntaxTree.FilePath);
        return CudaIndexChecks.Mark(index, length, function, KnownNames.IsKernel(_method), file, line, dimension);
    }

    private static string Parenthesize(string text) =>
        text.All(c => char.IsLetterOrDigit(c) || c == '_') ? text : $"({text})";
}
