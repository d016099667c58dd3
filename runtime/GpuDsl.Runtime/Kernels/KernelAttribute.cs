namespace GpuDsl;

/// <summary>
/// Marks a <see langword="static"/> <see langword="void"/> method of a <see langword="partial"/> class as a GPU kernel
/// (a CUDA <c>__global__</c> function). The GpuDsl source generator translates its body to CUDA C at compile time and
/// adds a typed launcher to the class: <c>MyKernels.Launch(blocks, threads).MyKernel(...)</c>.
/// </summary>
/// <remarks>
/// Kernel parameters may be <see cref="Span{T}"/>, <see cref="ReadOnlySpan{T}"/> (which becomes
/// <c>const T* __restrict__</c>) and unmanaged scalars, enums and structs of those. The same method still runs as
/// ordinary C# on the CPU backend, so it can be debugged with breakpoints.
/// <para>
/// A generic kernel (<c>static void Saxpy&lt;T&gt;(...) where T : unmanaged, INumber&lt;T&gt;</c>) becomes a C++
/// template with one CUDA entry point per type argument listed here: <c>[Kernel(typeof(float), typeof(double))]</c>.
/// Launch it with its type argument, <c>Launch(blocks, threads).Saxpy&lt;float&gt;(...)</c>.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class KernelAttribute : Attribute
{
    /// <summary>Marks a kernel that is not generic.</summary>
    public KernelAttribute()
    {
        TypeArguments = [];
    }

    /// <summary>Marks a generic kernel, compiled for each of <paramref name="typeArguments"/>.</summary>
    /// <param name="typeArguments">The types to instantiate the kernel's type parameter with, e.g. <c>typeof(float)</c>.</param>
    public KernelAttribute(params Type[] typeArguments)
    {
        TypeArguments = typeArguments;
    }

    /// <summary>The types a generic kernel is compiled for; empty for a kernel that is not generic.</summary>
    public IReadOnlyList<Type> TypeArguments { get; }
}
