using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// Warp-level intrinsics: the lanes of a warp (32 threads, consecutive in the block, x fastest) exchange registers
/// without shared memory. Each maps to CUDA's <c>_sync</c> form over the full warp, so every lane of the warp must make
/// the call and blocks should be a multiple of 32 threads. The overloads that take a <c>mask</c> (in
/// <c>Gpu.Warp.Sync.cs</c>) name the lanes that take part instead. On the CPU backend the lanes really exchange values,
/// and a lane that skips the call is reported instead of hanging.
/// </summary>
public static partial class Gpu
{
    /// <summary>Threads per warp (CUDA <c>warpSize</c>): 32.</summary>
    [CudaIntrinsic("warpSize")]
    public static int WarpSize => CpuWarp.Size;

    /// <summary>This thread's lane in its warp, 0 to 31.</summary>
    [CudaIntrinsic("gpudsl_lane_id()")]
    public static int LaneId => CpuThread.Current.LaneInWarp;

    /// <summary>The value of lane (this lane + <paramref name="delta"/>), or this lane's own when that is past the warp
    /// (<c>__shfl_down_sync</c>). The step of a warp reduction.</summary>
    [CudaIntrinsic("__shfl_down_sync(0xffffffffu, {0}, {1})")]
    public static int ShuffleDown(int value, int delta) => ShuffleDown(FullMask, value, delta);

    /// <inheritdoc cref="ShuffleDown(int, int)"/>
    [CudaIntrinsic("__shfl_down_sync(0xffffffffu, {0}, {1})")]
    public static uint ShuffleDown(uint value, int delta) => ShuffleDown(FullMask, value, delta);

    /// <inheritdoc cref="ShuffleDown(int, int)"/>
    [CudaIntrinsic("__shfl_down_sync(0xffffffffu, {0}, {1})")]
    public static long ShuffleDown(long value, int delta) => ShuffleDown(FullMask, value, delta);

    /// <inheritdoc cref="ShuffleDown(int, int)"/>
    [CudaIntrinsic("__shfl_down_sync(0xffffffffu, {0}, {1})")]
    public static float ShuffleDown(float value, int delta) => ShuffleDown(FullMask, value, delta);

    /// <inheritdoc cref="ShuffleDown(int, int)"/>
    [CudaIntrinsic("__shfl_down_sync(0xffffffffu, {0}, {1})")]
    public static double ShuffleDown(double value, int delta) => ShuffleDown(FullMask, value, delta);

    /// <summary>The value of lane (this lane - <paramref name="delta"/>), or this lane's own below lane 0
    /// (<c>__shfl_up_sync</c>). The step of a warp scan.</summary>
    [CudaIntrinsic("__shfl_up_sync(0xffffffffu, {0}, {1})")]
    public static int ShuffleUp(int value, int delta) => ShuffleUp(FullMask, value, delta);

    /// <inheritdoc cref="ShuffleUp(int, int)"/>
    [CudaIntrinsic("__shfl_up_sync(0xffffffffu, {0}, {1})")]
    public static float ShuffleUp(float value, int delta) => ShuffleUp(FullMask, value, delta);

    /// <summary>The value of lane (this lane XOR <paramref name="laneMask"/>) (<c>__shfl_xor_sync</c>): a butterfly step,
    /// after which every lane holds the result of a reduction.</summary>
    [CudaIntrinsic("__shfl_xor_sync(0xffffffffu, {0}, {1})")]
    public static int ShuffleXor(int value, int laneMask) => ShuffleXor(FullMask, value, laneMask);

    /// <inheritdoc cref="ShuffleXor(int, int)"/>
    [CudaIntrinsic("__shfl_xor_sync(0xffffffffu, {0}, {1})")]
    public static float ShuffleXor(float value, int laneMask) => ShuffleXor(FullMask, value, laneMask);

    /// <inheritdoc cref="ShuffleXor(int, int)"/>
    [CudaIntrinsic("__shfl_xor_sync(0xffffffffu, {0}, {1})")]
    public static double ShuffleXor(double value, int laneMask) => ShuffleXor(FullMask, value, laneMask);

    /// <summary>The value of lane <paramref name="sourceLane"/> (modulo 32) (<c>__shfl_sync</c>): a broadcast.</summary>
    [CudaIntrinsic("__shfl_sync(0xffffffffu, {0}, {1})")]
    public static int Shuffle(int value, int sourceLane) => Shuffle(FullMask, value, sourceLane);

