using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// Which values of a GPU method differ between threads, and which code only some threads reach; from that, the
/// warnings about code that translates but is wrong on a GPU: a barrier only some threads of a block reach (GPU0027), a
/// warp collective only some lanes reach (GPU0029), a span indexed by the global thread index with no bounds check on
/// the way (GPU0030, in <c>.Indexes.cs</c>), which <see cref="DivergenceAnalyzer"/> reports. Expressions are here; statements and the conditions around the code being
/// visited in <c>.Control.cs</c>; what is the same in every lane of a warp (<c>tid / 32</c>, <c>tid &lt; 32</c>) in
/// <c>.Warps.cs</c>.
/// </summary>
/// <remarks>
/// <para>
/// A value depends on the thread when it is computed from <c>Gpu.ThreadIdx</c>, <c>Gpu.LaneId</c> or an atomic's
/// result, directly or through locals, or when it is assigned under a condition that does (<c>if (tid == 0) x = 1;</c>).
/// Locals are tracked without regard to order, so one walk of the method is repeated until nothing new is learnt (a loop
/// carries a value back to its condition); each walk is linear in the method's size and it takes two or three.
/// </para>
/// <para>
/// Limits: a <c>[Device]</c> method's parameters count as uniform (its callers' arguments are not seen), and so does the
/// result of a call whose arguments are; a barrier a <c>[Device]</c> method reaches is found at calls made under a
/// thread-dependent condition (<see cref="DivergentCalls"/>), but not one under a condition on its own parameters.
/// </para>
/// </remarks>
internal sealed partial class ThreadDependence : CSharpSyntaxVisitor<Dependence>
{
    /// <summary>Walks of one method before giving up on learning more; only chains of locals assigned backwards need more than three.</summary>
    private const int MaxWalks = 16;

    private readonly SemanticModel _model;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<SyntaxNode, ISymbol?> _symbols = new();
    private readonly Dictionary<ISymbol, Dependence> _locals = new(SymbolEqualityComparer.Default);

    /// <summary>What each expression visited in this walk depends on, for rules that look below their operands.</summary>
    private readonly Dictionary<SyntaxNode, Dependence> _values = new();
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<DivergentCall> _divergentCalls = new();
    private readonly HashSet<IMethodSymbol> _deviceCallees = new(SymbolEqualityComparer.Default);

    /// <summary>Whether this walk raised what is known about a local, so that another walk is needed.</summary>
    private bool _learnt;

    /// <summary>How many times a local was found to vary more; numbers <see cref="Dependence.Order"/>.</summary>
    private int _raised;

