using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Whether a kernel's body can become a C# iterator with its barriers as <c>yield return</c>s (the loop form, see
/// <see cref="CpuLoopFormRewriter"/>), and if not, why. The rules keep out what an iterator cannot hold across a yield
/// (ref locals, ref structs other than spans, stackalloc, unsafe code), barriers where a yield cannot stand (inside an
/// expression other than the few forms the rewriter splits, in a lambda), and spans whose memory may move (a span over a
/// per-thread array), which the pointer views the loop form keeps them in could not follow.
/// </summary>
internal static class CpuLoopFormShape
{
    /// <summary>Why <paramref name="syntax"/> has no loop form, or <see langword="null"/> when it can have one.</summary>
    public static string? WhyNot(SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method)
    {
        if (syntax.Body is null)
        {
            return "an expression body";
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType.IsRefLikeType)
        {
            return "a [Device] method with barriers that returns by reference or a span";
        }

        if (method.IsGenericMethod && !KnownNames.IsKernel(method))
        {
            return "a generic [Device] method with barriers";
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                return $"parameter '{parameter.Name}' is passed by reference";
            }

            if (parameter.Type.IsRefLikeType && !IsSpan(parameter.Type))
            {
                return $"parameter '{parameter.Name}' is a {parameter.Type.Name}, which the loop form does not view yet";
            }
        }

