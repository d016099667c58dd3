using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Warp collectives in the loop form. Each call of one (a shuffle, a vote, <c>Gpu.SyncWarp</c>, <c>Gpu.ActiveMask()</c>,
/// any intrinsic whose CUDA is a <c>_sync</c> call) is hoisted out of its statement into an exchange on the statement's
/// first line, its arguments evaluated once into temporaries in C#'s order:
/// <code>
/// int a0 = v; int a1 = 16; int w0; CpuLoopForm.Post(); w0 = Gpu.ShuffleXor(a0, a1); yield return CpuLoopForm.Exchange; w0 = Gpu.ShuffleXor(a0, a1);
/// </code>
/// The first call posts the lane's input, the yield waits for the other lanes of the mask, and the second call returns
/// the lane's output (see the runtime's <c>CpuLoopBlock</c>); the statement then reads <c>w0</c> where the call stood.
/// Nothing here knows what a collective computes, so a new one built on the runtime's exchange needs no work here.
/// <see cref="CpuLoopFormShape"/> admits a call only where hoisting keeps the statement's order of evaluation.
/// </summary>
internal sealed partial class CpuLoopFormRewriter
{
    private readonly Dictionary<InvocationExpressionSyntax, string> _hoisted = new();
    private int _temporaries;

    /// <summary>The expressions of <paramref name="statement"/> itself (not of the statements inside it) that it evaluates
    /// first, where a collective may stand; see <see cref="CpuLoopFormShape.HoistRoot"/>.</summary>
    private static IEnumerable<ExpressionSyntax> OwnExpressions(StatementSyntax statement) => statement switch
    {
        ExpressionStatementSyntax expression => new[] { expression.Expression },
        LocalDeclarationStatementSyntax declaration => declaration.Declaration.Variables.Select(v => v.Initializer?.Value).OfType<ExpressionSyntax>(),
        IfStatementSyntax branch => new[] { branch.Condition },
        SwitchStatementSyntax choice => new[] { choice.Expression },
        ReturnStatementSyntax { Expression: { } value } => new[] { value },
        _ => Enumerable.Empty<ExpressionSyntax>(),
    };

    /// <summary>The warp collectives <paramref name="expression"/> calls, in the order C# evaluates them (an argument's
    /// before its call's, the left operand's before the right's): by where each ends.</summary>
    private List<InvocationExpressionSyntax> Collectives(ExpressionSyntax expression) => expression
        .DescendantNodesAndSelf()
        .OfType<InvocationExpressionSyntax>()
        .Where(IsCollective)
        .OrderBy(call => call.Span.End)
        .ToList();

    /// <summary>Whether <paramref name="call"/> is hoisted: a warp collective, or a [Device] method with barriers or
    /// collectives that returns a value (whose loop form the call runs to its end before the statement).</summary>
    private bool IsCollective(InvocationExpressionSyntax call) =>
        Model.GetSymbolInfo(call).Symbol is IMethodSymbol method &&
        (CpuLoopFormShape.Kind(method) == IntrinsicKind.WarpCollective || !method.ReturnsVoid && CpuLoopFormShape.IsBarrierDevice(Model.Compilation, method));

    /// <summary>
    /// The exchanges of the collectives that <paramref name="expressions"/> call, as statements to stand before the
    /// statement that holds them (on its first line); each call is then read as its temporary. A call that is the whole
    /// of <paramref name="whole"/> keeps no temporary: its exchange replaces the statement.
    /// </summary>
    private List<StatementSyntax> Hoist(IEnumerable<ExpressionSyntax> expressions, ExpressionStatementSyntax? whole = null)
    {
        List<StatementSyntax> hoisted = new();
        foreach (ExpressionSyntax expression in expressions)
        {
            foreach (InvocationExpressionSyntax call in Collectives(expression))
            {
                hoisted.AddRange(Exchange(call, keepsResult: whole?.Expression != call));
            }
        }

        return hoisted;
    }

    private IEnumerable<StatementSyntax> Exchange(InvocationExpressionSyntax call, bool keepsResult)
    {
        int id = _temporaries++;
        IMethodSymbol method = (IMethodSymbol)Model.GetSymbolInfo(call).Symbol!;
        List<string> statements = new();
        List<string> arguments = new();
        SeparatedSyntaxList<ArgumentSyntax> written = call.ArgumentList.Arguments;
        for (int i = 0; i < written.Count; i++)
        {
            // Evaluated once, in order, before the exchange: the lane's inputs must not change between its two calls. A
            // span, which an iterator cannot keep across a yield, is passed as written (the shape admits only views).
            string name = $"__gpuDslArg{id}_{i}";
            ITypeSymbol type = CallArguments.Parameter(written[i], i, method.Parameters)?.Type ?? Model.GetTypeInfo(written[i].Expression).ConvertedType!;
            string value = OneLine(Visit(written[i].Expression)!);
            if (type.IsRefLikeType)
            {
                name = value;
            }
            else
            {
                statements.Add($"{type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)} {name} = {value};");
            }

            arguments.Add((written[i].NameColon is { } named ? named.Name.Identifier.ValueText + ": " : "") + name);
        }

        if (CpuLoopFormShape.Kind(method) != IntrinsicKind.WarpCollective)
        {
            // A [Device] method with barriers that returns a value: its loop form runs to its end here, its barriers and
            // collectives yielded as this method's own, and leaves its value in the result passed to it.
            string holder = $"__gpuDslWarp{id}";
            string type = $"{LoopResult}<{method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}>";
            arguments.Add($"{ResultParameter}: {holder}");
            statements.Add($"{type} {holder} = new {type}();");
            statements.Add($"foreach (int __gpuDslPoint in {OneLine(Looped(call.Expression, method))}({string.Join(", ", arguments)})) yield return __gpuDslPoint;");
            _hoisted[call] = holder + ".Value";
            return statements.Select(s => SyntaxFactory.ParseStatement(s).WithLeadingTrivia(SyntaxFactory.Space));
        }

        string invocation = $"{OneLine(Visit(call.Expression)!)}({string.Join(", ", arguments)})";
        string result = $"__gpuDslWarp{id}";
        string read = invocation;
        if (keepsResult)
        {
            statements.Add($"{method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)} {result};");
            read = $"{result} = {invocation}";
            _hoisted[call] = result;
        }

        statements.Add($"{LoopForm}.Post();");
        statements.Add($"{read};");
        statements.Add($"yield return {LoopForm}.Exchange;");
        statements.Add($"{read};");
        return statements.Select(s => SyntaxFactory.ParseStatement(s).WithLeadingTrivia(SyntaxFactory.Space));
    }

    /// <summary>A hoisted collective's temporary where the call stood, with the call's line breaks, so that the lines after
    /// it keep their numbers.</summary>
    private SyntaxNode? Hoisted(InvocationExpressionSyntax node)
    {
        if (!_hoisted.TryGetValue(node, out string? name))
        {
            return null;
        }

        int breaks = node.ToString().Count(c => c == '\n');
        IEnumerable<SyntaxTrivia> trailing = Enumerable.Repeat(SyntaxFactory.EndOfLine("\n"), breaks).Concat(node.GetTrailingTrivia());
        return SyntaxFactory.ParseExpression(name).WithLeadingTrivia(node.GetLeadingTrivia()).WithTrailingTrivia(trailing);
    }

    /// <summary><paramref name="node"/>'s text on one line: its line breaks and comments become spaces.</summary>
    private static string OneLine(SyntaxNode node)
    {
        IEnumerable<SyntaxTrivia> breaks = node.DescendantTrivia(descendIntoTrivia: true).Where(t =>
            t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
        return node.ReplaceTrivia(breaks, (_, _) => SyntaxFactory.Space).ToString();
    }

    /// <summary>
    /// <paramref name="statement"/> as the loop form writes it: the exchanges of its collectives first, then the statement
    /// reading their results (or nothing more, when the statement was one collective call); the exchanges take the
    /// statement's leading trivia, so the whole stays on its lines.
    /// </summary>
    private IEnumerable<StatementSyntax> WithExchanges(StatementSyntax statement, System.Func<StatementSyntax, IEnumerable<StatementSyntax>> visit)
    {
        ExpressionStatementSyntax? whole = statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } single && IsCollective(call) ? single : null;
        List<StatementSyntax> hoisted = Hoist(OwnExpressions(statement), whole);
        if (hoisted.Count == 0)
        {
            return visit(statement);
        }

        hoisted[0] = hoisted[0].WithLeadingTrivia(statement.GetLeadingTrivia());
        if (whole is not null)
        {
            hoisted[hoisted.Count - 1] = hoisted[hoisted.Count - 1].WithTrailingTrivia(statement.GetTrailingTrivia());
            return hoisted;
        }

        List<StatementSyntax> rest = visit(statement).ToList();
        rest[0] = rest[0].WithLeadingTrivia(SyntaxFactory.Space);
        hoisted.AddRange(rest);
        return hoisted;
    }

    /// <summary>An embedded statement (an <c>if</c>'s or a loop's body without braces, an <c>else if</c>) with exchanges
    /// to hoist becomes a block of them and it, on the same lines.</summary>
    private StatementSyntax Embedded(StatementSyntax statement, System.Func<StatementSyntax, IEnumerable<StatementSyntax>> visit)
    {
        List<StatementSyntax> statements = WithExchanges(statement, visit).ToList();
        if (statements.Count == 1)
        {
            return statements[0];
        }

        SyntaxTriviaList trailing = statements[statements.Count - 1].GetTrailingTrivia();
        statements[statements.Count - 1] = statements[statements.Count - 1].WithoutTrailingTrivia();
        statements[0] = statements[0].WithLeadingTrivia(SyntaxFactory.Space);
        return SyntaxFactory.Block(statements)
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(statement.GetLeadingTrivia()))
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(trailing));
    }
}
