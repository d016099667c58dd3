using System.Collections.Generic;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Analysis;

/// <summary>
/// What differs between warps but not between the lanes of one: the warp a thread index falls in (<c>tid / 32</c>), and
/// a comparison of the thread index with a warp boundary (<c>tid &lt; 32</c> is warp 0, whole). Warp code already needs
/// blocks a multiple of 32 threads wide, and with such blocks these hold.
/// </summary>
internal sealed partial class ThreadDependence
{
    /// <summary>Locals declared as <c>Gpu.ThreadIdx.X</c>.</summary>
    private readonly HashSet<ISymbol> _threadX = new(SymbolEqualityComparer.Default);

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
        long? value = Symbol(bound) is IPropertySymbol { Name: "WarpSize" } warpSize && CudaKnownTypes.IsGpuDslType(warpSize.ContainingType, "Gpu")
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
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression is IdentifierNameSyntax && Symbol(expression) is { } local
            ? _threadX.Contains(local) && !_reassigned.Contains(local)
            : expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "X" } x && IsThreadIndex(Symbol(x.Expression)) &&
              Symbol(x.Expression)!.Name == "ThreadIdx";
    }

    private void LaneAlignedDeclaration(ISymbol local, ExpressionSyntax? value)
    {
        if (value is not null && IsThreadX(value))
        {
            _threadX.Add(local);
        }
    }

    /// <summary>A local assigned again is no longer known to be <c>Gpu.ThreadIdx.X</c>; walks that assumed it must be redone.</summary>
    private void Reassigned(ISymbol local) => _learnt |= _reassigned.Add(local) && _threadX.Contains(local);
}
