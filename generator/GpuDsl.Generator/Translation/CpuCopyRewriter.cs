using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Syntax;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Writes a GPU method's checked copy for the CPU backend. In checked mode the CPU backend runs the copy instead of the
/// method, because a span's own <see cref="System.IndexOutOfRangeException"/> does not say which index was wrong. The
/// copy is the method as written, renamed <c>Name__CpuChecked</c>, with two changes: each span index goes through
/// <c>CheckedSpan.At</c>, which reports the index, the length and the line (and tells the race check reads from
/// writes), and each call of a copied <c>[Device]</c> method calls its copy. A <c>#line</c> directive maps the copy back
/// to the method's own lines, so breakpoints in the method stop in the copy, and stack traces show the method's lines.
/// </summary>
/// <remarks>
/// Line for line: the replacements keep every line break of the original, so one directive maps the whole method.
/// The copy sits next to the original, in the same (partial) type, under the same using directives, so every name in
/// it means what it means in the original and every member it reaches is accessible. A <c>[Device]</c> method whose
/// type is not partial therefore has no copy: calls to it run the method itself, unchecked.
/// </remarks>
internal class CpuCopyRewriter : CSharpSyntaxRewriter
{
    /// <summary>What a copy's name adds to the method's.</summary>
    public const string Suffix = "__CpuChecked";

    private const string CheckedSpan = "global::GpuDsl.CompilerServices.CheckedSpan";
    private const string SpanAccess = "global::GpuDsl.CompilerServices.SpanAccess";

    private readonly SemanticModel _model;
    private readonly string _function;
    private readonly bool _isKernel;
    private readonly string _file;
    private readonly bool _checkIndexes;

    /// <param name="model">The semantic model of the method's tree.</param>
    /// <param name="function">The method as messages name it, <c>Class.Method</c>.</param>
    /// <param name="isKernel">Whether the method is a kernel.</param>
    /// <param name="file">The C# file name, without its directory.</param>
    /// <param name="checkIndexes">Whether span indexes go through <c>CheckedSpan</c> and calls go to the checked copies;
    /// a copy for unchecked builds (the loop form, see <see cref="CpuLoopFormRewriter"/>) keeps both as written.</param>
    protected CpuCopyRewriter(SemanticModel model, string function, bool isKernel, string file, bool checkIndexes = true)
    {
        _model = model;
        _function = function;
        _isKernel = isKernel;
        _file = file;
        _checkIndexes = checkIndexes;
    }

    /// <summary>The semantic model of the method's tree.</summary>
    protected SemanticModel Model => _model;

