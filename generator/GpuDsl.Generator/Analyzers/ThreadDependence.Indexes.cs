using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// GPU0030: a span parameter indexed by the global thread index (<c>BlockIdx * BlockDim + ThreadIdx</c>, or arithmetic on
/// it) with no bounds check on the way. The grid of a launch is rounded up to whole blocks, so without a check the last
/// block's extra threads read or write past the end.
/// </summary>
/// <remarks>
/// False positives must be rare, so anything looks like a check: the access is inside an <c>if</c>, loop, switch,
/// <c>?:</c> or <c>&amp;&amp;</c>, or after a <c>return</c>, <c>break</c> or <c>continue</c>, whose condition mentions the
/// index or anything the index is computed from. An index that goes through anything but <c>+ - * / &lt;&lt; &gt;&gt;</c>
/// and casts (<c>%</c>, <c>&amp;</c>, <c>Math.Min</c>, a value read from memory) counts as bounded by it.
/// </remarks>
internal sealed partial class ThreadDependence
{
    private readonly Dictionary<ISymbol, IndexFacts> _indexes = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, HashSet<ISymbol>> _reads = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<SyntaxNode, HashSet<ISymbol>> _mentions = new();
    /// <summary>The first unguarded access of each statement, reported once the walk is done.</summary>
    private readonly Dictionary<SyntaxNode, DiagnosticInfo> _unguarded = new();

    /// <summary>What an index is computed from.</summary>
    [System.Flags]
    private enum IndexParts
    {
        None = 0,
        ThreadIndex = 1,
        BlockIndex = 2,
        BlockSize = 4,

        /// <summary>Computed through something that may bound it, or that is not arithmetic on indexes at all.</summary>
        Bounded = 8,
    }

    /// <summary>A span parameter indexed by the global thread index: reported unless a condition in front of it mentions the index.</summary>
    private void CheckIndex(ElementAccessExpressionSyntax node)
    {
        if (node.ArgumentList.Arguments.Count != 1 ||
            Symbol(node.Expression) is not IParameterSymbol span || !CudaKnownTypes.IsSpan(span.Type, out _, out _))
        {
            return;
        }

        ExpressionSyntax index = node.ArgumentList.Arguments[0].Expression;
        HashSet<ISymbol> sources = new(SymbolEqualityComparer.Default);
        if (!IsGlobalIndex(Parts(index, sources)) || IsChecked(sources) || TestedAtLaunch(node, span, index))
        {
            return;
        }

        // One warning per statement, at its first unguarded access: c[i] = a[i] + b[i] needs one check, not three.
        SyntaxNode statement = (SyntaxNode?)node.FirstAncestorOrSelf<StatementSyntax>() ?? node;
        if (!_unguarded.TryGetValue(statement, out DiagnosticInfo? first) || node.SpanStart < first.Location!.Span.Start)
        {
            _unguarded[statement] = DiagnosticInfo.Create(
                DiagnosticDescriptors.GlobalIndexWithoutBoundsCheck, LocationInfo.From(node), Text(node), span.Name, Text(index));
        }
    }

    /// <summary>The unguarded accesses found by a walk, in source order.</summary>
    private void ReportUnguardedIndexes() =>
        _diagnostics.AddRange(_unguarded.Values.OrderBy(d => d.Location!.Span.Start));

    private static bool IsGlobalIndex(IndexParts parts) =>
        (parts & IndexParts.Bounded) == 0 &&
        (parts & (IndexParts.ThreadIndex | IndexParts.BlockIndex | IndexParts.BlockSize)) == (IndexParts.ThreadIndex | IndexParts.BlockIndex | IndexParts.BlockSize);

    /// <summary>Whether a condition in front of the code being visited mentions any of <paramref name="sources"/>.</summary>
    private bool IsChecked(HashSet<ISymbol> sources) =>
        _conditions.Any(c => Mentions(c.Node).Overlaps(sources)) || _exits.Any(c => Mentions(c.Node).Overlaps(sources));

    /// <summary>
    /// What a condition reads, directly or through the locals it reads: <c>bool inside = i &lt; n; if (inside) ...</c>
    /// mentions <c>i</c>.
    /// </summary>
    private HashSet<ISymbol> Mentions(SyntaxNode condition)
    {
        if (!_mentions.TryGetValue(condition, out HashSet<ISymbol>? names))
        {
            names = Reads(condition);
            Stack<ISymbol> pending = new(names);
            while (pending.Count > 0)
            {
                if (_reads.TryGetValue(pending.Pop(), out HashSet<ISymbol>? further))
                {
                    foreach (ISymbol read in further.Where(names.Add))
                    {
                        pending.Push(read);
                    }
                }
            }

            _mentions[condition] = names;
        }

        return names;
    }

    /// <summary>The locals, parameters and properties (<c>Gpu.ThreadIdx</c>...) an expression reads.</summary>
    private HashSet<ISymbol> Reads(SyntaxNode expression)
    {
        HashSet<ISymbol> names = new(SymbolEqualityComparer.Default);
        foreach (IdentifierNameSyntax name in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (Symbol(name) is ILocalSymbol or IParameterSymbol or IPropertySymbol)
            {
                names.Add(Symbol(name)!);
            }
        }

        return names;
    }

