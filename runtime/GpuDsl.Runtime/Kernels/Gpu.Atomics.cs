using System.Runtime.CompilerServices;
using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// Atomic read-modify-write operations on device or shared memory, as CUDA's <c>atomicAdd</c> family: each returns the
/// value the target held before the operation. Pass an element by reference: <c>Gpu.AtomicAdd(ref counts[bin], 1)</c>.
/// On the CPU backend they are real atomic operations.
/// </summary>
public static partial class Gpu
{
    /// <summary>Adds <paramref name="value"/> to <paramref name="target"/>; returns the old value (<c>atomicAdd</c>).</summary>
    [CudaIntrinsic("atomicAdd(&{0}, {1})")]
    public static int AtomicAdd(ref int target, int value) => Interlocked.Add(ref Atomically(ref target), value) - value;

    /// <inheritdoc cref="AtomicAdd(ref int, int)"/>
    [CudaIntrinsic("atomicAdd(&{0}, {1})")]
    public static uint AtomicAdd(ref uint target, uint value) => Interlocked.Add(ref Atomically(ref target), value) - value;

    /// <inheritdoc cref="AtomicAdd(ref int, int)"/>
    [CudaIntrinsic("(long long)atomicAdd((unsigned long long*)&{0}, (unsigned long long){1})")]
    public static long AtomicAdd(ref long target, long value) => Interlocked.Add(ref Atomically(ref target), value) - value;

    /// <inheritdoc cref="AtomicAdd(ref int, int)"/>
    [CudaIntrinsic("atomicAdd(&{0}, {1})")]
    public static ulong AtomicAdd(ref ulong target, ulong value) => Interlocked.Add(ref Atomically(ref target), value) - value;

    /// <inheritdoc cref="AtomicAdd(ref int, int)"/>
    [CudaIntrinsic("atomicAdd(&{0}, {1})")]
    public static float AtomicAdd(ref float target, float value)
    {
        float old = Volatile.Read(ref Atomically(ref target));
        while (true)
        {
            float seen = Interlocked.CompareExchange(ref target, old + value, old);
            if (BitConverter.SingleToInt32Bits(seen) == BitConverter.SingleToInt32Bits(old))
            {
                return old;
            }

            old = seen;
        }
    }

