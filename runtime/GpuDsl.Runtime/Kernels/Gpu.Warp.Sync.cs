using System.Runtime.CompilerServices;
using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// Warp shuffles with an explicit lane mask and segment width, as CUDA's <c>_sync</c> intrinsics take them. Only the
/// lanes whose bits are set in <c>mask</c> take part, and each must call with the same mask; <c>width</c> (a power of two,
/// 1 to 32, 32 when omitted) splits the warp into segments of that many lanes, and a lane reads only within its own
/// segment (an XOR step may read an earlier one, as on the GPU). A source lane outside the segment gives the caller's own
/// value. Reading a lane that is not in the mask is undefined on the GPU; the CPU backend does not read it and returns the
/// caller's own value.
/// </summary>
public static partial class Gpu
{
    /// <summary>The value of lane <paramref name="sourceLane"/> of this lane's segment of <paramref name="width"/> lanes
    /// (<c>__shfl_sync(mask, value, srcLane, width)</c>): a broadcast within each segment. A <paramref name="sourceLane"/>
    /// past the segment wraps around it (modulo <paramref name="width"/>).</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    /// <param name="sourceLane">The lane to read, within the segment.</param>
    /// <param name="width">The segment width: a power of two from 1 to 32.</param>
    [CudaIntrinsic("__shfl_sync({0}, {1}, {2}, {3})")]
    public static int Shuffle(uint mask, int value, int sourceLane, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Idx, sourceLane, width);

    /// <inheritdoc cref="Shuffle(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_sync({0}, {1}, {2}, {3})")]
    public static uint Shuffle(uint mask, uint value, int sourceLane, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Idx, sourceLane, width);

    /// <inheritdoc cref="Shuffle(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_sync({0}, {1}, {2}, {3})")]
    public static long Shuffle(uint mask, long value, int sourceLane, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Idx, sourceLane, width);

    /// <inheritdoc cref="Shuffle(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_sync({0}, {1}, {2}, {3})")]
    public static ulong Shuffle(uint mask, ulong value, int sourceLane, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Idx, sourceLane, width);

    /// <inheritdoc cref="Shuffle(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_sync({0}, {1}, {2}, {3})")]
    public static float Shuffle(uint mask, float value, int sourceLane, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Idx, sourceLane, width);

    /// <inheritdoc cref="Shuffle(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_sync({0}, {1}, {2}, {3})")]
    public static double Shuffle(uint mask, double value, int sourceLane, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Idx, sourceLane, width);

    /// <summary>The value of lane (this lane - <paramref name="delta"/>), or this lane's own when that is before the start
    /// of this lane's segment of <paramref name="width"/> lanes (<c>__shfl_up_sync(mask, value, delta, width)</c>): the step of
    /// a scan within each segment.</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    /// <param name="delta">How many lanes away to read.</param>
    /// <param name="width">The segment width: a power of two from 1 to 32.</param>
    [CudaIntrinsic("__shfl_up_sync({0}, {1}, {2}, {3})")]
    public static int ShuffleUp(uint mask, int value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Up, delta, width);

    /// <inheritdoc cref="ShuffleUp(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_up_sync({0}, {1}, {2}, {3})")]
    public static uint ShuffleUp(uint mask, uint value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Up, delta, width);

    /// <inheritdoc cref="ShuffleUp(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_up_sync({0}, {1}, {2}, {3})")]
    public static long ShuffleUp(uint mask, long value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Up, delta, width);

    /// <inheritdoc cref="ShuffleUp(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_up_sync({0}, {1}, {2}, {3})")]
    public static ulong ShuffleUp(uint mask, ulong value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Up, delta, width);

    /// <inheritdoc cref="ShuffleUp(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_up_sync({0}, {1}, {2}, {3})")]
    public static float ShuffleUp(uint mask, float value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Up, delta, width);

    /// <inheritdoc cref="ShuffleUp(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_up_sync({0}, {1}, {2}, {3})")]
    public static double ShuffleUp(uint mask, double value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Up, delta, width);

    /// <summary>The value of lane (this lane + <paramref name="delta"/>), or this lane's own when that is past the end of
    /// this lane's segment of <paramref name="width"/> lanes (<c>__shfl_down_sync(mask, value, delta, width)</c>): the step of
    /// a reduction within each segment.</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    /// <param name="delta">How many lanes away to read.</param>
    /// <param name="width">The segment width: a power of two from 1 to 32.</param>
    [CudaIntrinsic("__shfl_down_sync({0}, {1}, {2}, {3})")]
    public static int ShuffleDown(uint mask, int value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Down, delta, width);

    /// <inheritdoc cref="ShuffleDown(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_down_sync({0}, {1}, {2}, {3})")]
    public static uint ShuffleDown(uint mask, uint value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Down, delta, width);

    /// <inheritdoc cref="ShuffleDown(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_down_sync({0}, {1}, {2}, {3})")]
    public static long ShuffleDown(uint mask, long value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Down, delta, width);

    /// <inheritdoc cref="ShuffleDown(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_down_sync({0}, {1}, {2}, {3})")]
    public static ulong ShuffleDown(uint mask, ulong value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Down, delta, width);

    /// <inheritdoc cref="ShuffleDown(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_down_sync({0}, {1}, {2}, {3})")]
    public static float ShuffleDown(uint mask, float value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Down, delta, width);