    private ThreadDependence(SemanticModel model, CancellationToken cancellationToken)
    {
        _model = model;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The warnings found, as data.</summary>
    public IReadOnlyList<DiagnosticInfo> Diagnostics => _diagnostics;

    /// <summary>Calls of <c>[Device]</c> methods where only some threads may be; what the callees reach decides whether they matter.</summary>
    public IReadOnlyList<DivergentCall> DivergentCalls => _divergentCalls;

    /// <summary>The <c>[Device]</c> methods it calls directly (their definitions), through which it reaches their collectives.</summary>
    public IReadOnlyCollection<IMethodSymbol> DeviceCallees => _deviceCallees;

    /// <summary>The barriers and warp collectives the method calls directly.</summary>
    public Collectives Collectives { get; private set; }

    /// <summary>Analyses one GPU method. Never throws: a failure here only loses warnings, never the translation.</summary>
    public static ThreadDependence Analyze(SemanticModel model, MethodDeclarationSyntax method, CancellationToken cancellationToken) =>
        WithLaunchTests(Analyze(model, method, cancellationToken, new HashSet<SyntaxNode>()), model, method, cancellationToken);

    /// <summary>One analysis, taking the conditions of <paramref name="testedAtLaunch"/> as tested by the launcher.</summary>
    private static ThreadDependence Analyze(SemanticModel model, MethodDeclarationSyntax method, CancellationToken cancellationToken, HashSet<SyntaxNode> testedAtLaunch)
    {
        ThreadDependence analysis = new(model, cancellationToken) { _assumptions = LaunchAssumptions.For(model, method), _testedAtLaunch = testedAtLaunch };
        SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody?.Expression;
        if (body is null)
        {
            return analysis;
        }

        try
        {
            for (int walk = 0; walk < MaxWalks; walk++)
            {
                analysis.Walk(body);
                if (!analysis._learnt)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            analysis._diagnostics.Clear();
            analysis._divergentCalls.Clear();
            analysis._launchTestable.Clear();
            analysis._launchIndexes.Clear();
            analysis._deviceCallees.Clear();
        }

        return analysis;
    }

    /// <summary>One walk: what it reports counts only when it learnt nothing new, so each starts afresh.</summary>
    private void Walk(SyntaxNode body)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        _learnt = false;
        _diagnostics.Clear();
        _divergentCalls.Clear();
        _deviceCallees.Clear();
        Collectives = Collectives.None;
        _values.Clear();
        _launchTestable.Clear();
        _launchIndexes.Clear();
        _barrierCalls.Clear();
        ResetControl();
        ResetIndexes();
        Visit(body);
        ReportUnguardedIndexes();
    }

    public override Dependence Visit(SyntaxNode? node)
    {
        if (node is null)
        {
            return Dependence.Uniform;
        }

        Dependence value = base.Visit(node);
        _values[node] = value;
        return value;
    }

    /// <summary>Anything without its own rule varies as much as its most varying part.</summary>
    public override Dependence DefaultVisit(SyntaxNode node)
    {
        Dependence result = Dependence.Uniform;
        foreach (SyntaxNode child in node.ChildNodes())
        {
            result = Dependence.Max(result, Visit(child));
        }

        return result;
    }

    // Code GpuDsl rejects (GPU0009) runs nowhere, so it adds nothing.
    public override Dependence VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => Dependence.Uniform;

    public override Dependence VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => Dependence.Uniform;

    public override Dependence VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => Dependence.Uniform;

    public override Dependence VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => Dependence.Uniform;

    public override Dependence VisitIdentifierName(IdentifierNameSyntax node)
    {
        ISymbol? symbol = Symbol(node);
        if (IsThreadIndex(symbol))
        {
            return new Dependence(Variance.PerLane, "Gpu." + symbol!.Name, 0);
        }

        if (IsBlockIndex(symbol))
        {
            return new Dependence(Variance.PerBlock, "Gpu." + symbol!.Name, 0);
        }

        return symbol is not null && _locals.TryGetValue(symbol, out Dependence known)
            ? new Dependence(known.Variance, symbol.Name, known.Order)
            : Dependence.Uniform;
    }

    public override Dependence VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        ISymbol? symbol = Symbol(node);
        if (IsThreadIndex(symbol))
        {
            return new Dependence(Variance.PerLane, "Gpu." + symbol!.Name, 0);
        }

        if (IsBlockIndex(symbol))
        {
            return new Dependence(Variance.PerBlock, "Gpu." + symbol!.Name, 0);
        }

        // Gpu.BlockIdx, a const, MathF.PI: the same everywhere. Otherwise a field or property of a value (tid.X, s.Length).
        return symbol is { IsStatic: true } || Symbol(node.Expression) is ITypeSymbol or INamespaceSymbol
            ? Dependence.Uniform
            : Visit(node.Expression);
    }

    public override Dependence VisitElementAccessExpression(ElementAccessExpressionSyntax node)
    {
        Dependence result = Dependence.Max(Visit(node.Expression), Visit(node.ArgumentList));
        CheckIndex(node);
        return result;
    }

    public override Dependence VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        IMethodSymbol? method = Symbol(node) as IMethodSymbol;
        Dependence result = node.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && method is { IsStatic: false }
            ? Visit(receiver)
            : Dependence.Uniform;
        Dependence second = Dependence.Uniform, third = Dependence.Uniform; // a broadcast's source lane, without and with a mask
        SeparatedSyntaxList<ArgumentSyntax> arguments = node.ArgumentList.Arguments;
        for (int i = 0; i < arguments.Count; i++)
        {
            Dependence argument = Visit(arguments[i].Expression);
            second = i == 1 ? argument : second;
            third = i == 2 ? argument : third;
            result = Dependence.Max(result, argument);
        }

        // What a call writes to its ref and out arguments depends on everything it was given, and on where it is made.
        foreach (ArgumentSyntax argument in arguments)
        {
            if (!argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                Assign(argument.Expression, result);
                NotAnIndex(argument.Expression);
            }
        }

