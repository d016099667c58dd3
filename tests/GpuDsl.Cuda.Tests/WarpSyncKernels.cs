namespace GpuDsl.Cuda.Tests;

/// <summary>Warp collectives with lane masks and segment widths, and block votes, for <see cref="WarpSyncKernelTests"/>.</summary>
public static partial class WarpSyncKernels
{
    /// <summary>
    /// Every lane shuffles its value four ways within segments of <paramref name="width"/> lanes, over the full mask, in
    /// each of the six types (the values are the thread's index, spread so that every type keeps them apart).
    /// </summary>
    [Kernel]
    public static void Segmented(Span<int> down, Span<int> up, Span<int> xor, Span<int> index, Span<long> wide, Span<double> real, int delta, int width)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        uint all = 0xffffffffu;
        int fromDown = Gpu.ShuffleDown(all, i, delta, width);
        int fromUp = Gpu.ShuffleUp(all, i, delta, width);
        int fromXor = Gpu.ShuffleXor(all, i, delta, width);
        int fromIndex = Gpu.Shuffle(all, i, delta, width);
        long l = Gpu.ShuffleDown(all, 1_000_000_000_000L * i, delta, width);
        ulong u = Gpu.ShuffleUp(all, (ulong)i << 40, delta, width);
        uint v = Gpu.ShuffleXor(all, (uint)i + 3_000_000_000u, delta, width);
        float f = Gpu.Shuffle(all, i + 0.5f, delta, width);
        double d = Gpu.ShuffleDown(all, i + 0.25, delta, width);
        if (i >= down.Length || i >= up.Length || i >= xor.Length || i >= index.Length || i >= wide.Length || i >= real.Length) return;
        down[i] = fromDown;
        up[i] = fromUp;
        xor[i] = fromXor;
        index[i] = fromIndex;
        wide[i] = l + (long)(u >> 40) * 7 + (long)v * 3;
        real[i] = f + d * 1000.0;
    }

    /// <summary>
    /// The warp split three ways, each part running its own collectives with its own mask: lanes 0-15 (mask 0x0000ffff)
    /// shuffle down within 8-lane segments and reduce; odd lanes 17-31 (mask 0xaaaa0000) exchange, vote and match among
    /// themselves; even lanes 16-30 (mask 0x55550000) take the maximum and count their ballot. No lane reads a lane outside
    /// its mask.
    /// </summary>
    [Kernel]
    public static void PartialMasks(ReadOnlySpan<int> x, Span<int> a, Span<uint> b, Span<uint> c)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int lane = Gpu.LaneId;
        int v = i < x.Length ? x[i] : 0;
        int ra;
        uint rb, rc;
        if (lane < 16)
        {
            const uint low = 0x0000ffffu;
            ra = Gpu.ShuffleDown(low, v, 3, 8) + 1000 * Gpu.ReduceMin(low, v);
            rb = Gpu.ReduceAdd(low, (uint)v) ^ Gpu.ReduceXor(low, (uint)v << 4);
            rc = Gpu.Ballot(low, v % 2 == 0) | (Gpu.All(low, v >= 0) ? 1u << 31 : 0u);
        }
        else if (lane % 2 == 1)
        {
            const uint odd = 0xaaaa0000u;
            ra = Gpu.ShuffleXor(odd, v, 2) + Gpu.Shuffle(odd, v, 17);
            rb = Gpu.MatchAny(odd, v % 3) | (Gpu.Any(odd, v == 5) ? 1u : 0u);
            rc = Gpu.ReduceOr(odd, 1u << (v & 31)) & Gpu.ReduceAnd(odd, (uint)v | 0xf0000000u);
        }
        else
        {
            const uint even = 0x55550000u;
            ra = Gpu.ReduceMax(even, v) + Gpu.ShuffleUp(even, v, 2, 16);
            rb = Gpu.ReduceMax(even, (uint)v) + Gpu.ReduceMin(even, (uint)v);
            rc = Gpu.Ballot(even, v > 10) + Gpu.MatchAny(even, (float)(v % 2));
        }

        if (i >= a.Length || i >= b.Length || i >= c.Length) return;
        a[i] = ra;
        b[i] = rb;
        c[i] = rc;
    }

    /// <summary>Keys grouped per warp with <c>MatchAny</c> on floats and doubles, where bits decide: NaN matches the same NaN,
    /// and 0.0 does not match -0.0.</summary>
    [Kernel]
    public static void MatchBits(ReadOnlySpan<float> keys, ReadOnlySpan<double> wideKeys, Span<uint> groups, Span<uint> wideGroups)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        bool inside = i < keys.Length && i < wideKeys.Length && i < groups.Length && i < wideGroups.Length;
        uint group = Gpu.MatchAny(0xffffffffu, inside ? keys[i] : 0f);
        uint wideGroup = Gpu.MatchAny(0xffffffffu, inside ? wideKeys[i] : 0.0);
        if (!inside) return;
        groups[i] = group;
        wideGroups[i] = wideGroup;
    }

    /// <summary>
    /// Warp-aggregated atomics, as NVIDIA's blog writes them: the lanes that keep their value take the mask of their branch
    /// with <c>ActiveMask</c>, the first of them reserves room for all with one atomic add, and a shuffle hands each lane the
    /// start of the block it then indexes by its rank among the branch's lanes.
    /// </summary>
    [Kernel]
    public static void FilterPositive(ReadOnlySpan<int> x, Span<int> kept, Span<int> count)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < x.Length && x[i] > 0)
        {
            uint active = Gpu.ActiveMask();
            int leader = System.Numerics.BitOperations.TrailingZeroCount(active);
            int rank = System.Numerics.BitOperations.PopCount(active & ((1u << Gpu.LaneId) - 1u));
            int start = 0;
            if (Gpu.LaneId == leader) start = Gpu.AtomicAdd(ref count[0], System.Numerics.BitOperations.PopCount(active));
            start = Gpu.Shuffle(active, start, leader);
            if (start + rank < kept.Length) kept[start + rank] = x[i];
        }
    }

    /// <summary>Block votes: how many threads of the block hold a positive value, whether all are non-zero, whether any is
    /// negative; then a second round on the neighbours' values, so that the votes of one barrier cannot leak into the next.</summary>
    [Kernel]
    public static void BlockVotes(ReadOnlySpan<int> x, Span<int> counts, Span<int> flags)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int v = i < x.Length ? x[i] : 0;
        int positive = Gpu.SyncThreadsCount(v > 0);
        bool nonZero = Gpu.SyncThreadsAnd(v != 0);
        bool negative = Gpu.SyncThreadsOr(v < 0);
        int even = Gpu.SyncThreadsCount(v % 2 == 0);
        int seven = Gpu.SyncThreadsOr(v == 7) ? 4 : 0;
        if (i >= counts.Length || i >= flags.Length) return;
        counts[i] = positive + 1000 * even;
        flags[i] = (nonZero ? 1 : 0) + (negative ? 2 : 0) + seven;
    }
}