    private void RecordReads(ISymbol local, SyntaxNode value)
    {
        if (!_reads.TryGetValue(local, out HashSet<ISymbol>? reads))
        {
            reads = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            _reads[local] = reads;
        }

        int known = reads.Count;
        reads.UnionWith(Reads(value));
        _learnt |= reads.Count != known;
    }

    private void IndexDeclaration(ISymbol local, ExpressionSyntax? value)
    {
        if (value is not null)
        {
            HashSet<ISymbol> sources = new(SymbolEqualityComparer.Default);
            Learn(local, Parts(value, sources), sources);
            RecordReads(local, value);
        }
    }

    private void IndexAssignment(AssignmentExpressionSyntax node)
    {
        bool arithmetic = node.Kind() is SyntaxKind.SimpleAssignmentExpression or SyntaxKind.AddAssignmentExpression or
            SyntaxKind.SubtractAssignmentExpression or SyntaxKind.MultiplyAssignmentExpression or SyntaxKind.DivideAssignmentExpression or
            SyntaxKind.LeftShiftAssignmentExpression or SyntaxKind.RightShiftAssignmentExpression;
        if (!arithmetic || node.Left is not IdentifierNameSyntax)
        {
            NotAnIndex(node.Left);
            return;
        }

        foreach (ISymbol local in TargetLocals(node.Left))
        {
            HashSet<ISymbol> sources = new(SymbolEqualityComparer.Default);
            Learn(local, Parts(node.Right, sources), sources);
        }
    }

    private void RecordReads(AssignmentExpressionSyntax node)
    {
        foreach (ISymbol local in TargetLocals(node.Left))
        {
            RecordReads(local, node.Right);
        }
    }

    /// <summary>Locals a call or a deconstruction writes: their values come from somewhere an index check cannot follow.</summary>
    private void NotAnIndex(ExpressionSyntax target)
    {
        foreach (ISymbol local in TargetLocals(target))
        {
            NotAnIndex(local);
        }
    }

    private void NotAnIndex(ISymbol local) => Learn(local, IndexParts.Bounded, new HashSet<ISymbol>(SymbolEqualityComparer.Default));

    private void Learn(ISymbol local, IndexParts parts, HashSet<ISymbol> sources)
    {
        if (!_indexes.TryGetValue(local, out IndexFacts? facts))
        {
            facts = new IndexFacts();
            _indexes[local] = facts;
        }

        int known = facts.Sources.Count;
        facts.Sources.UnionWith(sources);
        if ((facts.Parts | parts) != facts.Parts || facts.Sources.Count != known)
        {
            facts.Parts |= parts;
            _learnt = true;
        }
    }

    /// <summary>What an index expression is computed from, adding the locals and intrinsics it reads to <paramref name="sources"/>.</summary>
    private IndexParts Parts(ExpressionSyntax expression, HashSet<ISymbol> sources)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Parts(parenthesized.Expression, sources);
            case CastExpressionSyntax cast:
                return Parts(cast.Expression, sources);
            case CheckedExpressionSyntax @checked:
                return Parts(@checked.Expression, sources);
            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression) || unary.IsKind(SyntaxKind.UnaryMinusExpression):
                return Parts(unary.Operand, sources);
            case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or
                SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression or SyntaxKind.LeftShiftExpression or SyntaxKind.RightShiftExpression:
                return Parts(binary.Left, sources) | Parts(binary.Right, sources);
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return NamedParts(expression, sources);
            default:
                return Constant(expression) is null && !expression.IsKind(SyntaxKind.NumericLiteralExpression) ? IndexParts.Bounded : IndexParts.None;
        }
    }

    private IndexParts NamedParts(ExpressionSyntax name, HashSet<ISymbol> sources)
    {
        ISymbol? symbol = Symbol(name);
        if (symbol is IPropertySymbol property && CudaKnownTypes.IsGpuDslType(property.ContainingType, KnownNames.Gpu))
        {
            sources.Add(property);
            return property.Name switch
            {
                "ThreadIdx" or "LaneId" => IndexParts.ThreadIndex,
                "BlockIdx" => IndexParts.BlockIndex,
                "BlockDim" => IndexParts.BlockSize,
                _ => IndexParts.None,
            };
        }

        if (symbol is IPropertySymbol { Name: "X" or "Y" or "Z" } component && CudaKnownTypes.IsGpuDslType(component.ContainingType, KnownNames.Dim3) &&
            name is MemberAccessExpressionSyntax access)
        {
            return Parts(access.Expression, sources);
        }

        if (symbol is ILocalSymbol or IParameterSymbol)
        {
            sources.Add(symbol);
            if (_indexes.TryGetValue(symbol, out IndexFacts? facts))
            {
                sources.UnionWith(facts.Sources);
                return facts.Parts;
            }

            return IndexParts.None;
        }

        // A constant, or a span's Length: a number like any other. Anything else cannot be followed.
        return Constant(name) is not null || symbol is IPropertySymbol { Name: "Length" } ? IndexParts.None : IndexParts.Bounded;
    }

    private void ResetIndexes()
    {
        _unguarded.Clear();
        _mentions.Clear(); // what locals read may have grown since the last walk
    }

    /// <summary>What a local is computed from, over every assignment to it.</summary>
    private sealed class IndexFacts
    {
        public IndexParts Parts { get; set; }

        public HashSet<ISymbol> Sources { get; } = new(SymbolEqualityComparer.Default);
    }
}