        bool barriers = false;
        foreach (SyntaxNode node in syntax.Body.DescendantNodes())
        {
            string? why = node switch
            {
                StackAllocArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 }, Parent: EqualsValueClauseSyntax } => null,
                StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax =>
                    "a stackalloc other than 'Span<T> name = stackalloc T[length];'",
                UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax => "unsafe code",
                RefTypeSyntax or RefExpressionSyntax => "a ref local",
                AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax => "a lambda or local function",
                YieldStatementSyntax => "a yield statement",
                CommonForEachStatementSyntax loop when model.GetTypeInfo(loop.Expression).Type is { IsRefLikeType: true } =>
                    "a foreach over a span",
                InvocationExpressionSyntax call => Call(model, call, ref barriers),
                IdentifierNameSyntax name => Use(model, name),
                VariableDeclaratorSyntax declarator => Declared(model, declarator),
                SingleVariableDesignationSyntax designation when model.GetDeclaredSymbol(designation) is ILocalSymbol { Type.IsRefLikeType: true } =>
                    "a span declared in a pattern or out variable",
                AssignmentExpressionSyntax assignment when IsSpanLocal(model, assignment.Left) && !IsPinned(model, assignment.Right) =>
                    "a span over memory that may move (a per-thread array)",
                _ => null,
            };
            if (why is not null)
            {
                return why;
            }
        }

        return barriers ? null : "no Gpu.SyncThreads() of its own";
    }

    /// <summary>Whether <paramref name="type"/> is <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c>.</summary>
    public static bool IsSpan(ITypeSymbol? type) => type is not null && CudaKnownTypes.IsSpan(type, out _, out _);

    /// <summary>The kind of <paramref name="method"/> as a collective: a block barrier, a warp collective, or neither.</summary>
    public static IntrinsicKind Kind(IMethodSymbol method)
    {
        IntrinsicKind kind = CudaIntrinsicKinds.Of(method);
        return kind == IntrinsicKind.None && method.ContainingType?.ToDisplayString() == "GpuDsl.Gpu" && method.Name is "ActiveMask" or "SyncWarp"
            ? IntrinsicKind.WarpCollective
            : kind;
    }

    /// <summary>
    /// Whether <paramref name="method"/> waits at a block barrier or a warp collective, itself or through the
    /// <c>[Device]</c> methods it calls: then a call of it is a barrier too.
    /// </summary>
    public static bool HasBarriers(Compilation compilation, IMethodSymbol method) => DeviceCalls.Reach(compilation, method,
        target => Kind(target) is IntrinsicKind.BlockBarrier or IntrinsicKind.WarpCollective or IntrinsicKind.GridBarrier);

    /// <summary>Whether <paramref name="target"/> is a <c>[Device]</c> method that waits at barriers (see <see cref="HasBarriers(Compilation, IMethodSymbol)"/>).</summary>
    public static bool IsBarrierDevice(Compilation compilation, IMethodSymbol target) =>
        KnownNames.IsDevice((target.ReducedFrom ?? target).OriginalDefinition) && HasBarriers(compilation, target);

    /// <summary>Why a <c>[Device]</c> method with barriers has no loop form, which its callers' loop forms would call.</summary>
    private static string? CalleeWhyNot(Compilation compilation, IMethodSymbol callee)
    {
        callee = (callee.ReducedFrom ?? callee).OriginalDefinition;
        MethodDeclarationSyntax syntax = (MethodDeclarationSyntax)callee.DeclaringSyntaxReferences[0].GetSyntax(); // CanCopy said so
        return WhyNot(compilation.GetSemanticModel(syntax.SyntaxTree), syntax, callee);
    }

    private static string? Call(SemanticModel model, InvocationExpressionSyntax call, ref bool barriers)
    {
        if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol method)
        {
            return null;
        }

        if (IsBarrierDevice(model.Compilation, method))
        {
            // The call runs the callee's loop form to its end, yielding its barriers as the caller's own.
            barriers = true;
            return call.Parent is not ExpressionStatementSyntax && (method.ReturnsVoid || CollectiveWhyNot(model, call, method) is not null)
                    ? $"a call of [Device] {method.Name}, which has barriers, where the loop form cannot hoist it ({CollectiveWhyNot(model, call, method) ?? "inside an expression"})"
                : !CpuCopyRewriter.CanCopy(method) ? $"[Device] {method.Name} has barriers but no C# copy (a type around it is not partial)"
                : CalleeWhyNot(model.Compilation, method) is { } why ? $"[Device] {method.Name}: {why}"
                : call.ArgumentList.Arguments.Any(a => IsSpan(model.GetTypeInfo(a.Expression).ConvertedType) && !IsPinned(model, a.Expression))
                    ? "a span over memory that may move (a per-thread array)"
                : null;
        }

        switch (Kind(method))
        {
            case IntrinsicKind.WarpCollective:
                barriers = true;
                return CollectiveWhyNot(model, call, method);
            case IntrinsicKind.GridBarrier:
                return "Gpu.SyncGrid()";
            case IntrinsicKind.BlockBarrier:
                barriers = true;
                return CpuLoopFormRewriter.BarrierStatement(call) is null
                    ? $"Gpu.{method.Name} inside an expression (the loop form splits it only as a statement, an assignment or a declaration)"
                    : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Why the loop form cannot hoist the warp collective <paramref name="call"/> out of its statement into an exchange
    /// (see <see cref="CpuLoopFormRewriter"/>), or <see langword="null"/> when it can: the call must be evaluated whenever
    /// its statement is (not on the right of <c>&amp;&amp;</c>, <c>||</c>, <c>??</c> or in a branch of <c>?:</c>), stand
    /// in an expression statement, a declaration, an <c>if</c>'s condition or a <c>switch</c>'s value, and nothing the
    /// statement evaluates before it may have an effect (an assignment, <c>++</c>, a call other than a pure intrinsic).
    /// </summary>
    private static string? CollectiveWhyNot(SemanticModel model, InvocationExpressionSyntax call, IMethodSymbol method)
    {
        string name = method.ContainingType.ToDisplayString() == "GpuDsl.Gpu" ? $"Gpu.{method.Name}" : method.Name;
        SyntaxNode child = call;
        SyntaxNode? node = call.Parent;
        for (; node is not null and not StatementSyntax; child = node, node = node.Parent)
        {
            bool conditional = node switch
            {
                BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression) ||
                    binary.IsKind(SyntaxKind.CoalesceExpression) => binary.Right == child,
                AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression) => assignment.Right == child,
                ConditionalExpressionSyntax choice => choice.Condition != child,
                ConditionalAccessExpressionSyntax access => access.WhenNotNull == child,
                SwitchExpressionArmSyntax => true,
                _ => false,
            };
            if (conditional)
            {
                return $"{name} evaluated only under a condition (the right of &&, || or ??, a branch of ?: or a switch arm)";
            }
        }

        SyntaxNode? root = node switch
        {
            ExpressionStatementSyntax statement => statement.Expression,
            LocalDeclarationStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } declaration => declaration.Declaration,
            IfStatementSyntax branch when branch.Condition == child => branch.Condition,
            SwitchStatementSyntax choice when choice.Expression == child => choice.Expression,
            ReturnStatementSyntax { Expression: { } value } => value,
            _ => null,
        };
        if (root is null)
        {
            return $"{name} where the loop form cannot hoist it (only an expression statement, a declaration, an if's condition, a switch's value or a return)";
        }

        foreach (SyntaxNode before in root.DescendantNodesAndSelf().Where(n => n.Span.End <= call.SpanStart))
        {
            string? effect = before switch
            {
                AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } or
                    PostfixUnaryExpressionSyntax => "an assignment or ++/--",
                InvocationExpressionSyntax earlier when !IsPure(model, earlier) => $"a call of {earlier.Expression}",
                _ => null,
            };
            if (effect is not null)
            {
                return $"{effect} before {name} in the same statement, which hoisting the collective would reorder";
            }
        }

        if (root is VariableDeclarationSyntax declared && declared.Variables.Count > 1 &&
            call.ArgumentList.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => declared.Variables.Any(v => v.Identifier.ValueText == n.Identifier.ValueText)))
        {
            return $"{name} reading a variable declared before it in the same declaration";
        }

        return null;
    }

    /// <summary>Whether a call evaluated before a collective may move after it: a collective or a [Device] method with
    /// barriers (hoisted too), or a pure function.</summary>
    private static bool IsPure(SemanticModel model, InvocationExpressionSyntax call) =>
        model.GetSymbolInfo(call).Symbol is IMethodSymbol { IsStatic: true } method &&
        (Kind(method) == IntrinsicKind.WarpCollective || !method.ReturnsVoid && IsBarrierDevice(model.Compilation, method) ||
         Kind(method) == IntrinsicKind.None && method.ContainingType.ToDisplayString() is "System.Math" or "System.MathF" or "System.Numerics.BitOperations" ||
         Kind(method) == IntrinsicKind.None && method.ContainingType.ToDisplayString() == "GpuDsl.Gpu" && !method.Name.StartsWith("Atomic", System.StringComparison.Ordinal) &&
         method.Name is not ("Shared" or "DynamicShared" or "Printf"));

    /// <summary>A span local or parameter may be read, indexed or passed by value, but not by reference.</summary>
    private static string? Use(SemanticModel model, IdentifierNameSyntax name) =>
        name.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } && IsSpanLocal(model, name)
            ? $"span '{name.Identifier.ValueText}' passed by reference"
            : null;

    private static string? Declared(SemanticModel model, VariableDeclaratorSyntax declarator)
    {
        if (model.GetDeclaredSymbol(declarator) is not ILocalSymbol { Type.IsRefLikeType: true } local)
        {
            return null;
        }

        if (!IsSpan(local.Type))
        {
            return $"local '{local.Name}' is a {local.Type.Name}, which the loop form does not view yet";
        }

        if (declarator.Parent?.Parent is not (LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None } or ForStatementSyntax))
        {
            return $"span '{local.Name}' declared where the loop form cannot retype it";
        }

        return declarator.Initializer is { } initializer && !IsPinned(model, initializer.Value)
            ? "a span over memory that may move (a per-thread array)"
            : null;
    }

    private static bool IsSpanLocal(SemanticModel model, ExpressionSyntax expression) =>
        model.GetSymbolInfo(expression).Symbol is ILocalSymbol { Type: var type } && IsSpan(type) ||
        model.GetSymbolInfo(expression).Symbol is IParameterSymbol { Type: var parameterType } && IsSpan(parameterType);

    /// <summary>
    /// Whether a span value is over memory that stays put: a span parameter or local, shared memory, or a slice or
    /// reinterpretation of one of those, or either of two such in a conditional.
    /// </summary>
    private static bool IsPinned(SemanticModel model, ExpressionSyntax value) => value switch
    {
        ParenthesizedExpressionSyntax parenthesized => IsPinned(model, parenthesized.Expression),
        ConditionalExpressionSyntax conditional => IsPinned(model, conditional.WhenTrue) && IsPinned(model, conditional.WhenFalse),
        IdentifierNameSyntax => IsSpanLocal(model, value),
        LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression } or DefaultExpressionSyntax => true,
        StackAllocArrayCreationExpressionSyntax => true, // becomes CpuLoopForm.Local, pinned per-thread memory
        InvocationExpressionSyntax call when model.GetSymbolInfo(call).Symbol is IMethodSymbol method => method switch
        {
            { Name: "Shared" or "DynamicShared", ContainingType: var type } when type.ToDisplayString() == "GpuDsl.Gpu" => true,
            { Name: "Slice" } when call.Expression is MemberAccessExpressionSyntax access => IsPinned(model, access.Expression),
            { Name: "Cast" or "AsBytes", ContainingType: var type } when type.ToDisplayString() == "System.Runtime.InteropServices.MemoryMarshal" =>
                call.ArgumentList.Arguments.Count == 1 && IsPinned(model, call.ArgumentList.Arguments[0].Expression),
            _ => false,
        },
        _ => false,
    };
}