    /// <summary>
    /// Whether <paramref name="method"/> gets a copy: a static <c>[Kernel]</c> or <c>[Device]</c> method with a body,
    /// declared in this compilation in types that are all partial. Callers use the same test to call the copy.
    /// </summary>
    public static bool CanCopy(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        if (!method.IsStatic || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null ||
            !(KnownNames.IsKernel(method) || KnownNames.IsDevice(method)) ||
            method.DeclaringSyntaxReferences.Length != 1 ||
            method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax { Body: not null } and not MethodDeclarationSyntax { ExpressionBody: not null })
        {
            return false;
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The checked copy of <paramref name="syntax"/>, which <see cref="CanCopy"/> accepts.</summary>
    public static CpuCopyModel Copy(SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, ContainingTypeModel type, bool isKernel)
    {
        string path = syntax.SyntaxTree.FilePath;
        CpuCopyRewriter rewriter = new(model, $"{method.ContainingType.Name}.{method.Name}", isKernel, Path.GetFileName(path));
        MethodDeclarationSyntax copy = syntax
            .WithBody((BlockSyntax?)rewriter.Visit(syntax.Body))
            .WithExpressionBody((ArrowExpressionClauseSyntax?)rewriter.Visit(syntax.ExpressionBody))
            .WithIdentifier(SyntaxFactory.Identifier(syntax.Identifier.LeadingTrivia, syntax.Identifier.ValueText + Suffix, syntax.Identifier.TrailingTrivia));
        return CopyModel(syntax, copy, type, isKernel);
    }

    /// <summary>
    /// The model of <paramref name="copy"/>, a rewritten <paramref name="syntax"/> that keeps its line breaks: its text
    /// from the return type on under a <c>#line</c> directive to the method's lines, and where it goes.
    /// </summary>
    protected static CpuCopyModel CopyModel(MethodDeclarationSyntax syntax, MethodDeclarationSyntax copy, ContainingTypeModel type, bool isKernel)
    {
        string path = syntax.SyntaxTree.FilePath;

        // From the return type on, the copy is the rewritten text; before it, the modifiers are rewritten and the
        // attributes and comments dropped. The copy starts on the return type's line, which the directive names.
        SyntaxToken start = syntax.ReturnType.GetFirstToken();
        int line = start.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        string indent = new(' ', syntax.Modifiers.Count > 0 ? Column(syntax.Modifiers[0]) : Column(start));
        string text = copy.ToFullString();
        text = text.Substring(copy.ReturnType.GetFirstToken().SpanStart - copy.FullSpan.Start).TrimEnd();
        string modifiers = string.Join(" ", Modifiers(syntax.Modifiers, isKernel));
        string directive = path.Length == 0 || path.IndexOfAny(new[] { '"', '\n', '\r' }) >= 0
            ? ""
            : $"#line {line.ToString(CultureInfo.InvariantCulture)} \"{path}\"\n";
        string copyText = $"{directive}{indent}{modifiers}{(modifiers.Length > 0 ? " " : "")}{text}\n#line default";

        CompilationUnitSyntax unit = (CompilationUnitSyntax)syntax.SyntaxTree.GetRoot();
        List<NamespaceScopeModel> namespaces = syntax.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse()
            .Select(n => new NamespaceScopeModel(n.Name.ToString(), Directives(n.Externs, n.Usings)))
            .ToList();
        return new CpuCopyModel(path, syntax.SpanStart, Directives(unit.Externs, unit.Usings), namespaces.ToEquatableArray(), type, copyText);
    }

    public override SyntaxNode? VisitElementAccessExpression(ElementAccessExpressionSyntax node)
    {
        string? at = _checkIndexes ? SpanIndexer(node) : null;
        string access = at is null ? "" : Access(node);
        ElementAccessExpressionSyntax visited = (ElementAccessExpressionSyntax)base.VisitElementAccessExpression(node)!;
        if (at is null)
        {
            return visited;
        }

        // span[index] becomes CheckedSpan.At(span, index, access, site...), every trivia (line breaks too) kept: what
        // followed the '[' follows the span, so a line break there stays after it.
        int line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        BracketedArgumentListSyntax brackets = visited.ArgumentList;
        SyntaxToken comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
        SyntaxToken afterSpan = SyntaxFactory.Token(SyntaxKind.CommaToken)
            .WithTrailingTrivia(brackets.OpenBracketToken.TrailingTrivia.Count > 0 ? brackets.OpenBracketToken.TrailingTrivia : SyntaxFactory.TriviaList(SyntaxFactory.Space));
        // The index, or a 2D span's row and column, with the comma between them as written.
        SeparatedSyntaxList<ArgumentSyntax> arguments = SyntaxFactory.SeparatedList<ArgumentSyntax>(new SyntaxNodeOrToken[]
        {
            SyntaxFactory.Argument(visited.Expression.WithoutLeadingTrivia()), afterSpan,
        }.Concat(InParameterOrder(node, brackets.Arguments).GetWithSeparators()).Concat(new SyntaxNodeOrToken[]
        {
            comma,
            SyntaxFactory.Argument(SyntaxFactory.ParseExpression($"{SpanAccess}.{access}")), comma,
            SyntaxFactory.Argument(String(_function)), comma,
            SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(_isKernel ? SyntaxKind.TrueLiteralExpression : SyntaxKind.FalseLiteralExpression)), comma,
            SyntaxFactory.Argument(String(_file)), comma,
            SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(line))),
        }));
        return SyntaxFactory.InvocationExpression(
            SyntaxFactory.ParseExpression($"{CheckedSpan}.{at}").WithLeadingTrivia(visited.Expression.GetLeadingTrivia()),
            SyntaxFactory.ArgumentList(
                SyntaxFactory.Token(brackets.OpenBracketToken.LeadingTrivia, SyntaxKind.OpenParenToken, default),
                arguments,
                SyntaxFactory.Token(brackets.CloseBracketToken.LeadingTrivia, SyntaxKind.CloseParenToken, brackets.CloseBracketToken.TrailingTrivia)));
    }

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        bool callsCopy = _checkIndexes && _model.GetSymbolInfo(node).Symbol is IMethodSymbol target && CanCopy(target);
        InvocationExpressionSyntax visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        return callsCopy ? visited.WithExpression(Renamed(visited.Expression)) : visited;
    }

    /// <summary>
    /// The indexes in the indexer's order without their names: <c>m[column: c, row: r]</c> gives <c>r, c</c>, as
    /// <c>CheckedSpan.At</c> takes them after the span. (C# would evaluate them in the order written; GPU code does not
    /// promise an order either.)
    /// </summary>
    private SeparatedSyntaxList<ArgumentSyntax> InParameterOrder(ElementAccessExpressionSyntax node, SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        if (!arguments.Any(a => a.NameColon is not null) || _model.GetSymbolInfo(node).Symbol is not IPropertySymbol indexer)
        {
            return arguments;
        }

        IEnumerable<ArgumentSyntax> ordered = arguments
            .Select((a, i) => (Argument: a, Position: indexer.Parameters.IndexOf(CallArguments.Parameter(node.ArgumentList.Arguments[i], i, indexer.Parameters)!)))
            .OrderBy(a => a.Position)
            .Select(a => a.Argument.WithNameColon(null).WithLeadingTrivia(a.Argument.GetLeadingTrivia()));
        return SyntaxFactory.SeparatedList(ordered, arguments.GetSeparators());
    }

    /// <summary>
    /// <c>At</c> or <c>AtReadOnly</c> for an index into a span by <c>int</c>, or a 2D span's <c>[row, column]</c>;
    /// <see langword="null"/> for anything else.
    /// </summary>
    private string? SpanIndexer(ElementAccessExpressionSyntax node)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = node.ArgumentList.Arguments;
        if (_model.GetTypeInfo(node.Expression).Type is IArrayTypeSymbol { Rank: 1 })
        {
            // A per-thread array (float[] a = new float[8]): checked as a span of its length.
            return arguments.Count == 1 && arguments[0].RefKindKeyword.IsKind(SyntaxKind.None) && arguments[0].NameColon is null &&
                   _model.GetTypeInfo(arguments[0].Expression).ConvertedType?.SpecialType == SpecialType.System_Int32
                ? "At"
                : null;
        }

        if (_model.GetSymbolInfo(node).Symbol is not IPropertySymbol { IsIndexer: true } indexer ||
            indexer.Parameters.Length != arguments.Count ||
            arguments.Select((a, i) => (Argument: a, Position: i)).Any(a => CallArguments.Parameter(a.Argument, a.Position, indexer.Parameters) is null ||
                               !a.Argument.RefKindKeyword.IsKind(SyntaxKind.None) ||
                               _model.GetTypeInfo(a.Argument.Expression).ConvertedType?.SpecialType != SpecialType.System_Int32) ||
            indexer.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_Int32))
        {
            return null; // ^i and ranges go through other indexers; GPU code rejects them anyway.
        }

        bool readOnly = false;
        bool indexable = arguments.Count switch
        {
            1 => CudaKnownTypes.IsSpan(indexer.ContainingType, out _, out readOnly),
            2 => CudaKnownTypes.IsSpan2D(indexer.ContainingType, out _, out readOnly),
            3 => CudaKnownTypes.IsSpan3D(indexer.ContainingType, out _, out readOnly),
            _ => false,
        };
        return !indexable ? null : readOnly ? "AtReadOnly" : "At";
    }

    /// <summary>What the code around an element does with it: the <c>SpanAccess</c> member's name.</summary>
    private string Access(ElementAccessExpressionSyntax node)
    {
        SyntaxNode current = node;
        while (true)
        {
            switch (current.Parent)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    current = parenthesized;
                    continue;
                case MemberAccessExpressionSyntax member when member.Expression == current:
                    if (member.Parent is InvocationExpressionSyntax call && call.Expression == member)
                    {
                        return "Reference"; // A method of the element may change it.
                    }

                    // A field of the element is only part of its bytes: noting the whole element would make two threads
                    // that use different fields of one struct look like a race. Left to the race check's byte comparison,
                    // which sees exactly which bytes a write changed (reads of fields are not seen).
                    return _model.GetSymbolInfo(member).Symbol is IFieldSymbol ? "Reference" : "Read";
                case ArgumentSyntax { Parent: TupleExpressionSyntax tuple }:
                    current = tuple; // (s[i], s[j]) = (a, b) writes both.
                    continue;
                case AssignmentExpressionSyntax assignment when assignment.Left == current:
                    return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) ? "Write" : "ReadWrite";
                case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax
                    when current.Parent.IsKind(SyntaxKind.PreIncrementExpression) || current.Parent.IsKind(SyntaxKind.PreDecrementExpression) ||
                         current.Parent.IsKind(SyntaxKind.PostIncrementExpression) || current.Parent.IsKind(SyntaxKind.PostDecrementExpression):
                    return "ReadWrite";
                case ArgumentSyntax argument:
                    return argument.RefKindKeyword.Kind() switch
                    {
                        SyntaxKind.OutKeyword => "Write",
                        SyntaxKind.RefKeyword => IsAtomic(argument) ? "Atomic" : "Reference",
                        _ => "Read",
                    };
                case RefExpressionSyntax:
                    return "Reference";
                default:
                    return "Read";
            }
        }
    }

    /// <summary>Whether <paramref name="argument"/> goes to an atomic operation: <c>Gpu.Atomic*</c> or <c>Interlocked</c>.</summary>
    private bool IsAtomic(ArgumentSyntax argument) =>
        argument.Parent?.Parent is InvocationExpressionSyntax call &&
        _model.GetSymbolInfo(call).Symbol is IMethodSymbol method &&
        CudaIntrinsicKinds.Of(method) == IntrinsicKind.Atomic;

    private static ExpressionSyntax Renamed(ExpressionSyntax callee) => callee switch
    {
        IdentifierNameSyntax name => name.WithIdentifier(Suffixed(name.Identifier)),
        GenericNameSyntax name => name.WithIdentifier(Suffixed(name.Identifier)),
        MemberAccessExpressionSyntax access => access.WithName((SimpleNameSyntax)Renamed(access.Name)),
        _ => callee,
    };

    private static SyntaxToken Suffixed(SyntaxToken identifier) =>
        SyntaxFactory.Identifier(identifier.LeadingTrivia, identifier.ValueText + Suffix, identifier.TrailingTrivia);

    /// <summary>
    /// The copy's modifiers: a kernel's copy is private (only its CPU launcher calls it); a device method's keeps its
    /// accessibility, but internal rather than public, as no other assembly calls it. Modifiers that would make the copy
    /// hide, override or implement something are dropped.
    /// </summary>
    private static IEnumerable<string> Modifiers(SyntaxTokenList modifiers, bool isKernel) =>
        Accessibility(modifiers, isKernel).Concat(modifiers
            .Where(m => !IsAccessibility(m) && !m.IsKind(SyntaxKind.NewKeyword) && !m.IsKind(SyntaxKind.PartialKeyword) &&
                        !m.IsKind(SyntaxKind.VirtualKeyword) && !m.IsKind(SyntaxKind.OverrideKeyword) && !m.IsKind(SyntaxKind.SealedKeyword) &&
                        !m.IsKind(SyntaxKind.AbstractKeyword) && !m.IsKind(SyntaxKind.ExternKeyword))
            .Select(m => m.Text));

    private static IEnumerable<string> Accessibility(SyntaxTokenList modifiers, bool isKernel)
    {
        if (isKernel)
        {
            return new[] { "private" };
        }

        if (modifiers.Any(SyntaxKind.PublicKeyword) || (modifiers.Any(SyntaxKind.ProtectedKeyword) && modifiers.Any(SyntaxKind.InternalKeyword)))
        {
            return new[] { "internal" };
        }

        return modifiers.Where(IsAccessibility).Select(m => m.Text); // private, internal, protected, private protected, or none
    }

    private static bool IsAccessibility(SyntaxToken modifier) =>
        modifier.IsKind(SyntaxKind.PublicKeyword) || modifier.IsKind(SyntaxKind.InternalKeyword) ||
        modifier.IsKind(SyntaxKind.ProtectedKeyword) || modifier.IsKind(SyntaxKind.PrivateKeyword);

    private static string Directives(SyntaxList<ExternAliasDirectiveSyntax> externs, SyntaxList<UsingDirectiveSyntax> usings) =>
        string.Join("\n", externs.Select(e => e.ToString())
            .Concat(usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.ToString())));

    private static int Column(SyntaxToken token) => token.GetLocation().GetLineSpan().StartLinePosition.Character;

    private static LiteralExpressionSyntax String(string value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));
}
