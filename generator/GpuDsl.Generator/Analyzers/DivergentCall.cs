using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// A call of a <c>[Device]</c> method made where only some threads of the grid may be. Whether that is a problem depends
/// on what the callee reaches (a barrier, a warp collective), through the methods it calls in turn; the analyzer looks
/// and reports GPU0027, GPU0029 or GPU0037 (see <see cref="DivergenceAnalyzer"/>).
/// </summary>
/// <param name="Callee">The method called (its definition, for a generic one).</param>
/// <param name="Text">The call as written, shortened, for messages.</param>
/// <param name="Call">The call.</param>
/// <param name="BlockReason">Why not every thread of the block gets here, e.g. <c>is under the condition 'tid &lt; 4' (line 9)</c>,
/// or empty when every thread of the block does (a condition on the block index).</param>
/// <param name="BlockVia">The variable that condition depends on the thread index through.</param>
/// <param name="LaneReason">Why not every lane of a warp gets here, or empty when every lane does (a per-warp condition).</param>
/// <param name="LaneVia">The variable that condition differs between lanes through, or empty.</param>
/// <param name="GridReason">Why not every thread of the grid gets here (a condition on the block index counts too).</param>
/// <param name="GridVia">The variable that condition depends on the thread or block index through.</param>
internal sealed record DivergentCall(
    IMethodSymbol Callee, string Text, InvocationExpressionSyntax Call, string BlockReason, string BlockVia, string LaneReason, string LaneVia,
    string GridReason, string GridVia);
