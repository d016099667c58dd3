namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Warp kernels in the shapes the CPU backend's loop form hoists into exchanges (see <see cref="LoopFormTests"/>): every
/// kind of shuffle with masks and widths, a struct shuffle, ballots, votes, matches and reductions, <c>Gpu.SyncWarp</c>
/// with a mask, <c>Gpu.ActiveMask()</c> in a branch, collectives inside expressions, conditions and loop bodies, in blocks
/// whose size is not a multiple of 32 or is smaller than a warp.
/// </summary>
public static partial class LoopFormKernels
{
    /// <summary>Outputs per thread of <see cref="WarpMix"/>.</summary>
    public const int WarpOutputs = 8;

    /// <summary>Every collective, each thread writing <see cref="WarpOutputs"/> results of them.</summary>
#pragma warning disable GPU0029 // Collectives under lane conditions are the point: their masks name exactly those lanes.
    [Kernel(ExactLaunch = true)]
    public static void WarpMix(ReadOnlySpan<int> x, Span<int> y)
    {
        int t = Gpu.ThreadIdx.X;
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + t;
        int v = x[i];
        int lane = Gpu.LaneId;
        int lanes = Math.Min(32, Gpu.BlockDim.X - (t - lane));
        uint all = lanes == 32 ? 0xffffffffu : (1u << lanes) - 1;
        Span<int> r = y.Slice(i * WarpOutputs, WarpOutputs);
        r[0] = Gpu.ShuffleDown(all, v, 3, 8) + 1000 * Gpu.ShuffleUp(all, v, 1, 16);
        r[1] = Gpu.ShuffleXor(all, v, 5, 32) - Gpu.Shuffle(all, v,
            2, 4);
        int sum = v;
        for (int d = 16; d > 0; d /= 2) sum += Gpu.ShuffleXor(all, sum, d);
        r[2] = sum;
        r[3] = (int)Gpu.Ballot(all, v > 50) ^ (Gpu.All(all, v > -100) ? 1 << 30 : 0);
        if ((lane & 1) == 0)
        {
            uint even = all & 0x55555555u;
            r[4] = Gpu.ReduceAdd(even, v) + (int)Gpu.MatchAny(even, v % 3);
            Gpu.SyncWarp(even);
        }
        else
        {
            uint active = Gpu.ActiveMask();
            r[4] = (int)active + Gpu.ReduceMax(active, v);
        }

        ShuffledTriple mine = new(v, v * 0.5f, -v * 0.25);
        ShuffledTriple next = Gpu.ShuffleDown(mine, 1);
        r[5] = next.X + (int)(next.Y * 4) + (int)(next.Z * 8);
        Gpu.SyncThreads();
        r[6] = Gpu.Any(v == 7) ? 1 : 0;
        uint low = Gpu.Ballot(all, true) & 0xffu;
        if (lane < 8) r[7] = Gpu.ReduceMin(low, v);
    }
#pragma warning restore GPU0029

    /// <summary>Lane 3 of warp 1 of block 1 returns before the shuffle the other lanes of its warp wait at.</summary>
#pragma warning disable GPU0029 // The divergence is the point: the CPU backend must report it, not hang.
    [Kernel(ExactLaunch = true)]
    public static void ReturnBeforeShuffle(Span<int> y)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (Gpu.BlockIdx.X == 1 && Gpu.ThreadIdx.X == 35) return;
        y[i] = Gpu.ShuffleXor(i, 1);
    }
#pragma warning restore GPU0029

    /// <summary>A warp sum of each thread's value, five shuffles, for counting the OS threads of a launch.</summary>
    [Kernel(ExactLaunch = true)]
    public static void WarpSums(Span<int> y)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int v = i & 7;
        for (int d = 16; d > 0; d /= 2) v += Gpu.ShuffleXor(v, d);
        y[i] = v;
    }

    /// <summary>Warp sums through a value-returning [Device] helper, called twice in one expression and in a return.</summary>
    [Kernel(ExactLaunch = true)]
    public static void WarpSumsThroughHelper(ReadOnlySpan<int> x, Span<int> y)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        y[i] = WarpSum(x[i]) + 1000 * WarpSum(1);
    }

    [Device]
    public static int WarpSum(int v)
    {
        for (int d = 16; d > 1; d /= 2) v += Gpu.ShuffleXor(v, d);
        return v + Gpu.ShuffleXor(v, 1);
    }
}
