using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// The atomics that combine the old value with the operand: minimum, maximum, CUDA's wrapping increment and decrement,
/// and the bitwise ones. Each returns the value the target held before; on the CPU backend each is one compare-exchange
/// loop or <see cref="Interlocked"/> call, so it is as atomic as on the GPU.
/// </summary>
public static partial class Gpu
{
    /// <summary>Stores the smaller of <paramref name="target"/> and <paramref name="value"/>; returns the old value (<c>atomicMin</c>).</summary>
    [CudaIntrinsic("atomicMin(&{0}, {1})")]
    public static int AtomicMin(ref int target, int value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Min(a, b));

    /// <inheritdoc cref="AtomicMin(ref int, int)"/>
    [CudaIntrinsic("atomicMin(&{0}, {1})")]
    public static uint AtomicMin(ref uint target, uint value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Min(a, b));

    /// <inheritdoc cref="AtomicMin(ref int, int)"/>
    [CudaIntrinsic("atomicMin(&{0}, {1})")]
    public static long AtomicMin(ref long target, long value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Min(a, b));

    /// <inheritdoc cref="AtomicMin(ref int, int)"/>
    [CudaIntrinsic("atomicMin(&{0}, {1})")]
    public static ulong AtomicMin(ref ulong target, ulong value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Min(a, b));

    /// <summary>Stores the larger of <paramref name="target"/> and <paramref name="value"/>; returns the old value (<c>atomicMax</c>).</summary>
    [CudaIntrinsic("atomicMax(&{0}, {1})")]
    public static int AtomicMax(ref int target, int value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Max(a, b));

    /// <inheritdoc cref="AtomicMax(ref int, int)"/>
    [CudaIntrinsic("atomicMax(&{0}, {1})")]
    public static uint AtomicMax(ref uint target, uint value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Max(a, b));

    /// <inheritdoc cref="AtomicMax(ref int, int)"/>
    [CudaIntrinsic("atomicMax(&{0}, {1})")]
    public static long AtomicMax(ref long target, long value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Max(a, b));

    /// <inheritdoc cref="AtomicMax(ref int, int)"/>
    [CudaIntrinsic("atomicMax(&{0}, {1})")]
    public static ulong AtomicMax(ref ulong target, ulong value) => Update(ref Atomically(ref target), value, static (a, b) => Math.Max(a, b));

    /// <summary>
    /// Increments <paramref name="target"/>, wrapping to 0 once it reaches <paramref name="limit"/>: stores
    /// <c>old &gt;= limit ? 0 : old + 1</c> and returns the old value (<c>atomicInc</c>). A ring-buffer index in one call.
    /// </summary>
    [CudaIntrinsic("atomicInc(&{0}, {1})")]
    public static uint AtomicInc(ref uint target, uint limit) =>
        Update(ref Atomically(ref target), limit, static (old, limit) => old >= limit ? 0 : old + 1);

    /// <summary>
    /// Decrements <paramref name="target"/>, wrapping to <paramref name="limit"/> below 0 or above the limit: stores
    /// <c>old == 0 || old &gt; limit ? limit : old - 1</c> and returns the old value (<c>atomicDec</c>).
    /// </summary>
    [CudaIntrinsic("atomicDec(&{0}, {1})")]
    public static uint AtomicDec(ref uint target, uint limit) =>
        Update(ref Atomically(ref target), limit, static (old, limit) => old == 0 || old > limit ? limit : old - 1);

    /// <summary>Stores the bitwise and of <paramref name="target"/> and <paramref name="value"/>; returns the old value (<c>atomicAnd</c>).</summary>
    [CudaIntrinsic("atomicAnd(&{0}, {1})")]
    public static int AtomicAnd(ref int target, int value) => Interlocked.And(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicAnd(ref int, int)"/>
    [CudaIntrinsic("atomicAnd(&{0}, {1})")]
    public static uint AtomicAnd(ref uint target, uint value) => Interlocked.And(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicAnd(ref int, int)"/>
    [CudaIntrinsic("gpudsl_atomic_and(&{0}, {1})")]
    public static long AtomicAnd(ref long target, long value) => Interlocked.And(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicAnd(ref int, int)"/>
    [CudaIntrinsic("atomicAnd(&{0}, {1})")]
    public static ulong AtomicAnd(ref ulong target, ulong value) => Interlocked.And(ref Atomically(ref target), value);

    /// <summary>Stores the bitwise or of <paramref name="target"/> and <paramref name="value"/>; returns the old value (<c>atomicOr</c>).</summary>
    [CudaIntrinsic("atomicOr(&{0}, {1})")]
    public static int AtomicOr(ref int target, int value) => Interlocked.Or(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicOr(ref int, int)"/>
    [CudaIntrinsic("atomicOr(&{0}, {1})")]
    public static uint AtomicOr(ref uint target, uint value) => Interlocked.Or(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicOr(ref int, int)"/>
    [CudaIntrinsic("gpudsl_atomic_or(&{0}, {1})")]
    public static long AtomicOr(ref long target, long value) => Interlocked.Or(ref Atomically(ref target), value);

    /// <inheritdoc cref="AtomicOr(ref int, int)"/>
    [CudaIntrinsic("atomicOr(&{0}, {1})")]
    public static ulong AtomicOr(ref ulong target, ulong value) => Interlocked.Or(ref Atomically(ref target), value);

    /// <summary>Stores the bitwise exclusive or of <paramref name="target"/> and <paramref name="value"/>; returns the old value (<c>atomicXor</c>).</summary>
    [CudaIntrinsic("atomicXor(&{0}, {1})")]
    public static int AtomicXor(ref int target, int value) => Update(ref Atomically(ref target), value, static (a, b) => (int)(a ^ b));

    /// <inheritdoc cref="AtomicXor(ref int, int)"/>
    [CudaIntrinsic("atomicXor(&{0}, {1})")]
    public static uint AtomicXor(ref uint target, uint value) => Update(ref Atomically(ref target), value, static (a, b) => (uint)(a ^ b));

    /// <inheritdoc cref="AtomicXor(ref int, int)"/>
    [CudaIntrinsic("gpudsl_atomic_xor(&{0}, {1})")]
    public static long AtomicXor(ref long target, long value) => Update(ref Atomically(ref target), value, static (a, b) => (long)(a ^ b));

    /// <inheritdoc cref="AtomicXor(ref int, int)"/>
    [CudaIntrinsic("atomicXor(&{0}, {1})")]
    public static ulong AtomicXor(ref ulong target, ulong value) => Update(ref Atomically(ref target), value, static (a, b) => (ulong)(a ^ b));
}
