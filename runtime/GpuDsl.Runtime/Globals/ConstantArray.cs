using System.Runtime.CompilerServices;

namespace GpuDsl;

/// <summary>
/// A read-only array in GPU constant memory (CUDA's <c>__constant__ T name[N];</c>), filled by the host per context at
/// run time: filter taps, lookup tables, coefficients computed at startup. Declare it as a <c>static readonly</c> field
/// of the class whose kernels read it, its length a constant; kernels index it and read <see cref="Length"/>:
/// <code>
/// static readonly ConstantArray&lt;float&gt; Taps = new(64);
///
/// [Kernel] static void Filter(...) { for (int k = 0; k &lt; Taps.Length; k++) sum += Taps[k] * x[i + k]; ... }
///
/// Filters.Taps.Set(gpu, taps);   // cudaMemcpyToSymbol
/// </code>
/// For values known when the program is compiled, a <see href="https://github.com/gpudsl/gpudsl#constant-tables">constant
/// table</see> needs no copy. Constant memory serves a warp fastest when all its threads read the same element.
/// </summary>
/// <typeparam name="T">A type GPU code can hold: a scalar, <see cref="Half"/>, <see cref="BFloat16"/>, an enum or a struct of those.</typeparam>
/// <remarks>
/// The length is the constructor's argument, a compile-time constant: <c>new(64)</c> reads as the array it declares,
/// where an attribute's <c>Length = 64</c> would sit away from the type, and a fixed-size buffer cannot hold structs or
/// <see cref="Half"/>. The indexer has no setter, so a write from a kernel does not compile (CS0200), as constant
/// memory is read-only on the GPU.
/// </remarks>
public sealed class ConstantArray<T> : DeviceSymbol where T : unmanaged
{
    /// <summary>Declares the array; each context's copy starts as zeros.</summary>
    /// <param name="length">The element count, a compile-time constant of at least 1.</param>
    public ConstantArray(int length)
        : base(length, Unsafe.SizeOf<T>()) => ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);

    /// <summary>The element count.</summary>
    public int Length => ElementCount;

    /// <summary>In a kernel or a <see cref="DeviceAttribute">[Device]</see> method: element <paramref name="index"/>.</summary>
    public T this[int index] => ((T[])CurrentStorage("An element"))[index];

    /// <summary>
    /// Writes <paramref name="values"/> into <paramref name="context"/>'s copy from element <paramref name="start"/> on,
    /// in order with the work queued on its default stream (<c>cudaMemcpyToSymbol</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The values do not fit from <paramref name="start"/>.</exception>
    /// <exception cref="InvalidOperationException">No kernel reads the array, so no module defines it.</exception>
    public void Set(GpuContext context, ReadOnlySpan<T> values, int start = 0)
    {
        CheckRange(start, values.Length);
        Write(context, start * ElementSize, BytesOf(values));
    }

    /// <summary>Reads <paramref name="context"/>'s copy (<c>cudaMemcpyFromSymbol</c>).</summary>
    /// <exception cref="InvalidOperationException">No kernel reads the array, so no module defines it.</exception>
    public T[] Get(GpuContext context)
    {
        T[] values = new T[Length];
        Read(context, 0, BytesOf(values.AsSpan()));
        return values;
    }

    private void CheckRange(int start, int count)
    {
        if (start < 0 || count > Length - start)
        {
            throw new ArgumentOutOfRangeException(nameof(start),
                $"{count} values from element {start} do not fit in {this}, which has {Length} elements.");
        }
    }

    internal override Array NewStorage() => new T[Length];
}