        string? template = method is null ? null : CudaIntrinsicKinds.Template(method);
        switch (CudaIntrinsicKinds.Of(template))
        {
            case IntrinsicKind.BlockBarrier:
                Collectives |= Collectives.BlockBarrier;
                ReportBarrier(node);
                return Dependence.Uniform;
            case IntrinsicKind.GridBarrier:
                Collectives |= Collectives.GridBarrier;
                ReportGridBarrier(node);
                return Dependence.Uniform;
            case IntrinsicKind.WarpCollective:
                // With a mask, the lanes that take part are named, and may be fewer than the warp where a condition
                // splits it; only the full mask asks for every lane.
                bool masked = CudaIntrinsicKinds.TakesMask(template!);
                if (!masked || (arguments.Count > 0 && Constant(arguments[0].Expression) == uint.MaxValue))
                {
                    Collectives |= Collectives.WarpCollective;
                    ReportWarpCollective(node);
                }

                Dependence source = masked ? third : second;
                return CudaIntrinsicKinds.IsVote(template!) || (CudaIntrinsicKinds.IsBroadcast(template!) && source.Variance <= Variance.PerBlock)
                    ? result.AtMost(Variance.PerWarp)
                    : result;
            case IntrinsicKind.Atomic:
                return new Dependence(Variance.PerLane, $"{method!.ContainingType.Name}.{method.Name}", 0);
        }

        if (method is not null && KnownNames.IsDevice(method))
        {
            RecordDeviceCall(node, method);
        }

