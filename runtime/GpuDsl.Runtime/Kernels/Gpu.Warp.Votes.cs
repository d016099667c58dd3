using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// Warp votes, matches and reductions with an explicit lane mask, as CUDA's <c>_sync</c> intrinsics take them: only the
/// lanes whose bits are set in <c>mask</c> take part and count, and each must call with the same mask.
/// </summary>
public static partial class Gpu
{
    /// <summary>A bit per lane of <paramref name="mask"/> where <paramref name="predicate"/> is true; lanes outside the mask
    /// give 0 (<c>__ballot_sync(mask, predicate)</c>).</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="predicate">This lane's vote.</param>
    [CudaIntrinsic("__ballot_sync({0}, {1})")]
    public static uint Ballot(uint mask, bool predicate) => (uint)CpuThread.Current.Collect(mask, predicate ? 1 : 0, WarpOperation.Ballot);

    /// <summary>Whether <paramref name="predicate"/> is true on every lane of <paramref name="mask"/>
    /// (<c>__all_sync(mask, predicate)</c>).</summary>
    /// <inheritdoc cref="Ballot(uint, bool)" path="/param"/>
    [CudaIntrinsic("__all_sync({0}, {1})")]
    public static bool All(uint mask, bool predicate) => CpuThread.Current.Collect(mask, predicate ? 0 : 1, WarpOperation.Ballot) == 0;

    /// <summary>Whether <paramref name="predicate"/> is true on any lane of <paramref name="mask"/>
    /// (<c>__any_sync(mask, predicate)</c>).</summary>
    /// <inheritdoc cref="Ballot(uint, bool)" path="/param"/>
    [CudaIntrinsic("__any_sync({0}, {1})")]
    public static bool Any(uint mask, bool predicate) => CpuThread.Current.Collect(mask, predicate ? 1 : 0, WarpOperation.Ballot) != 0;

    /// <summary>The lanes of <paramref name="mask"/> whose <paramref name="value"/> equals this lane's, this lane included
    /// (<c>__match_any_sync(mask, value)</c>): groups the lanes by key. Floating-point values match by their bits, as
    /// CUDA compares them: a NaN matches the same NaN, and 0.0 does not match -0.0.</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's key.</param>
    [CudaIntrinsic("__match_any_sync({0}, {1})")]
    public static uint MatchAny(uint mask, int value) => (uint)CpuThread.Current.Collect(mask, value, WarpOperation.Match);

    /// <inheritdoc cref="MatchAny(uint, int)"/>
    [CudaIntrinsic("__match_any_sync({0}, {1})")]
    public static uint MatchAny(uint mask, uint value) => (uint)CpuThread.Current.Collect(mask, value, WarpOperation.Match);

    /// <inheritdoc cref="MatchAny(uint, int)"/>
    [CudaIntrinsic("__match_any_sync({0}, {1})")]
    public static uint MatchAny(uint mask, long value) => (uint)CpuThread.Current.Collect(mask, value, WarpOperation.Match);

    /// <inheritdoc cref="MatchAny(uint, int)"/>
    [CudaIntrinsic("__match_any_sync({0}, {1})")]
    public static uint MatchAny(uint mask, ulong value) => (uint)CpuThread.Current.Collect(mask, (long)value, WarpOperation.Match);

    /// <inheritdoc cref="MatchAny(uint, int)"/>
    [CudaIntrinsic("__match_any_sync({0}, {1})")]
    public static uint MatchAny(uint mask, float value) => (uint)CpuThread.Current.Collect(mask, BitConverter.SingleToInt32Bits(value), WarpOperation.Match);

    /// <inheritdoc cref="MatchAny(uint, int)"/>
    [CudaIntrinsic("__match_any_sync({0}, {1})")]
    public static uint MatchAny(uint mask, double value) => (uint)CpuThread.Current.Collect(mask, BitConverter.DoubleToInt64Bits(value), WarpOperation.Match);

    /// <summary>The sum of <paramref name="value"/> over the lanes of <paramref name="mask"/>, wrapping on overflow, for every lane that takes part (<c>__reduce_add_sync(mask, value)</c>; compute capability 8.0
    /// and later).</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    [CudaIntrinsic("__reduce_add_sync({0}, {1})")]
    public static int ReduceAdd(uint mask, int value) => (int)CpuThread.Current.Collect(mask, value, WarpOperation.Add);

    /// <inheritdoc cref="ReduceAdd(uint, int)"/>
    [CudaIntrinsic("__reduce_add_sync({0}, {1})")]
    public static uint ReduceAdd(uint mask, uint value) => (uint)CpuThread.Current.Collect(mask, value, WarpOperation.Add);

    /// <summary>The smallest <paramref name="value"/> of the lanes of <paramref name="mask"/>, for every lane that takes part (<c>__reduce_min_sync(mask, value)</c>; compute capability 8.0
    /// and later).</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    [CudaIntrinsic("__reduce_min_sync({0}, {1})")]
    public static int ReduceMin(uint mask, int value) => (int)CpuThread.Current.Collect(mask, value, WarpOperation.Min);

    /// <inheritdoc cref="ReduceMin(uint, int)"/>
    [CudaIntrinsic("__reduce_min_sync({0}, {1})")]
    public static uint ReduceMin(uint mask, uint value) => (uint)CpuThread.Current.Collect(mask, value, WarpOperation.Min);

    /// <summary>The largest <paramref name="value"/> of the lanes of <paramref name="mask"/>, for every lane that takes part (<c>__reduce_max_sync(mask, value)</c>; compute capability 8.0
    /// and later).</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    [CudaIntrinsic("__reduce_max_sync({0}, {1})")]
    public static int ReduceMax(uint mask, int value) => (int)CpuThread.Current.Collect(mask, value, WarpOperation.Max);

    /// <inheritdoc cref="ReduceMax(uint, int)"/>
    [CudaIntrinsic("__reduce_max_sync({0}, {1})")]
    public static uint ReduceMax(uint mask, uint value) => (uint)CpuThread.Current.Collect(mask, value, WarpOperation.Max);

    /// <summary>The bitwise and of <paramref name="value"/> over the lanes of <paramref name="mask"/>, for every lane that takes part (<c>__reduce_and_sync(mask, value)</c>; compute capability 8.0
    /// and later).</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    [CudaIntrinsic("__reduce_and_sync({0}, {1})")]
    public static uint ReduceAnd(uint mask, uint value) => (uint)CpuThread.Current.Collect(mask, value, WarpOperation.And);

    /// <summary>The bitwise or of <paramref name="value"/> over the lanes of <paramref name="mask"/>, for every lane that takes part (<c>__reduce_or_sync(mask, value)</c>; compute capability 8.0
    /// and later).</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    [CudaIntrinsic("__reduce_or_sync({0}, {1})")]
    public static uint ReduceOr(uint mask, uint value) => (uint)CpuThread.Current.Collect(mask, value, WarpOperation.Or);

    /// <summary>The bitwise exclusive or of <paramref name="value"/> over the lanes of <paramref name="mask"/>, for every lane that takes part (<c>__reduce_xor_sync(mask, value)</c>; compute capability 8.0
    /// and later).</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    [CudaIntrinsic("__reduce_xor_sync({0}, {1})")]
    public static uint ReduceXor(uint mask, uint value) => (uint)CpuThread.Current.Collect(mask, value, WarpOperation.Xor);
}
