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
/// template with one CUDA entry point per type it is launched with in its project,
/// <c>Launch(blocks, threads).Saxpy(2f, x, y)</c> or <c>.Saxpy&lt;double&gt;(...)</c>, found by the generator. Types it is
/// launched with where the generator cannot see them (through a generic method, or from another assembly) are listed
/// here: <c>[Kernel(typeof(float), typeof(double))]</c>.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class KernelAttribute : Attribute
{
    /// <summary>Marks a kernel: one that is not generic, or a generic one compiled for the types it is launched with.</summary>
    public KernelAttribute()
    {
        TypeArguments = [];
    }

    /// <summary>Marks a generic kernel, compiled for each of <paramref name="typeArguments"/> besides the types it is launched with.</summary>
    /// <param name="typeArguments">The types to instantiate the kernel's type parameter with, e.g. <c>typeof(float)</c>.</param>
    public KernelAttribute(params Type[] typeArguments)
    {
        TypeArguments = typeArguments;
    }

    /// <summary>The types a generic kernel is compiled for besides those found at its launches; empty when none are listed.</summary>
    public IReadOnlyList<Type> TypeArguments { get; }

    /// <summary>
    /// Whether this kernel may compute <c>a * b + c</c> as one fused multiply-add (one rounding, faster) instead of rounding
    /// the product and the sum separately as C# does. Unset, it follows the project's <c>GpuDslContractFloatingPoint</c>
    /// property (false by default). Set true, each multiply-add within one expression (and <c>s += a * b</c>) is fused;
    /// set false, its products are never fused, even in a project that contracts. The CPU backend always rounds as C#.
    /// </summary>
    public bool ContractFloatingPoint { get; set; }

    /// <summary>
    /// States that every launch of this kernel fits what its code assumes, as CUDA samples written for one launch shape
    /// do: one thread per element (<c>data[i]</c> with no bounds check), or a barrier after <c>if (i &gt;= n) return;</c>
    /// or inside <c>if (tid &lt; size)</c> that no launch splits. Set true, each such place that the build would warn
    /// about (GPU0027, GPU0030, GPU0037) and whose condition compares <c>Gpu.ThreadIdx.X</c> or the global index
    /// <c>Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X</c> with a constant, an integer parameter or a span
    /// parameter's <c>Length</c> becomes a test of every launch, on both backends and before anything runs, that throws
    /// <see cref="InvalidLaunchException"/> naming the code and the numbers. Where the launcher cannot test the
    /// assumption exactly, the warnings stay.
    /// </summary>
    public bool ExactLaunch { get; set; }
}
