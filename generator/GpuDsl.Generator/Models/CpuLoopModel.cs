namespace GpuDsl.Generator.Models;

/// <summary>
/// A kernel's loop form for the CPU backend (see <c>CpuLoopFormRewriter</c>): the copy for checked builds, whose span
/// indexes are checked, and the one for other builds.
/// </summary>
/// <param name="Checked">The loop form in checked mode.</param>
/// <param name="Unchecked">The loop form otherwise.</param>
internal sealed record CpuLoopModel(CpuCopyModel Checked, CpuCopyModel Unchecked);