    /// <inheritdoc cref="ShuffleDown(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_down_sync({0}, {1}, {2}, {3})")]
    public static double ShuffleDown(uint mask, double value, int delta, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Down, delta, width);

    /// <summary>The value of lane (this lane XOR <paramref name="laneMask"/>), or this lane's own when that lane is in a
    /// later segment of <paramref name="width"/> lanes (<c>__shfl_xor_sync(mask, value, laneMask, width)</c>): a butterfly step
    /// within each segment. A lane in an earlier segment is read, as on the GPU.</summary>
    /// <param name="mask">The lanes that take part; must include the calling lane.</param>
    /// <param name="value">This lane's value.</param>
    /// <param name="laneMask">What to XOR this lane with.</param>
    /// <param name="width">The segment width: a power of two from 1 to 32.</param>
    [CudaIntrinsic("__shfl_xor_sync({0}, {1}, {2}, {3})")]
    public static int ShuffleXor(uint mask, int value, int laneMask, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Xor, laneMask, width);

    /// <inheritdoc cref="ShuffleXor(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_xor_sync({0}, {1}, {2}, {3})")]
    public static uint ShuffleXor(uint mask, uint value, int laneMask, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Xor, laneMask, width);

    /// <inheritdoc cref="ShuffleXor(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_xor_sync({0}, {1}, {2}, {3})")]
    public static long ShuffleXor(uint mask, long value, int laneMask, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Xor, laneMask, width);

    /// <inheritdoc cref="ShuffleXor(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_xor_sync({0}, {1}, {2}, {3})")]
    public static ulong ShuffleXor(uint mask, ulong value, int laneMask, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Xor, laneMask, width);

    /// <inheritdoc cref="ShuffleXor(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_xor_sync({0}, {1}, {2}, {3})")]
    public static float ShuffleXor(uint mask, float value, int laneMask, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Xor, laneMask, width);

    /// <inheritdoc cref="ShuffleXor(uint, int, int, int)"/>
    [CudaIntrinsic("__shfl_xor_sync({0}, {1}, {2}, {3})")]
    public static double ShuffleXor(uint mask, double value, int laneMask, int width = WarpSize32) =>
        Shuffled(mask, value, ShuffleMode.Xor, laneMask, width);

    /// <summary>
    /// The lanes of the warp that are executing this call together (<c>__activemask()</c>): the mask for the collectives
    /// that follow, in a branch that only some lanes take (warp-aggregated atomics). On the CPU backend a lane waits until
    /// every other lane of its warp has reached the same call, returned, or waits elsewhere (another collective, another
    /// <c>ActiveMask</c> call, a barrier), and gets the bits of those that reached it: every lane where the warp has not
    /// diverged, and the lanes that took the branch where it has.
    /// </summary>
    /// <param name="file">Filled in by the compiler: which call this is, for the CPU backend.</param>
    /// <param name="line">Filled in by the compiler, with <paramref name="file"/>.</param>
    [CudaIntrinsic("__activemask()")]
    public static uint ActiveMask([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => CpuThread.Current.ActiveMask(file, line);

    /// <summary>CUDA's default segment width: the whole warp.</summary>
    private const int WarpSize32 = 32;

    /// <summary>
    /// A shuffle of any unmanaged <typeparamref name="T"/> between the lanes of <paramref name="mask"/>: one exchange of
    /// the whole value (see <see cref="WarpShuffle{T}"/>), so every type, a struct too, reads back exactly what was sent.
    /// </summary>
    private static T Shuffled<T>(uint mask, T value, ShuffleMode mode, int operand, int width) where T : unmanaged
    {
        CpuThread thread = CpuThread.Current;
        int source = SourceLane(mode, thread.LaneInWarp, operand, width);
        return thread.Exchange(mask, new ShuffleInput<T>(value, source), WarpShuffle<T>.Instance);
    }

    /// <summary>
    /// The lane a shuffle reads, or <paramref name="lane"/> itself when the source is out of range, computed as the PTX
    /// <c>shfl.sync</c> instruction that CUDA's intrinsics compile to does: the width becomes a segment mask
    /// (<c>32 - width</c>) and a clamp lane, and the operand is taken modulo 32.
    /// </summary>
    internal static int SourceLane(ShuffleMode mode, int lane, int operand, int width)
    {
        int segment = (CpuWarp.Size - width) & 31;
        int clamp = mode == ShuffleMode.Up ? 0 : 31;
        int b = operand & 31;
        int maxLane = (lane & segment) | (clamp & ~segment);
        int minLane = lane & segment;
        (int source, bool inRange) = mode switch
        {
            ShuffleMode.Up => (lane - b, lane - b >= maxLane),
            ShuffleMode.Down => (lane + b, lane + b <= maxLane),
            ShuffleMode.Xor => (lane ^ b, (lane ^ b) <= maxLane),
            _ => (minLane | (b & ~segment), (minLane | (b & ~segment)) <= maxLane),
        };
        return inRange ? source : lane;
    }

    /// <summary>The four kinds of shuffle (PTX's <c>shfl.sync</c> modes).</summary>
    internal enum ShuffleMode
    {
        Idx,
        Up,
        Down,
        Xor,
    }
}
