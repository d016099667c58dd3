using System.Collections.Generic;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// What differs between warps but not between the lanes of one: the warp a thread index falls in (<c>tid / 32</c>), a
/// comparison of the thread index with a warp boundary (<c>tid &lt; 32</c> is warp 0, whole), and the index of a warp's
/// first lane (<c>id - Gpu.LaneId</c>, where <c>id</c> is the thread index plus what is the same across the warp, as
/// warp-strided loops start). Warp code already needs blocks a multiple of 32 threads wide, and with such blocks these
/// hold. The thread index may be cast to another integer type of 32 bits or more (<c>(uint)Gpu.ThreadIdx.X</c>).
/// </summary>
internal sealed partial class ThreadDependence
{
    /// <summary>Locals declared as <c>Gpu.ThreadIdx.X</c>.</summary>
    private readonly HashSet<ISymbol> _threadX = new(SymbolEqualityComparer.Default);

    /// <summary>Locals declared as the thread index plus values the same across a warp (<c>blockIdx * blockDim + tid</c>).</summary>
    private readonly HashSet<ISymbol> _laneAligned = new(SymbolEqualityComparer.Default);

    /// <summary>Locals declared as <c>Gpu.LaneId</c>.</summary>
    private readonly HashSet<ISymbol> _laneIds = new(SymbolEqualityComparer.Default);

    /// <summary>Locals assigned after their declaration.</summary>
    private readonly HashSet<ISymbol> _reassigned = new(SymbolEqualityComparer.Default);

    /// <summary><c>x / 32</c>, <c>x / Gpu.WarpSize</c>, <c>x &gt;&gt; 5</c> of a thread-dependent <c>x</c>: a warp number.</summary>
    private bool DividesIntoWarps(BinaryExpressionSyntax node, Dependence left, Dependence right)
    {
        if (left.Variance != Variance.PerLane || right.Variance > Variance.PerBlock)
        {
            return false;
        }

        return node.Kind() switch
        {
            SyntaxKind.DivideExpression => WarpMultiple(node.Right, 0),
            SyntaxKind.RightShiftExpression => Constant(node.Right) is >= 5 and < 32,
            _ => false,
        };
    }

