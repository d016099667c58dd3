using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// Recognizes, in a kernel marked <c>[Kernel(ExactLaunch = true)]</c>, what its code assumes of its launch in a form the
/// launcher can test exactly, as ported CUDA samples assume one: a thread index compared with a bound its launcher knows (<c>if (i &gt;= n) return;</c> before a barrier,
/// <c>if (tid &lt; data.Length)</c> around one), or a span parameter indexed by the global index in code every thread
/// runs (<c>data[i] = v;</c>). The thread index is <c>Gpu.ThreadIdx.X</c> or the global
/// <c>Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X</c>, written out or through a local never assigned again; the bound
/// a constant, an integer parameter of the kernel, a span parameter's <c>Length</c>, such a local, or a sum or difference
/// of them. Anything else is not recognized, and stays a warning.
/// </summary>
internal sealed class LaunchAssumptions
{
    private readonly SemanticModel _model;
    private readonly IMethodSymbol _kernel;
    private readonly SyntaxNode _body;
    private readonly Dictionary<ILocalSymbol, bool> _assignedAgain = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, (bool, bool)> _barriers = new(SymbolEqualityComparer.Default);

    private LaunchAssumptions(SemanticModel model, IMethodSymbol kernel, SyntaxNode body)
    {
        _model = model;
        _kernel = kernel;
        _body = body;
    }

    private enum ThreadIndex
    {
        None,
        Thread,
        Global,
    }

    /// <summary>
    /// The recognizer for <paramref name="method"/>, or <see langword="null"/> unless it is a kernel marked
    /// <c>[Kernel(ExactLaunch = true)]</c>: the author states that its launches fit its code, so the launcher tests that
    /// instead of the build warning (a device method's bounds are its own parameters, which no launcher sees).
    /// </summary>
    public static LaunchAssumptions? For(SemanticModel model, MethodDeclarationSyntax method) =>
        model.GetDeclaredSymbol(method) is IMethodSymbol symbol && IsExactLaunch(symbol)
            ? new LaunchAssumptions(model, symbol, method)
            : null;

