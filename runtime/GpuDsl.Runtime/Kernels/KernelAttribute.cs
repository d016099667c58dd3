namespace GpuDsl;

/// <summary>
/// Marks a <see langword="static"/> <see langword="void"/> method of a <see langword="partial"/> class as a GPU kernel
/// (a CUDA <c>__global__</c> function). The GpuDsl source generator translates its body to CUDA C at compile time and
/// adds a typed launcher to the class: <c>MyKernels.Launch(blocks, threads).MyKernel(...)</c>.
/// </summary>
/// <remarks>
/// Kernel parameters may be <see cref="Span{T}"/>, <see cref="ReadOnlySpan{T}"/> (which becomes
/// <c>const T* __restrict__</c>) and unmanaged scalars. The same method still runs as ordinary C# on the CPU backend,
/// so it can be debugged with breakpoints.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class KernelAttribute : Attribute
{
}
