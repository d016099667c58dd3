using System.Linq;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Mappings;

/// <summary>What an intrinsic asks of the threads that call it.</summary>
internal enum IntrinsicKind
{
    /// <summary>An ordinary function of its arguments, or not an intrinsic.</summary>
    None,

    /// <summary><c>__syncthreads()</c>: every thread of the block must arrive.</summary>
    BlockBarrier,

    /// <summary><c>Gpu.SyncGrid()</c>: every thread of the grid must arrive (a cooperative launch).</summary>
    GridBarrier,

    /// <summary>A full-warp <c>_sync</c> shuffle or vote, a tensor-core <c>mma</c> or <c>ldmatrix</c> (a <c>_sync</c> helper,
    /// templated or not), or <c>__syncwarp()</c>: every lane of the warp must call it.</summary>
    WarpCollective,

    /// <summary>An atomic read-modify-write of its first argument: its result depends on the order threads arrive in.</summary>
    Atomic,
}

/// <summary>
/// Classifies intrinsics by their CUDA template (from <c>[CudaIntrinsic]</c> on the runtime's stubs, or the known-method
/// table), so the runtime's declarations stay the one list: a new shuffle overload is a warp collective without a
/// change here.
/// </summary>
internal static class CudaIntrinsicKinds
{
    public static IntrinsicKind Of(string? template) =>
        template is null ? IntrinsicKind.None :
        template.Contains("__syncthreads") ? IntrinsicKind.BlockBarrier :
        template.Contains("gpudsl_grid_sync") ? IntrinsicKind.GridBarrier :
        template.Contains("_sync(") || template.Contains("_sync<") || template.Contains("__syncwarp") ? IntrinsicKind.WarpCollective :
        template.Contains("&{0}") ? IntrinsicKind.Atomic :
        IntrinsicKind.None;

    /// <summary>The kind of a method, looked up as the translator looks it up.</summary>
    public static IntrinsicKind Of(IMethodSymbol method) => Of(Template(method));

    /// <summary>The CUDA template of a method that is an intrinsic, or <see langword="null"/>.</summary>
    public static string? Template(IMethodSymbol method) =>
        DeclaredTemplate(method) ?? CudaKnownMethods.Template(method.OriginalDefinition);

    /// <summary>The CUDA text a runtime stub declares with <c>[CudaIntrinsic("...")]</c>, or <see langword="null"/>.</summary>
    public static string? DeclaredTemplate(ISymbol symbol) =>
        symbol.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.CudaIntrinsicAttribute)?
            .ConstructorArguments.FirstOrDefault().Value as string;

    /// <summary>A vote (<c>__ballot_sync</c>, <c>__all_sync</c>, <c>__any_sync</c>) or a warp reduction
    /// (<c>__reduce_add_sync</c> and the others): one result for all the lanes that take part.</summary>
    public static bool IsVote(string template) =>
        template.StartsWith("__ballot_sync", System.StringComparison.Ordinal) ||
        template.StartsWith("__all_sync", System.StringComparison.Ordinal) ||
        template.StartsWith("__any_sync", System.StringComparison.Ordinal) ||
        template.StartsWith("__reduce_", System.StringComparison.Ordinal);

    /// <summary>A broadcast (<c>__shfl_sync</c>): every lane gets the value of the lane its source argument names.</summary>
    public static bool IsBroadcast(string template) =>
        template.StartsWith("__shfl_sync", System.StringComparison.Ordinal) || template.StartsWith("gpudsl_shfl_sync", System.StringComparison.Ordinal);

    /// <summary>
    /// Whether a warp collective's template names its lanes with a mask argument (<c>{0}</c>), as the overloads that take
    /// one do, rather than the whole warp (<c>0xffffffffu</c>).
    /// </summary>
    public static bool TakesMask(string template) => template.Contains("_sync({0}") || template.Contains("__syncwarp({0}");
}
