using System.Collections.Generic;
using System.IO;
using System.Linq;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Writes a kernel's loop form for the CPU backend: a copy that is a C# iterator, <c>Name__CpuLoop</c>, in which each
/// <c>Gpu.SyncThreads()</c> is a <c>yield return</c> (see the runtime's <c>CpuLoopForm</c>). One OS thread then runs a
/// whole block by advancing each thread's iterator to its next barrier, a loop over the threads between barriers, as
/// POCL's work-group loops do; the C# compiler does the region formation, keeping the locals that live across a
/// barrier in the iterator object (per thread) and turning loops and branches around barriers into its state machine.
/// </summary>
/// <remarks>
/// <para>
/// The other changes follow from the iterator: <c>return;</c> becomes <c>yield break;</c>, and the span locals and
/// parameters, which an iterator cannot keep across a yield, become <c>CpuSpan&lt;T&gt;</c> views (pointer and length)
/// of the same memory; each use of one reads <c>view.AsSpan()</c>, so every span member and every call that takes a span
/// works as written. A block vote, <c>x = Gpu.SyncThreadsCount(p)</c>, yields its predicate and reads the count after.
/// </para>
/// <para>
/// Two copies are written: one for checked builds, whose indexes go through <c>CheckedSpan</c> as the checked copy's
/// do (see <see cref="CpuCopyRewriter"/>), and one that keeps them as written. Both keep every line break, so one
/// <c>#line</c> directive maps them to the kernel's lines. <see cref="CpuLoopFormShape"/> decides which kernels get one.
/// </para>
/// </remarks>
internal sealed partial class CpuLoopFormRewriter : CpuCopyRewriter
{
    /// <summary>What a loop form's name adds to the kernel's.</summary>
    public new const string Suffix = "__CpuLoop";

    private const string LoopForm = "global::GpuDsl.Cpu.CpuLoopForm";

    private const string LoopResult = "global::GpuDsl.Cpu.CpuLoopResult";

    /// <summary>The parameter of a value-returning [Device] method's loop form that receives its value.</summary>
    private const string ResultParameter = "__gpuDslResult";

    private CpuLoopFormRewriter(SemanticModel model, string function, bool isKernel, string file, bool checkIndexes)
        : base(model, function, isKernel, file, checkIndexes)
    {
    }

    /// <summary>
    /// The loop forms of <paramref name="syntax"/>, which <see cref="CpuLoopFormShape"/> accepts: a kernel's is an
    /// enumerator the runtime advances; a <c>[Device]</c> method's an enumerable whose barriers its callers yield on.
    /// </summary>
    public static CpuLoopModel LoopForms(SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, ContainingTypeModel type, bool isKernel) =>
        new(LoopCopy(model, syntax, method, type, isKernel, checkIndexes: true), LoopCopy(model, syntax, method, type, isKernel, checkIndexes: false));