    /// <summary>Whether <paramref name="method"/> is marked <c>[Kernel(ExactLaunch = true)]</c>.</summary>
    public static bool IsExactLaunch(IMethodSymbol method) =>
        method.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == "GpuDsl.KernelAttribute" &&
            a.NamedArguments.Any(n => n.Key == "ExactLaunch" && n.Value.Value is true));

    /// <summary><c>span[index]</c> with exactly the global index, for a span parameter of the kernel.</summary>
    public LaunchRequirementModel? ForAccess(ElementAccessExpressionSyntax access, IParameterSymbol span, ExpressionSyntax index, string what) =>
        SymbolEqualityComparer.Default.Equals(span.ContainingSymbol, _kernel) && IndexOf(index) == ThreadIndex.Global
            ? new LaunchRequirementModel(span.Name, GlobalIndex: true, Crossing: "", WholeGrid: false, what, Barrier: "")
            : null;

    /// <summary>
    /// A condition <c>index &lt;op&gt; bound</c> (either way round) in front of <paramref name="barrier"/>: the launcher tests
    /// that it decides alike in every thread of each block (of the grid, for a grid barrier).
    /// </summary>
    public LaunchRequirementModel? ForCondition(SyntaxNode condition, bool wholeGrid, string what, string barrier)
    {
        if (Unwrapped(condition as ExpressionSyntax) is not BinaryExpressionSyntax comparison)
        {
            return null;
        }

        SyntaxKind kind = comparison.Kind();
        if (kind is not (SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression))
        {
            return null;
        }

        // The crossing is the first index on the other side: n for i < n and i >= n, n + 1 for i <= n and i > n.
        (ThreadIndex index, string? bound, bool plusOne) =
            IndexOf(comparison.Left) is var left and not ThreadIndex.None
                ? (left, BoundOf(comparison.Right), kind is SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression)
                : (IndexOf(comparison.Right), BoundOf(comparison.Left), kind is SyntaxKind.LessThanExpression or SyntaxKind.GreaterThanOrEqualExpression);
        return index == ThreadIndex.None || bound is null
            ? null
            : new LaunchRequirementModel("", index == ThreadIndex.Global, plusOne ? $"{bound} + 1" : bound, wholeGrid, what, barrier);
    }

    /// <summary>
    /// The barriers a <c>[Device]</c> method reaches, itself or through the device methods it calls: a block barrier, a
    /// grid barrier. A call under a testable condition then needs the test as a barrier written in the kernel does.
    /// </summary>
    public (bool Block, bool Grid) BarriersReached(IMethodSymbol method)
    {
        if (!_barriers.TryGetValue(method, out (bool, bool) reached))
        {
            reached = BarriersReached(method, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
            _barriers[method] = reached;
        }

        return reached;
    }

    private (bool Block, bool Grid) BarriersReached(IMethodSymbol method, HashSet<IMethodSymbol> seen)
    {
        (bool block, bool grid) = (false, false);
        if (!seen.Add(method.OriginalDefinition) || method.DeclaringSyntaxReferences.Length == 0)
        {
            return (block, grid);
        }

        SyntaxNode body = method.DeclaringSyntaxReferences[0].GetSyntax();
        SemanticModel model = body.SyntaxTree == _model.SyntaxTree ? _model : _model.Compilation.GetSemanticModel(body.SyntaxTree);
        foreach (InvocationExpressionSyntax call in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol callee)
            {
                continue;
            }

            IntrinsicKind kind = CudaIntrinsicKinds.Of(callee);
            (bool calleeBlock, bool calleeGrid) = kind == IntrinsicKind.None ? BarriersReached(callee, seen) : (kind == IntrinsicKind.BlockBarrier, kind == IntrinsicKind.GridBarrier);
            (block, grid) = (block || calleeBlock, grid || calleeGrid);
        }

        return (block, grid);
    }

    private ThreadIndex IndexOf(ExpressionSyntax? expression)
    {
        expression = Unwrapped(expression);
        switch (expression)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "X" } x when IsGpuProperty(x.Expression, "ThreadIdx"):
                return ThreadIndex.Thread;
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } sum:
                return (IndexOf(sum.Right) == ThreadIndex.Thread && IsBlockOffset(sum.Left)) || (IndexOf(sum.Left) == ThreadIndex.Thread && IsBlockOffset(sum.Right))
                    ? ThreadIndex.Global
                    : ThreadIndex.None;
            case IdentifierNameSyntax when Initializer(expression) is { } initializer:
                return IndexOf(initializer);
            default:
                return ThreadIndex.None;
        }
    }

    /// <summary><c>Gpu.BlockIdx.X * Gpu.BlockDim.X</c>, either way round.</summary>
    private bool IsBlockOffset(ExpressionSyntax expression) =>
        Unwrapped(expression) is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.MultiplyExpression } product &&
        ((IsX(product.Left, "BlockIdx") && IsX(product.Right, "BlockDim")) || (IsX(product.Left, "BlockDim") && IsX(product.Right, "BlockIdx")));

    private bool IsX(ExpressionSyntax expression, string property) =>
        Unwrapped(expression) is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "X" } x && IsGpuProperty(x.Expression, property);

    private bool IsGpuProperty(ExpressionSyntax expression, string name) =>
        _model.GetSymbolInfo(expression).Symbol is IPropertySymbol property && property.Name == name &&
        CudaKnownTypes.IsGpuDslType(property.ContainingType, "Gpu");

    /// <summary>The bound as C# over the launcher's parameters, a <c>long</c>; <see langword="null"/> when it is none of those.</summary>
    private string? BoundOf(ExpressionSyntax expression)
    {
        expression = Unwrapped(expression)!;
        if (_model.GetConstantValue(expression) is { HasValue: true, Value: int or uint or long or short or ushort or byte or sbyte } constant)
        {
            return System.Convert.ToInt64(constant.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L";
        }

        switch (expression)
        {
            case IdentifierNameSyntax when _model.GetSymbolInfo(expression).Symbol is IParameterSymbol { Type.SpecialType: SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte } parameter &&
                     SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _kernel):
                return $"(long){Escape(parameter.Name)}";
            case IdentifierNameSyntax when Initializer(expression) is { } initializer:
                return BoundOf(initializer);
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } length
                when _model.GetSymbolInfo(length.Expression).Symbol is IParameterSymbol span && SymbolEqualityComparer.Default.Equals(span.ContainingSymbol, _kernel) &&
                     CudaKnownTypes.IsSpan(span.Type, out _, out _):
                return $"(long){Escape(span.Name)}.Length";
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression or (int)SyntaxKind.SubtractExpression } sum
                when BoundOf(sum.Left) is { } left && BoundOf(sum.Right) is { } right:
                return $"({left} {sum.OperatorToken.ValueText} {right})";
            default:
                return null;
        }
    }

    /// <summary>The initializer of a local declared once and never assigned again, or <see langword="null"/>.</summary>
    private ExpressionSyntax? Initializer(ExpressionSyntax name)
    {
        if (_model.GetSymbolInfo(name).Symbol is not ILocalSymbol { IsRef: false } local ||
            local.DeclaringSyntaxReferences.Length != 1 ||
            local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: var value })
        {
            return null;
        }

        if (!_assignedAgain.TryGetValue(local, out bool again))
        {
            again = _body.DescendantNodes().Any(n => n switch
            {
                AssignmentExpressionSyntax assignment => Names(assignment.Left, local),
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } unary => Names(unary.Operand, local),
                PostfixUnaryExpressionSyntax unary => Names(unary.Operand, local),
                ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument => Names(argument.Expression, local),
                RefExpressionSyntax reference => Names(reference.Expression, local),
                _ => false,
            });
            _assignedAgain[local] = again;
        }

        return again ? null : value;
    }

    private bool Names(ExpressionSyntax expression, ILocalSymbol local) =>
        SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(expression).Symbol, local);

    /// <summary>The expression without parentheses and integer casts, which keep a thread index's order.</summary>
    private ExpressionSyntax? Unwrapped(ExpressionSyntax? expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case CastExpressionSyntax cast when _model.GetTypeInfo(cast).Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64:
                    expression = cast.Expression;
                    continue;
                default:
                    return expression;
            }
        }
    }

    private static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
