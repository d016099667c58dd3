using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// <c>foreach</c> over a span becomes an indexed <c>for</c> loop: the iteration variable is a <c>const</c> copy of the
/// element (or a reference to it for <c>foreach (ref var x in span)</c>), so <c>break</c> and <c>continue</c> keep
/// their meaning. Every other <c>foreach</c> is rejected: GPU code has no enumerators.
/// </summary>
internal sealed partial class CudaTranslator
{
    public override string VisitForEachStatement(ForEachStatementSyntax node)
    {
        ITypeSymbol? collection = _model.GetTypeInfo(node.Expression).Type;
        bool readOnly = false;
        if (collection is null || !(CudaKnownTypes.IsSpan(collection, out _, out readOnly) || IsArrayLocal(node.Expression)) || SpanOf(node.Expression) is not { } span)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(node.ForEachKeyword),
                $"A 'foreach' over '{collection?.ToDisplayString() ?? node.Expression.ToString()}' (only a span parameter, local, slice or per-thread array can be enumerated)");
            return "";
        }

        if (_model.GetDeclaredSymbol(node) is not ILocalSymbol element || TypeName(element.Type, node.Type) is not { } type)
        {
            return "";
        }

        bool byReference = node.Type is RefTypeSyntax;
        string index = $"gpudsl_i{_loopDepth}";
        string qualifier = byReference ? (readOnly || element.RefKind == RefKind.RefReadOnly ? "const " : "") : "const ";
        MapTo(node);
        _writer.Line($"for (int {index} = 0; {index} < {span.Length}; {index}++)");
        _writer.Line("{");
        _writer.Indent();
        _writer.Line($"{qualifier}{type}{(byReference ? "&" : "")} {CudaNames.Local(element.Name)} = {Primary(span.Pointer)}[{index}];");
        _loopDepth++;
        if (node.Statement is BlockSyntax block)
        {
            foreach (StatementSyntax statement in block.Statements)
            {
                Visit(statement);
            }
        }
        else
        {
            Visit(node.Statement);
        }

        _loopDepth--;
        _writer.Outdent();
        _writer.Line("}");
        return "";
    }
}