    private static CpuCopyModel LoopCopy(SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, ContainingTypeModel type, bool isKernel, bool checkIndexes)
    {
        CpuLoopFormRewriter rewriter = new(model, $"{method.ContainingType.Name}.{method.Name}", isKernel, Path.GetFileName(syntax.SyntaxTree.FilePath), checkIndexes);
        string returnType = isKernel ? "global::System.Collections.Generic.IEnumerator<int>" : "global::System.Collections.Generic.IEnumerable<int>";
        ParameterListSyntax parameters = (ParameterListSyntax)rewriter.VisitParameterList(syntax.ParameterList)!;
        if (!method.ReturnsVoid)
        {
            // An iterator returns no value: the caller passes where to leave it (see VisitReturnStatement).
            parameters = parameters.AddParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier(ResultParameter))
                .WithType(SyntaxFactory.ParseTypeName($"{LoopResult}<{method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}> "))
                .WithLeadingTrivia(parameters.Parameters.Count > 0 ? SyntaxFactory.Space : default));
        }

        MethodDeclarationSyntax copy = syntax
            .WithBody((BlockSyntax?)rewriter.Visit(syntax.Body))
            .WithParameterList(parameters)
            .WithReturnType(SyntaxFactory.ParseTypeName(returnType).WithTriviaFrom(syntax.ReturnType))
            .WithIdentifier(SyntaxFactory.Identifier(syntax.Identifier.LeadingTrivia, syntax.Identifier.ValueText + Suffix, syntax.Identifier.TrailingTrivia));
        return CopyModel(syntax, copy, type, isKernel);
    }

    /// <summary>
    /// The statement that holds <paramref name="barrier"/> as the loop form can split it: <c>Gpu.SyncThreads();</c> or
    /// a vote as a statement of its own, <c>x = Gpu.SyncThreadsCount(p);</c>, or the one initializer of a declaration
    /// that stands in a block; <see langword="null"/> when it stands anywhere else.
    /// </summary>
    public static StatementSyntax? BarrierStatement(InvocationExpressionSyntax barrier) => barrier.Parent switch
    {
        ExpressionStatementSyntax statement => statement,
        AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax, Parent: ExpressionStatementSyntax statement } assignment
            when assignment.Right == barrier => statement,
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax } statement } } } => statement,
        _ => null,
    };

    public override SyntaxNode? VisitBlock(BlockSyntax node) =>
        node.WithStatements(SyntaxFactory.List(node.Statements.SelectMany(s => WithExchanges(s, InList))));

    public override SyntaxNode? VisitSwitchSection(SwitchSectionSyntax node) =>
        node.WithLabels(SyntaxFactory.List(node.Labels.Select(l => (SwitchLabelSyntax)Visit(l)!)))
            .WithStatements(SyntaxFactory.List(node.Statements.SelectMany(s => WithExchanges(s, InList))));

    public override SyntaxNode? Visit(SyntaxNode? node) =>
        node is StatementSyntax statement and not BlockSyntax && statement.Parent is not (BlockSyntax or SwitchSectionSyntax)
            ? Embedded(statement, s => new[] { (StatementSyntax)base.Visit(s)! })
            : base.Visit(node);

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node) =>
        Hoisted(node) ?? base.VisitInvocationExpression(node);

    /// <summary>A statement of a block or a switch section: a vote that initializes a declaration becomes two
    /// statements, so it is split here, where a list holds them.</summary>
    private IEnumerable<StatementSyntax> InList(StatementSyntax statement)
    {
        if (statement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } declaration &&
            declaration.Declaration.Variables[0] is { Initializer.Value: InvocationExpressionSyntax call } declarator &&
            Barrier(call) is { } barrier)
        {
            VariableDeclaratorSyntax result = declarator.WithInitializer(declarator.Initializer!.WithValue(Result(barrier).WithTriviaFrom(call)));
            LocalDeclarationStatementSyntax rest = declaration.WithDeclaration(declaration.Declaration
                .WithType(Retyped(declaration.Declaration.Type))
                .WithVariables(SyntaxFactory.SingletonSeparatedList(result)));
            return new[] { Yield(call, barrier).WithLeadingTrivia(declaration.GetLeadingTrivia()), rest.WithLeadingTrivia(SyntaxFactory.Space) };
        }

        return new[] { (StatementSyntax)base.Visit(statement)! };
    }

    public override SyntaxNode? VisitExpressionStatement(ExpressionStatementSyntax node)
    {
        switch (node.Expression)
        {
            case InvocationExpressionSyntax call when Barrier(call) is { } barrier:
                return Yield(call, barrier).WithTriviaFrom(node);
            case InvocationExpressionSyntax call when Model.GetSymbolInfo(call).Symbol is IMethodSymbol target && CpuLoopFormShape.IsBarrierDevice(Model.Compilation, target):
                // The callee's loop form, run to its end, its barriers yielded as this method's own (on the call's line).
                ArgumentListSyntax arguments = (ArgumentListSyntax)VisitArgumentList(call.ArgumentList)!;
                ExpressionSyntax callee = Looped(call.Expression, target);
                return SyntaxFactory.ParseStatement(
                        $"foreach (int __gpuDslPoint in {callee.ToFullString().Trim()}{arguments.ToFullString().Trim()}) yield return __gpuDslPoint;")
                    .WithTriviaFrom(node);
            case AssignmentExpressionSyntax { Right: InvocationExpressionSyntax call } assignment when Barrier(call) is { } barrier:
                // { yield return vote; x = count; } on the statement's line: a block is a statement wherever one was.
                AssignmentExpressionSyntax result = assignment.WithRight(Result(barrier).WithTriviaFrom(call));
                return SyntaxFactory.Block(Yield(call, barrier), SyntaxFactory.ExpressionStatement(result).WithLeadingTrivia(SyntaxFactory.Space))
                    .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space))
                    .WithTriviaFrom(node);
            default:
                return base.VisitExpressionStatement(node);
        }
    }

    public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
    {
        if (node.Expression is null)
        {
            return SyntaxFactory.ParseStatement("yield break;").WithTriviaFrom(node);
        }

        // { __gpuDslResult.Value = value; yield break; } on the statement's lines: a block stands wherever it did.
        ExpressionSyntax value = (ExpressionSyntax)Visit(node.Expression)!;
        return SyntaxFactory.Block(
                SyntaxFactory.ParseStatement($"{ResultParameter}.Value = {value.ToFullString().Trim()};"),
                SyntaxFactory.ParseStatement("yield break;").WithLeadingTrivia(SyntaxFactory.Space))
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space))
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space))
            .WithTriviaFrom(node);
    }

    public override SyntaxNode? VisitParameter(ParameterSyntax node) =>
        node.Type is { } type && Model.GetDeclaredSymbol(node) is { } parameter && CpuLoopFormShape.IsSpan(parameter.Type)
            ? node.WithType(View(parameter.Type).WithTriviaFrom(type))
            : base.VisitParameter(node);

    public override SyntaxNode? VisitVariableDeclaration(VariableDeclarationSyntax node)
    {
        VariableDeclarationSyntax visited = (VariableDeclarationSyntax)base.VisitVariableDeclaration(node)!;
        return visited.WithType(Retyped(node.Type));
    }

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        // A span local or parameter is a view in the loop form; each read of it is a span again. An assignment to one
        // stays an assignment to the view (the span assigned converts to it).
        bool isTarget = node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node;
        bool isName = node.Parent is MemberAccessExpressionSyntax access && access.Name == node;
        if (isTarget || isName || Model.GetSymbolInfo(node).Symbol is not (ILocalSymbol or IParameterSymbol) ||
            !CpuLoopFormShape.IsSpan(Model.GetTypeInfo(node).Type))
        {
            return base.VisitIdentifierName(node);
        }

        return SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, node.WithoutTrivia(), SyntaxFactory.IdentifierName("AsSpan")))
            .WithTriviaFrom(node);
    }

    public override SyntaxNode? VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
    {
        // A thread's stackalloc array must outlive the barriers between its uses, which an iterator's frame does not.
        ArrayTypeSyntax array = (ArrayTypeSyntax)node.Type;
        ExpressionSyntax length = (ExpressionSyntax)Visit(array.RankSpecifiers[0].Sizes[0])!;
        string element = Model.GetTypeInfo(array.ElementType).Type?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) ?? array.ElementType.ToString();
        return SyntaxFactory.ParseExpression($"{LoopForm}.Local<{element}>({length.ToFullString().Trim()})").WithTriviaFrom(node);
    }

    /// <summary>The callee's name with the loop form's suffix and, for a generic method, its type arguments.</summary>
    internal static ExpressionSyntax Looped(ExpressionSyntax callee, IMethodSymbol target)
    {
        string name = target.Name + Suffix + (target.IsGenericMethod
            ? "<" + string.Join(", ", System.Linq.Enumerable.Select(target.TypeArguments, t => t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ">"
            : "");
        SimpleNameSyntax looped = (SimpleNameSyntax)SyntaxFactory.ParseName(name);
        return callee switch
        {
            MemberAccessExpressionSyntax access => access.WithName(looped),
            _ => looped.WithTriviaFrom(callee),
        };
    }

    /// <summary>The declared type, or its view when it declares spans.</summary>
    private TypeSyntax Retyped(TypeSyntax type) =>
        Model.GetTypeInfo(type).Type is { } declared && CpuLoopFormShape.IsSpan(declared) ? View(declared).WithTriviaFrom(type) : type;

    private static TypeSyntax View(ITypeSymbol span)
    {
        CudaKnownTypes.IsSpan(span, out ITypeSymbol element, out bool readOnly);
        string name = readOnly ? "CpuReadOnlySpan" : "CpuSpan";
        return SyntaxFactory.ParseTypeName($"global::GpuDsl.Cpu.{name}<{element.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}>");
    }

    /// <summary>The name of the block barrier <paramref name="call"/> calls, or <see langword="null"/>.</summary>
    private string? Barrier(InvocationExpressionSyntax call) =>
        Model.GetSymbolInfo(call).Symbol is IMethodSymbol method && CpuLoopFormShape.Kind(method) == IntrinsicKind.BlockBarrier ? method.Name : null;

    /// <summary><c>yield return</c> of the barrier's point: a plain barrier, or a vote with its predicate.</summary>
    private StatementSyntax Yield(InvocationExpressionSyntax call, string barrier)
    {
        if (barrier == "SyncThreads" || call.ArgumentList.Arguments.Count == 0)
        {
            return SyntaxFactory.ParseStatement($"yield return {LoopForm}.Barrier;");
        }

        // Parsed from text so that a predicate written over several lines keeps its line breaks (and #line its lines).
        ExpressionSyntax predicate = (ExpressionSyntax)Visit(call.ArgumentList.Arguments[0].Expression)!;
        return SyntaxFactory.ParseStatement($"yield return {LoopForm}.BarrierVoting({predicate.ToFullString().Trim()});");
    }

    /// <summary>What a vote returns, read after the barrier.</summary>
    private static ExpressionSyntax Result(string barrier) => SyntaxFactory.ParseExpression(barrier switch
    {
        "SyncThreadsAnd" => $"{LoopForm}.VotedAll",
        "SyncThreadsOr" => $"{LoopForm}.VotedAny",
        _ => $"{LoopForm}.Votes",
    });
}
