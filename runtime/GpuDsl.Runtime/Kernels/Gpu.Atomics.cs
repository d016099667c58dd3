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

    /// <summary>Stores the smaller of <paramref name="target"/> and <paramref name="value"/>; returns the old value (<c>atomicMin</c>).</summary>
    [CudaIntrinsic("atomicMin(&{0}, {1})")]
    public static int AtomicMin(ref int target, int value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Min(a, b));

    /// <inheritdoc cref="AtomicMin(ref int, int)"/>
    [CudaIntrinsic("atomicMin(&{0}, {1})")]
    public static uint AtomicMin(ref uint target, uint value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Min(a, b));

    /// <inheritdoc cref="AtomicMin(ref int, int)"/>
    [CudaIntrinsic("atomicMin(&{0}, {1})")]
    public static long AtomicMin(ref long target, long value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Min(a, b));

    /// <summary>Stores the larger of <paramref name="target"/> and <paramref name="value"/>; returns the old value (<c>atomicMax</c>).</summary>
    [CudaIntrinsic("atomicMax(&{0}, {1})")]
    public static int AtomicMax(ref int target, int value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Max(a, b));

    /// <inheritdoc cref="AtomicMax(ref int, int)"/>
    [CudaIntrinsic("atomicMax(&{0}, {1})")]
    public static uint AtomicMax(ref uint target, uint value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Max(a, b));

    /// <inheritdoc cref="AtomicMax(ref int, int)"/>
    [CudaIntrinsic("atomicMax(&{0}, {1})")]
    public static long AtomicMax(ref long target, long value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Max(a, b));

    /// <summary>Stores <paramref name="value"/>; returns the old value (<c>atomicExch</c>).</summary>
    [CudaIntrinsic("atomicExch(&{0}, {1})")]
    public static int AtomicExchange(ref int target, int value) => Interlocked.Exchange(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicExchange(ref int, int)"/>
    [CudaIntrinsic("atomicExch(&{0}, {1})")]
    public static uint AtomicExchange(ref uint target, uint value) => Interlocked.Exchange(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicExchange(ref int, int)"/>
    [CudaIntrinsic("atomicExch(&{0}, {1})")]
    public static float AtomicExchange(ref float target, float value) => Interlocked.Exchange(ref Atomically(ref target), value);

    /// <summary>
    /// Stores <paramref name="value"/> if <paramref name="target"/> equals <paramref name="comparand"/>; returns the old
    /// value either way (<c>atomicCAS</c>; the argument order is <see cref="Interlocked.CompareExchange(ref int, int, int)"/>'s).
    /// </summary>
    [CudaIntrinsic("atomicCAS(&{0}, {2}, {1})")]
    public static int AtomicCompareExchange(ref int target, int value, int comparand) => Interlocked.CompareExchange(ref Atomically(ref target), value, comparand);

    /// <inheritdoc cref="AtomicCompareExchange(ref int, int, int)"/>
    [CudaIntrinsic("atomicCAS(&{0}, {2}, {1})")]
    public static uint AtomicCompareExchange(ref uint target, uint value, uint comparand) => Interlocked.CompareExchange(ref Atomically(ref target), value, comparand);

    /// <inheritdoc cref="AtomicCompareExchange(ref int, int, int)"/>
    [CudaIntrinsic("atomicCAS(&{0}, {2}, {1})")]
    public static ulong AtomicCompareExchange(ref ulong target, ulong value, ulong comparand) => Interlocked.CompareExchange(ref Atomically(ref target), value, comparand);

    /// <summary>Tells the CPU backend's race check, when one runs, that <paramref name="target"/> is updated atomically.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Atomically<T>(ref T target) where T : unmanaged => ref CpuRaceCheck.Noted(ref target, SpanAccess.Atomic);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Update<T>(ref T target, T value, Func<T, T, T> combine) where T : struct, IEquatable<T>
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

    private static T CompareExchange<T>(ref T target, T value, T comparand) where T : struct =>
        typeof(T) == typeof(int) ? (T)(object)Interlocked.CompareExchange(ref Unsafe.As<T, int>(ref target), (int)(object)value, (int)(object)comparand)
        : typeof(T) == typeof(uint) ? (T)(object)Interlocked.CompareExchange(ref Unsafe.As<T, uint>(ref target), (uint)(object)value, (uint)(object)comparand)
        : (T)(object)Interlocked.CompareExchange(ref Unsafe.As<T, long>(ref target), (long)(object)value, (long)(object)comparand);
}