    /// <summary><c>tid &lt; 32</c>, <c>tid &gt;= 64</c>, <c>Gpu.ThreadIdx.X &gt; 31</c>: true for whole warps.</summary>
    private bool SplitsAtWarps(BinaryExpressionSyntax node, Dependence left, Dependence right)
    {
        (ExpressionSyntax bound, SyntaxKind kind) =
            left.Variance == Variance.PerLane && right.Variance <= Variance.PerBlock && IsThreadX(node.Left) ? (node.Right, node.Kind()) :
            right.Variance == Variance.PerLane && left.Variance <= Variance.PerBlock && IsThreadX(node.Right) ? (node.Left, Mirrored(node.Kind())) :
            (node.Right, SyntaxKind.None);
        return kind switch
        {
            SyntaxKind.LessThanExpression or SyntaxKind.GreaterThanOrEqualExpression => WarpMultiple(bound, 0),
            SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression => WarpMultiple(bound, 1),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="bound"/> plus <paramref name="add"/> is a positive multiple of 32 (<c>Gpu.WarpSize</c> is 32).</summary>
    private bool WarpMultiple(ExpressionSyntax bound, long add)
    {
        long? value = Symbol(bound) is IPropertySymbol { Name: "WarpSize" } warpSize && CudaKnownTypes.IsGpuDslType(warpSize.ContainingType, KnownNames.Gpu)
            ? 32
            : Constant(bound);
        return value + add is { } total && total > 0 && total % 32 == 0;
    }

    private static SyntaxKind Mirrored(SyntaxKind kind) => kind switch
    {
        SyntaxKind.LessThanExpression => SyntaxKind.GreaterThanExpression,
        SyntaxKind.LessThanOrEqualExpression => SyntaxKind.GreaterThanOrEqualExpression,
        SyntaxKind.GreaterThanExpression => SyntaxKind.LessThanExpression,
        SyntaxKind.GreaterThanOrEqualExpression => SyntaxKind.LessThanOrEqualExpression,
        _ => SyntaxKind.None,
    };

    /// <summary><c>Gpu.ThreadIdx.X</c>, or a local declared as that and never assigned again.</summary>
    private bool IsThreadX(ExpressionSyntax expression)
    {
        expression = Unwrapped(expression);
        return expression is IdentifierNameSyntax && Symbol(expression) is { } local
            ? Unchanged(_threadX, local)
            : expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "X" } x && IsThreadIndex(Symbol(x.Expression)) &&
              Symbol(x.Expression)!.Name == "ThreadIdx";
    }

    /// <summary><c>id - Gpu.LaneId</c> with <c>id</c> lane-aligned: the index of the warp's first lane, plus the same offset in every lane.</summary>
    private bool IsWarpStart(BinaryExpressionSyntax node) =>
        node.IsKind(SyntaxKind.SubtractExpression) && IsLaneId(node.Right) && IsLaneAligned(node.Left);

    /// <summary>The thread index, plus or minus values that are the same across the warp.</summary>
    private bool IsLaneAligned(ExpressionSyntax expression)
    {
        expression = Unwrapped(expression);
        if (IsThreadX(expression))
        {
            return true;
        }

        if (expression is IdentifierNameSyntax && Symbol(expression) is { } local)
        {
            return Unchanged(_laneAligned, local);
        }

        return expression switch
        {
            BinaryExpressionSyntax add when add.IsKind(SyntaxKind.AddExpression) =>
                (IsLaneAligned(add.Left) && SameAcrossWarp(add.Right)) || (SameAcrossWarp(add.Left) && IsLaneAligned(add.Right)),
            BinaryExpressionSyntax subtract when subtract.IsKind(SyntaxKind.SubtractExpression) =>
                IsLaneAligned(subtract.Left) && SameAcrossWarp(subtract.Right),
            _ => false,
        };
    }

    private bool IsLaneId(ExpressionSyntax expression)
    {
        expression = Unwrapped(expression);
        ISymbol? symbol = Symbol(expression);
        return expression is IdentifierNameSyntax && symbol is ILocalSymbol
            ? Unchanged(_laneIds, symbol)
            : symbol is IPropertySymbol { Name: "LaneId" } && IsThreadIndex(symbol);
    }

    /// <summary>What this walk found an expression to depend on; at most per warp is the same in every lane of one.</summary>
    private bool SameAcrossWarp(ExpressionSyntax expression) =>
        _values.TryGetValue(expression, out Dependence value) && value.Variance <= Variance.PerWarp;

    /// <summary>Without parentheses and casts that keep every value of a thread index (to 32 or 64 bits).</summary>
    private ExpressionSyntax Unwrapped(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                case CastExpressionSyntax cast when _model.GetTypeInfo(cast.Type, _cancellationToken).Type?.SpecialType is
                    SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64:
                    expression = cast.Expression;
                    break;
                default:
                    return expression;
            }
        }
    }

    private bool Unchanged(HashSet<ISymbol> declaredAs, ISymbol local) => declaredAs.Contains(local) && !_reassigned.Contains(local);

    private void LaneAlignedDeclaration(ISymbol local, ExpressionSyntax? value)
    {
        if (value is null)
        {
            return;
        }

        if (IsThreadX(value))
        {
            _threadX.Add(local);
        }

        if (IsLaneAligned(value))
        {
            _laneAligned.Add(local);
        }

        if (IsLaneId(value))
        {
            _laneIds.Add(local);
        }
    }

    /// <summary>A local assigned again is no longer known to be what it was declared as; walks that assumed it must be redone.</summary>
    private void Reassigned(ISymbol local) =>
        _learnt |= _reassigned.Add(local) && (_threadX.Contains(local) || _laneAligned.Contains(local) || _laneIds.Contains(local));
}
