namespace GpuDsl.Generator.Models;

/// <summary>
/// What a kernel's code assumes of its launch, tested by its launcher instead of warned about at compile time (see
/// <c>Analysis/LaunchRequirements.cs</c> and the runtime's <c>CompilerServices.LaunchRequirements</c>).
/// </summary>
/// <param name="Span">For an unguarded <c>span[i]</c> with the global index: the span parameter; empty for a barrier condition.</param>
/// <param name="GlobalIndex">A barrier condition on the global thread index; on <c>ThreadIdx.X</c> when false.</param>
/// <param name="Crossing">A barrier condition's first index on its other side, as C# over the launcher's parameters.</param>
/// <param name="WholeGrid">The barrier is <c>Gpu.SyncGrid()</c>: the whole grid must decide alike.</param>
/// <param name="What">The access, or the condition, with its line, for the message.</param>
/// <param name="Barrier">The barrier with its line, for the message; empty for an access.</param>
internal sealed record LaunchRequirementModel(string Span, bool GlobalIndex, string Crossing, bool WholeGrid, string What, string Barrier);
