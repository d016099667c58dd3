namespace GpuDsl.Generator.Models;

/// <summary>
/// A span access that checked mode guards: the site id a faulting thread records is its index in
/// <see cref="ModuleModel.CheckSites"/>, and this is what the runtime's message names.
/// </summary>
/// <param name="Function">The C# method, <c>Class.Method</c>.</param>
/// <param name="IsKernel">A kernel rather than a <c>[Device]</c> method.</param>
/// <param name="File">The C# file name, without its directory (as in the <c>#line</c> directives).</param>
/// <param name="Line">The 1-based C# line of the access.</param>
/// <param name="Dimension">For a 2D span, which index: <c>row</c> or <c>column</c>; empty for a span index.</param>
internal sealed record CheckSiteModel(string Function, bool IsKernel, string File, int Line, string Dimension);
