using System.ComponentModel;

namespace GpuDsl.CompilerServices;

/// <summary>
/// A span access in a kernel compiled in checked mode (the <c>GpuDslCheckedKernels</c> build property): what a site id
/// recorded on the device stands for. The generated launcher holds one table of them per class of kernels.
/// </summary>
/// <param name="Function">The C# method that makes the access, <c>Class.Method</c>.</param>
/// <param name="IsKernel">Whether <paramref name="Function"/> is a kernel rather than a <c>[Device]</c> method.</param>
/// <param name="File">The C# file name, without its directory.</param>
/// <param name="Line">The 1-based line of the access in <paramref name="File"/>.</param>
/// <param name="Dimension">For an index of a 2D span, which one it is: <c>"row"</c> or <c>"column"</c>; of a 3D span
/// <c>"slice"</c>, <c>"3D row"</c> or <c>"3D column"</c>; <see langword="null"/>
/// for a span index.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record CheckedIndexSite(string Function, bool IsKernel, string File, int Line, string? Dimension = null);