    /// <inheritdoc cref="Shuffle(int, int)"/>
    [CudaIntrinsic("__shfl_sync(0xffffffffu, {0}, {1})")]
    public static float Shuffle(float value, int sourceLane) => Shuffle(FullMask, value, sourceLane);

    /// <summary>
    /// <see cref="ShuffleDown(int, int)"/> of a value of any unmanaged type <typeparamref name="T"/>: a generic kernel's
    /// number type, as CUDA's templated <c>__shfl_down_sync</c> takes it (reductions written once for every element
    /// type), or a struct, as ILGPU shuffles one. The value's bytes move as 4-byte words, one 32-bit shuffle each (as
    /// CUDA's own <c>double</c> and <c>long long</c> shuffles do), so every type reads back exactly what was sent.
    /// </summary>
    [CudaIntrinsic("gpudsl_shfl_down_sync(0xffffffffu, {0}, {1}, 32)")]
    public static T ShuffleDown<T>(T value, int delta) where T : unmanaged => Shuffled(FullMask, value, ShuffleMode.Down, delta, WarpSize32);

    /// <summary><see cref="ShuffleUp(int, int)"/> of any unmanaged type, a struct too (see <see cref="ShuffleDown{T}(T, int)"/>).</summary>
    [CudaIntrinsic("gpudsl_shfl_up_sync(0xffffffffu, {0}, {1}, 32)")]
    public static T ShuffleUp<T>(T value, int delta) where T : unmanaged => Shuffled(FullMask, value, ShuffleMode.Up, delta, WarpSize32);

    /// <summary><see cref="ShuffleXor(int, int)"/> of any unmanaged type, a struct too (see <see cref="ShuffleDown{T}(T, int)"/>).</summary>
    [CudaIntrinsic("gpudsl_shfl_xor_sync(0xffffffffu, {0}, {1}, 32)")]
    public static T ShuffleXor<T>(T value, int laneMask) where T : unmanaged => Shuffled(FullMask, value, ShuffleMode.Xor, laneMask, WarpSize32);

    /// <summary><see cref="Shuffle(int, int)"/> of any unmanaged type, a struct too (see <see cref="ShuffleDown{T}(T, int)"/>).</summary>
    [CudaIntrinsic("gpudsl_shfl_sync(0xffffffffu, {0}, {1}, 32)")]
    public static T Shuffle<T>(T value, int sourceLane) where T : unmanaged => Shuffled(FullMask, value, ShuffleMode.Idx, sourceLane, WarpSize32);

    /// <summary>A bit per lane of the warp, set where <paramref name="predicate"/> is true (<c>__ballot_sync</c>).</summary>
    [CudaIntrinsic("__ballot_sync(0xffffffffu, {0})")]
    public static uint Ballot(bool predicate) => Ballot(FullMask, predicate);

    /// <summary>Whether <paramref name="predicate"/> is true on every lane of the warp (<c>__all_sync</c>).</summary>
    [CudaIntrinsic("__all_sync(0xffffffffu, {0})")]
    public static bool All(bool predicate) => All(FullMask, predicate);

    /// <summary>Whether <paramref name="predicate"/> is true on any lane of the warp (<c>__any_sync</c>).</summary>
    [CudaIntrinsic("__any_sync(0xffffffffu, {0})")]
    public static bool Any(bool predicate) => Any(FullMask, predicate);

    /// <summary>Waits until every lane of the warp has arrived (<c>__syncwarp()</c>).</summary>
    [CudaIntrinsic("__syncwarp()")]
    public static void SyncWarp() => CpuThread.Current.SyncWarp(FullMask);

    /// <summary>
    /// Waits until every lane of <paramref name="mask"/> has arrived, and makes their earlier memory writes visible to
    /// each other (<c>__syncwarp(mask)</c>): the step between two stages of a warp's work in shared memory when only some
    /// lanes take part. Every lane of <paramref name="mask"/> must call it with the same mask, and the caller must be
    /// one of them; lanes outside it go on. The CPU backend waits for exactly those lanes and reports a lane that is
    /// missing or calls with another mask.
    /// </summary>
    /// <param name="mask">The lanes that meet; must include the calling lane.</param>
    [CudaIntrinsic("__syncwarp({0})")]
    public static void SyncWarp(uint mask) => CpuThread.Current.SyncWarp(mask);

    /// <summary>Every lane of the warp: the mask of the overloads without one.</summary>
    private const uint FullMask = uint.MaxValue;
}
