using System.Runtime.CompilerServices;

namespace GpuDsl;

/// <summary>
/// A variable in GPU global memory that every thread of every launch sees (CUDA's <c>__device__ T name;</c>), set and
/// read by the host per context: a counter of finished blocks, a flag, a running total. Declare it as a
/// <c>static readonly</c> field of the class whose kernels use it, and use <see cref="Value"/> in its kernels and the
/// <see cref="DeviceAttribute">[Device]</see> methods they call:
/// <code>
/// static readonly DeviceGlobal&lt;uint&gt; RetirementCount = new();
///
/// [Kernel] static void Sum(...) { ... uint ticket = Gpu.AtomicAdd(ref RetirementCount.Value, 1u); ... }
///
/// Reductions.RetirementCount.Set(gpu, 0);   // cudaMemcpyToSymbol
/// </code>
/// </summary>
/// <typeparam name="T">A type GPU code can hold: a scalar, <see cref="Half"/>, <see cref="BFloat16"/>, an enum or a struct of those.</typeparam>
public sealed class DeviceGlobal<T> : DeviceSymbol where T : unmanaged
{
    /// <summary>Declares the variable; each context's copy starts at zero.</summary>
    public DeviceGlobal()
        : base(1, Unsafe.SizeOf<T>())
    {
    }

    /// <summary>
    /// In a kernel or a <see cref="DeviceAttribute">[Device]</see> method: the variable itself, to read, assign or pass
    /// by <c>ref</c> to an atomic (<c>Gpu.AtomicAdd(ref Count.Value, 1)</c>). Not available on the host: use
    /// <see cref="Get"/> and <see cref="Set"/>.
    /// </summary>
    public ref T Value => ref ((T[])CurrentStorage("Value"))[0];

    /// <summary>Reads <paramref name="context"/>'s copy, after the work queued before on its default stream (<c>cudaMemcpyFromSymbol</c>).</summary>
    /// <exception cref="InvalidOperationException">No kernel uses the variable, so no module defines it.</exception>
    public T Get(GpuContext context)
    {
        T value = default;
        Read(context, 0, BytesOf(new Span<T>(ref value)));
        return value;
    }

    /// <summary>Writes <paramref name="context"/>'s copy, in order with the work queued on its default stream (<c>cudaMemcpyToSymbol</c>).</summary>
    /// <exception cref="InvalidOperationException">No kernel uses the variable, so no module defines it.</exception>
    public void Set(GpuContext context, T value) => Write(context, 0, BytesOf(new ReadOnlySpan<T>(in value)));

    internal override Array NewStorage() => new T[1];
}
