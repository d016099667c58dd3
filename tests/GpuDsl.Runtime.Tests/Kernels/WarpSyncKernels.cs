using GpuDsl.Cpu;

namespace GpuDsl.Runtime.Tests.Kernels;

/// <summary>
/// Kernels for the CPU backend's masked warp collectives, block votes and atomics under contention, launched through
/// their generated launchers (every one needs its block's threads at once, which the generator's descriptor says).
/// </summary>
internal static partial class WarpSyncKernels
{
    /// <summary>
    /// Lanes 0-15 and 16-31 each shuffle among themselves, many times over, in their own branch; a lane's source in its
    /// half but outside the mask is not read (lane 15 with mask 0x7fff... is not used: each half's mask is the whole half).
    /// Lane 7 of each half also reads lane 8 of the other half's mask through an index: that lane is outside its mask, so
    /// it gets its own value back.
    /// </summary>
    [Kernel]
    public static void MaskedHalves(Span<int> sums, Span<int> outside, int rounds)
    {
        int lane = Gpu.LaneId, i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int sum = 0;
        if (lane < 16)
        {
            for (int r = 0; r < rounds; r++) sum += Gpu.ShuffleDown(0x0000ffffu, lane + r, 1, 16);
            outside[i] = Gpu.Shuffle(0x0000ffffu, 100 + lane, 24);
        }
        else
        {
            for (int r = 0; r < rounds; r++) sum += Gpu.ShuffleUp(0xffff0000u, lane + r, 1, 16);
            outside[i] = Gpu.Shuffle(0xffff0000u, 100 + lane, 8);
        }

        sums[i] = sum;
    }

    /// <summary>Lane 3 calls a ballot with a mask that leaves it out.</summary>
    [Kernel]
    public static void MaskWithoutCaller(Span<uint> ballots)
    {
        uint mask = Gpu.LaneId == 3 ? 0xfffffff7u : 0xffffffffu;
        ballots[Gpu.ThreadIdx.X] = Gpu.Ballot(mask, true);
    }

    /// <summary>Three groups of 8 lanes, each meeting with a mask that also names the next group, which waits in its own
    /// meeting: lanes 0-7 wait for 8-15, which wait for 16-23, which wait for 0-7; forever on a GPU. Lanes 24-31 return.</summary>
    [Kernel]
    public static void OverlappingMasks(Span<int> values)
    {
        int lane = Gpu.LaneId;
        if (lane >= 24) return;
        uint mask = lane < 8 ? 0x0000ffffu : lane < 16 ? 0x00ffff00u : 0x00ff00ffu;
        values[Gpu.ThreadIdx.X] = Gpu.ShuffleXor(mask, lane, 1);
    }

    /// <summary>Lane 5 returns; lanes 0-7 then reduce with a mask that names it.</summary>
    [Kernel]
    public static void MaskedMemberReturns(Span<int> values)
    {
        if (Gpu.LaneId == 5 || Gpu.LaneId >= 8) return;
        values[Gpu.ThreadIdx.X] = Gpu.ReduceAdd(0xffu, 1);
    }

    /// <summary>
    /// Every thread records its warp's active mask at the start. Then, as warp-aggregated atomics do, the threads with an
    /// even value take the mask of their branch and its first lane adds the branch's count for all of them; the threads
    /// whose value is a multiple of 3 return; the others take the mask of their own branch and vote in it.
    /// </summary>
    [Kernel]
    public static void ActiveMasks(Span<uint> masks, Span<uint> branchMasks, Span<int> starts, Span<int> counter, ReadOnlySpan<int> values)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        masks[i] = Gpu.ActiveMask();
        if (values[i] % 2 == 0)
        {
            uint mask = Gpu.ActiveMask();
            int leader = System.Numerics.BitOperations.TrailingZeroCount(mask);
            int start = 0;
            if (Gpu.LaneId == leader) start = Gpu.AtomicAdd(ref counter[0], System.Numerics.BitOperations.PopCount(mask));
            branchMasks[i] = mask;
            starts[i] = Gpu.Shuffle(mask, start, leader);
        }
        else if (values[i] % 3 == 0)
        {
            return;
        }
        else
        {
            uint mask = Gpu.ActiveMask();
            branchMasks[i] = mask;
            starts[i] = Gpu.Ballot(mask, true) == mask ? -1 : -2;
        }
    }

    /// <summary>Block votes at many barriers in a row, each on a different predicate, so a count that leaked from one barrier
    /// into the next would show: round r counts the threads whose index is below r * 3.</summary>
    [Kernel]
    public static void VotesAtManyBarriers(Span<int> counts, Span<int> flags, int rounds)
    {
        int t = Gpu.ThreadIdx.X;
        int total = 0, bits = 0;
        for (int r = 0; r < rounds; r++)
        {
            total += Gpu.SyncThreadsCount(t < r * 3) * (r + 1);
            bits += (Gpu.SyncThreadsAnd(t < r * 3) ? 1 : 0) + (Gpu.SyncThreadsOr(t < r * 3) ? 100 : 0);
        }

        counts[Gpu.BlockIdx.X * Gpu.BlockDim.X + t] = total;
        flags[Gpu.BlockIdx.X * Gpu.BlockDim.X + t] = bits;
    }

    /// <summary>Every thread of the block, all running at once, applies each combining atomic <paramref name="times"/>
    /// times to one address per operation.</summary>
    [Kernel]
    public static void HammerOneAddress(Span<uint> u, Span<long> l, Span<float> f, Span<double> d, int times)
    {
        int t = Gpu.ThreadIdx.X;
        for (int k = 0; k < times; k++)
        {
            Gpu.AtomicInc(ref u[0], 999u);
            Gpu.AtomicDec(ref u[1], 999u);
            Gpu.AtomicXor(ref u[2], 1u << (k % 32));
            Gpu.AtomicSub(ref u[3], 3u);
            Gpu.AtomicMax(ref u[4], (uint)(t * times + k));
            Gpu.AtomicXor(ref l[0], 1L << (t % 64));
            Gpu.AtomicOr(ref l[1], 1L << ((t + k) % 64));
            Gpu.AtomicMin(ref l[2], -(long)(t * times + k));
            float seen = f[0];
            while (true)
            {
                float old = Gpu.AtomicCompareExchange(ref f[0], seen + 1f, seen);
                if (BitConverter.SingleToInt32Bits(old) == BitConverter.SingleToInt32Bits(seen)) break;
                seen = old;
            }

            double was = d[0];
            while (true)
            {
                double old = Interlocked.CompareExchange(ref d[0], was + 0.5, was);
                if (BitConverter.DoubleToInt64Bits(old) == BitConverter.DoubleToInt64Bits(was)) break;
                was = old;
            }
        }
    }
}