    /// <inheritdoc cref="AtomicAdd(ref int, int)"/>
    [CudaIntrinsic("atomicAdd(&{0}, {1})")]
    public static double AtomicAdd(ref double target, double value)
    {
        double old = Volatile.Read(ref Atomically(ref target));
        while (true)
        {
            double seen = Interlocked.CompareExchange(ref target, old + value, old);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(old))
            {
                return old;
            }

            old = seen;
        }
    }

    /// <summary>Subtracts <paramref name="value"/> from <paramref name="target"/>, wrapping; returns the old value (<c>atomicSub</c>).</summary>
    [CudaIntrinsic("atomicSub(&{0}, {1})")]
    public static int AtomicSub(ref int target, int value) => unchecked(Interlocked.Add(ref Atomically(ref target), -value) + value);

    /// <inheritdoc cref="AtomicSub(ref int, int)"/>
    [CudaIntrinsic("atomicSub(&{0}, {1})")]
    public static uint AtomicSub(ref uint target, uint value) => unchecked(Interlocked.Add(ref Atomically(ref target), 0u - value) + value);

    /// <summary>Stores <paramref name="value"/>; returns the old value (<c>atomicExch</c>).</summary>
    [CudaIntrinsic("atomicExch(&{0}, {1})")]
    public static int AtomicExchange(ref int target, int value) => Interlocked.Exchange(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicExchange(ref int, int)"/>
    [CudaIntrinsic("atomicExch(&{0}, {1})")]
    public static uint AtomicExchange(ref uint target, uint value) => Interlocked.Exchange(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicExchange(ref int, int)"/>
    [CudaIntrinsic("gpudsl_atomic_exch(&{0}, {1})")]
    public static long AtomicExchange(ref long target, long value) => Interlocked.Exchange(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicExchange(ref int, int)"/>
    [CudaIntrinsic("atomicExch(&{0}, {1})")]
    public static ulong AtomicExchange(ref ulong target, ulong value) => Interlocked.Exchange(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicExchange(ref int, int)"/>
    [CudaIntrinsic("atomicExch(&{0}, {1})")]
    public static float AtomicExchange(ref float target, float value) => Interlocked.Exchange(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicExchange(ref int, int)"/>
    [CudaIntrinsic("gpudsl_atomic_exch(&{0}, {1})")]
    public static double AtomicExchange(ref double target, double value) => Interlocked.Exchange(ref Atomically(ref target), value);

    /// <summary>
    /// Stores <paramref name="value"/> if <paramref name="target"/> equals <paramref name="comparand"/>; returns the old
    /// value either way (<c>atomicCAS</c>; the argument order is <see cref="Interlocked.CompareExchange(ref int, int, int)"/>'s).
    /// Floating-point values compare by their bits, as CUDA code does with <c>atomicCAS</c> on <c>__float_as_int</c>: a NaN
    /// equals the same NaN, and 0.0 does not equal -0.0.
    /// </summary>
    [CudaIntrinsic("atomicCAS(&{0}, {2}, {1})")]
    public static int AtomicCompareExchange(ref int target, int value, int comparand) => Interlocked.CompareExchange(ref Atomically(ref target), value, comparand);

    /// <inheritdoc cref="AtomicCompareExchange(ref int, int, int)"/>
    [CudaIntrinsic("atomicCAS(&{0}, {2}, {1})")]
    public static uint AtomicCompareExchange(ref uint target, uint value, uint comparand) => Interlocked.CompareExchange(ref Atomically(ref target), value, comparand);

    /// <inheritdoc cref="AtomicCompareExchange(ref int, int, int)"/>
    [CudaIntrinsic("gpudsl_atomic_cas(&{0}, {2}, {1})")]
    public static long AtomicCompareExchange(ref long target, long value, long comparand) => Interlocked.CompareExchange(ref Atomically(ref target), value, comparand);

    /// <inheritdoc cref="AtomicCompareExchange(ref int, int, int)"/>
    [CudaIntrinsic("atomicCAS(&{0}, {2}, {1})")]
    public static ulong AtomicCompareExchange(ref ulong target, ulong value, ulong comparand) => Interlocked.CompareExchange(ref Atomically(ref target), value, comparand);

    /// <inheritdoc cref="AtomicCompareExchange(ref int, int, int)"/>
    [CudaIntrinsic("gpudsl_atomic_cas(&{0}, {2}, {1})")]
    public static float AtomicCompareExchange(ref float target, float value, float comparand) => CompareExchange(ref Atomically(ref target), value, comparand);

    /// <inheritdoc cref="AtomicCompareExchange(ref int, int, int)"/>
    [CudaIntrinsic("gpudsl_atomic_cas(&{0}, {2}, {1})")]
    public static double AtomicCompareExchange(ref double target, double value, double comparand) => CompareExchange(ref Atomically(ref target), value, comparand);

    /// <summary>Tells the CPU backend's race check, when one runs, that <paramref name="target"/> is updated atomically.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Atomically<T>(ref T target) where T : unmanaged => ref CpuRaceCheck.Noted(ref target, SpanAccess.Atomic);

    /// <summary>Stores <c>combine(old, value)</c> in <paramref name="target"/> atomically, by compare-exchange on its
    /// bits; returns the old value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Update<T>(ref T target, T value, Func<T, T, T> combine) where T : unmanaged, IEquatable<T>
    {
        T old = target;
        while (true)
        {
            T seen = CompareExchange(ref target, combine(old, value), old);
            if (seen.Equals(old))
            {
                return old;
            }

            old = seen;
        }
    }

    /// <summary>Interlocked.CompareExchange on the bits of a 4- or 8-byte value.</summary>
    private static T CompareExchange<T>(ref T target, T value, T comparand) where T : unmanaged =>
        Unsafe.SizeOf<T>() == sizeof(int)
            ? Unsafe.BitCast<int, T>(Interlocked.CompareExchange(ref Unsafe.As<T, int>(ref target), Unsafe.BitCast<T, int>(value), Unsafe.BitCast<T, int>(comparand)))
            : Unsafe.BitCast<long, T>(Interlocked.CompareExchange(ref Unsafe.As<T, long>(ref target), Unsafe.BitCast<T, long>(value), Unsafe.BitCast<T, long>(comparand)));
}