        return result;
    }

    public override Dependence VisitAssignmentExpression(AssignmentExpressionSyntax node)
    {
        Dependence value = Visit(node.Right);
        Dependence target = Visit(node.Left); // element targets check their index; a compound assignment reads the target
        Dependence result = node.IsKind(SyntaxKind.SimpleAssignmentExpression) ? value : Dependence.Max(target, value);
        Assign(node.Left, result);
        IndexAssignment(node);
        RecordReads(node);
        return result;
    }

    public override Dependence VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
    {
        Dependence operand = Visit(node.Operand);
        if (node.IsKind(SyntaxKind.PreIncrementExpression) || node.IsKind(SyntaxKind.PreDecrementExpression))
        {
            Assign(node.Operand, operand);
        }

        return operand;
    }

    public override Dependence VisitPostfixUnaryExpression(PostfixUnaryExpressionSyntax node)
    {
        Dependence operand = Visit(node.Operand);
        if (node.IsKind(SyntaxKind.PostIncrementExpression) || node.IsKind(SyntaxKind.PostDecrementExpression))
        {
            Assign(node.Operand, operand);
        }

        return operand;
    }

    public override Dependence VisitVariableDeclarator(VariableDeclaratorSyntax node)
    {
        Dependence value = Visit(node.Initializer?.Value);
        if (Declared(node) is { } local)
        {
            Raise(local, value);
            IndexDeclaration(local, node.Initializer?.Value);
            LaneAlignedDeclaration(local, node.Initializer?.Value);
        }

        return value;
    }

    public override Dependence VisitBinaryExpression(BinaryExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.LogicalAndExpression) || node.IsKind(SyntaxKind.LogicalOrExpression))
        {
            // The right operand runs only where the left one lets it.
            Dependence left = Visit(node.Left);
            PushCondition(node.Left, Place.Condition, left);
            Dependence right = Visit(node.Right);
            PopCondition();
            return Dependence.Max(left, right);
        }

        Dependence l = Visit(node.Left), r = Visit(node.Right);
        Dependence result = Dependence.Max(l, r);
        return result.Variance == Variance.PerLane && (DividesIntoWarps(node, l, r) || SplitsAtWarps(node, l, r) || IsWarpStart(node))
            ? result.AtMost(Variance.PerWarp)
            : result;
    }

    public override Dependence VisitConditionalExpression(ConditionalExpressionSyntax node)
    {
        Dependence condition = Visit(node.Condition);
        PushCondition(node.Condition, Place.Condition, condition);
        Dependence result = Dependence.Max(condition, Dependence.Max(Visit(node.WhenTrue), Visit(node.WhenFalse)));
        PopCondition();
        return result;
    }

    public override Dependence VisitSwitchExpression(SwitchExpressionSyntax node)
    {
        Dependence result = Visit(node.GoverningExpression);
        PushCondition(node.GoverningExpression, Place.Switch, result);
        foreach (SwitchExpressionArmSyntax arm in node.Arms)
        {
            result = Dependence.Max(result, Visit(arm));
        }

        PopCondition();
        return result;
    }

    /// <summary>Raises what is known of each local an assignment target names, by the value and by where it runs.</summary>
    private void Assign(ExpressionSyntax target, Dependence value)
    {
        foreach (ISymbol local in TargetLocals(target))
        {
            Raise(local, value);
            Reassigned(local);
        }
    }

    /// <summary>The locals an assignment target writes: <c>x</c>, <c>p.X</c> (the struct local), <c>(a, b)</c>, <c>var (a, b)</c>, <c>out var r</c>.</summary>
    private IEnumerable<ISymbol> TargetLocals(ExpressionSyntax target)
    {
        switch (target)
        {
            case IdentifierNameSyntax:
                if (Symbol(target) is ILocalSymbol or IParameterSymbol)
                {
                    yield return Symbol(target)!;
                }

                break;
            case MemberAccessExpressionSyntax field:
                foreach (ISymbol local in TargetLocals(field.Expression))
                {
                    yield return local;
                }

                break;
            case ParenthesizedExpressionSyntax parenthesized:
                foreach (ISymbol local in TargetLocals(parenthesized.Expression))
                {
                    yield return local;
                }

                break;
            case TupleExpressionSyntax tuple:
                foreach (ISymbol local in tuple.Arguments.SelectMany(element => TargetLocals(element.Expression)))
                {
                    yield return local;
                }

                break;
            case DeclarationExpressionSyntax declaration:
                foreach (SingleVariableDesignationSyntax variable in Variables(declaration.Designation))
                {
                    if (Declared(variable) is { } local)
                    {
                        yield return local;
                    }
                }

                break;
        }
    }

    private void Raise(ISymbol local, Dependence value)
    {
        Variance variance = Dependence.Max(value, ControlDependence()).Variance;
        if (variance > Variance.Uniform && (!_locals.TryGetValue(local, out Dependence known) || variance > known.Variance))
        {
            _locals[local] = new Dependence(variance, local.Name, ++_raised);
            _learnt = true;
        }
    }

    /// <summary><c>Gpu.ThreadIdx</c> and <c>Gpu.LaneId</c>, the sources of everything that differs between threads.</summary>
    private static bool IsBlockIndex(ISymbol? symbol) =>
        symbol is IPropertySymbol { Name: "BlockIdx" } property && CudaKnownTypes.IsGpuDslType(property.ContainingType, KnownNames.Gpu);

    private static bool IsThreadIndex(ISymbol? symbol) =>
        symbol is IPropertySymbol { Name: "ThreadIdx" or "LaneId" } property && CudaKnownTypes.IsGpuDslType(property.ContainingType, KnownNames.Gpu);

    private ISymbol? Symbol(SyntaxNode node)
    {
        if (!_symbols.TryGetValue(node, out ISymbol? symbol))
        {
            symbol = _model.GetSymbolInfo(node, _cancellationToken).Symbol;
            _symbols[node] = symbol;
        }

        return symbol;
    }

    private ISymbol? Declared(SyntaxNode node)
    {
        if (!_symbols.TryGetValue(node, out ISymbol? symbol))
        {
            symbol = _model.GetDeclaredSymbol(node, _cancellationToken);
            _symbols[node] = symbol;
        }

        return symbol;
    }

    private long? Constant(ExpressionSyntax expression) =>
        _model.GetConstantValue(expression, _cancellationToken) is { HasValue: true, Value: int or long or uint or short or byte } constant
            ? Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static IEnumerable<SingleVariableDesignationSyntax> Variables(VariableDesignationSyntax designation) => designation switch
    {
        SingleVariableDesignationSyntax single => new[] { single },
        ParenthesizedVariableDesignationSyntax list => list.Variables.SelectMany(Variables),
        _ => Array.Empty<SingleVariableDesignationSyntax>(),
    };

    /// <summary>Source text for a message: one line, at most 60 characters.</summary>
    private static string Text(SyntaxNode node)
    {
        string text = string.Join(" ", node.ToString().Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim()));
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }

    private static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
}
