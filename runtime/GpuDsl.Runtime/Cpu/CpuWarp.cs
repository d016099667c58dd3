using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

/// <summary>
/// One warp of a block on the CPU backend: where its lanes meet for a shuffle, a vote, a reduction or
/// <c>__syncwarp()</c>. A collective names its lanes with a mask, as CUDA's <c>_sync</c> intrinsics do; the lanes of one
/// mask meet apart from the others, so lanes that diverged can each run their own collective. Each collective writes
/// every member's value, waits for all members, reads only members' values, and waits again before the slots are
/// reused, so the lanes exchange values exactly as the GPU's do. A member that left the kernel, or that waits at a
/// collective with another mask while the rest of its mask waits for it, is reported as the divergence it is, instead
/// of hanging. <c>Gpu.ActiveMask()</c> meets the lanes that reach the same call while the others have returned or wait
/// elsewhere.
/// </summary>
internal sealed class CpuWarp(CpuBlockGroup group, int firstLane, int lanes)
{
    /// <summary>Threads per warp.</summary>
    public const int Size = 32;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(50);

    private readonly object _gate = new();

    // The lanes' inputs to collectives, an array per input type; a lane writes its own entry before it arrives, and the
    // second meeting of a collective keeps the next from overwriting an entry before every member has read it.
    private readonly Dictionary<Type, Array> _slots = [];

    // The meetings of the masks in use, and the mask each lane waits with (0 when it does not wait); under _gate.
    private readonly Dictionary<uint, Meeting> _meetings = [];
    private readonly uint[] _waitingWith = new uint[lanes];

    // The lanes at each Gpu.ActiveMask() call site, and which lanes wait at a block barrier or an ActiveMask call; under
    // _gate.
    private readonly Dictionary<(string File, int Line), ActiveRound> _activeRounds = [];
    private readonly bool[] _atBarrier = new bool[lanes];
    private readonly bool[] _atActiveMask = new bool[lanes];

    /// <summary>Lanes in this warp: 32, or fewer for the last warp of a block whose size is not a multiple of 32.</summary>
    public int Lanes => lanes;

    /// <summary>A bit per lane that exists: a partial warp's missing lanes are never members of a collective.</summary>
    public uint Existing => ExistingLanes(lanes);

    /// <summary>The bits of <paramref name="lanes"/> lanes, from lane 0.</summary>
    public static uint ExistingLanes(int lanes) => lanes >= Size ? uint.MaxValue : (1u << lanes) - 1;

    /// <summary>
    /// This lane's part in <paramref name="collective"/> over the lanes of <paramref name="mask"/>: offers
    /// <paramref name="input"/>, waits for the other members, and returns what the collective computes for it from the
    /// members' inputs.
    /// </summary>
    /// <param name="thread">The calling lane.</param>
    /// <param name="mask">The lanes taking part (CUDA's <c>mask</c> argument); must include the calling lane.</param>
    /// <param name="input">This lane's input.</param>
    /// <param name="collective">What the collective computes.</param>
    public TOut Exchange<TIn, TOut>(CpuThread thread, uint mask, TIn input, IWarpCollective<TIn, TOut> collective)
    {
        int lane = thread.Lane - firstLane;
        string what = collective.What;
        uint members = Members(thread, mask, lane, what);
        TIn[] inputs = Slots<TIn>();
        inputs[lane] = input;
        Arrive(thread, members, what);
        TOut result = collective.Compute(inputs, members, lane);
        Arrive(thread, members, what);
        return result;
    }

    /// <summary>
    /// Waits until every lane of <paramref name="mask"/> has arrived (CUDA's <c>__syncwarp(mask)</c>; the full mask is
    /// <c>__syncwarp()</c>). The race check counts any mask as ordering the warp's accesses, so it reports no race a
    /// partial mask orders, and may miss one between a member and a lane outside the mask.
    /// </summary>
    public void Sync(CpuThread thread, uint mask)
    {
        string what = mask == uint.MaxValue ? "Gpu.SyncWarp()" : $"Gpu.SyncWarp(0x{mask:x8})";
        Arrive(thread, Members(thread, mask, thread.Lane - firstLane, what), what, orders: true);
    }

    /// <summary>
    /// The lanes that reach the <c>Gpu.ActiveMask()</c> call at <paramref name="file"/> line <paramref name="line"/>
    /// together (CUDA's <c>__activemask()</c>): this lane waits until every other lane of the warp has arrived there too, or
    /// has returned, or waits elsewhere (another collective, another <c>ActiveMask</c> call, a block barrier), and gets the
    /// bits of those that arrived. In a warp that has not diverged that is every lane, as on the GPU; in a branch it is the
    /// lanes that took it, as a GPU runs a diverged branch's lanes together.
    /// </summary>
    public uint ActiveMask(CpuThread thread, string file, int line)
    {
        CpuLaneTurns? turns = group.Turns;
        group.RaceCheck?.EndSegment(thread.Lane);
        int lane = thread.Lane - firstLane;
        uint result;
        lock (_gate)
        {
            if (!_activeRounds.TryGetValue((file, line), out ActiveRound? round))
            {
                round = new ActiveRound();
                _activeRounds.Add((file, line), round);
            }

            long generation = round.Generation;
            round.Arrived |= 1u << lane;
            _atActiveMask[lane] = true;
            if (CompleteActiveRounds() && round.Generation != generation)
            {
                // This lane completed the round and keeps its turn.
                return round.Result;
            }

            turns?.Pass(thread.Lane);
            while (round.Generation == generation)
            {
                if (!Monitor.Wait(_gate, CheckInterval) && round.Generation == generation)
                {
                    if (group.IsAborted)
                    {
                        throw new BarrierAbortedException();
                    }

                    CompleteActiveRounds();
                }
            }

            result = round.Result;
        }

        if (turns is not null && !turns.Await(thread.Lane))
        {
            throw new BarrierAbortedException();
        }

        return result;
    }

    /// <summary>Records that <paramref name="thread"/> waits at a block barrier (<paramref name="waiting"/>) or has left
    /// it, so that an <see cref="ActiveMask"/> call does not wait for it.</summary>
    public void AtBarrier(CpuThread thread, bool waiting)
    {
        lock (_gate)
        {
            _atBarrier[thread.Lane - firstLane] = waiting;
            if (waiting)
            {
                CompleteActiveRounds();
            }
        }
    }

    /// <summary>Called when a lane of this warp has finished its block: an <see cref="ActiveMask"/> call need not wait
    /// for it.</summary>
    public void LaneFinished()
    {
        lock (_gate)
        {
            CompleteActiveRounds();
        }
    }

    /// <summary>What a ballot, match or reduction computes for <paramref name="lane"/> from the values of
    /// <paramref name="members"/> (see <see cref="WarpReduction"/>).</summary>
    public static long Compute(ReadOnlySpan<long> values, uint members, int lane, WarpOperation operation)
    {
        long result = operation switch
        {
            WarpOperation.Min => long.MaxValue,
            WarpOperation.Max => long.MinValue,
            WarpOperation.And => -1,
            _ => 0,
        };
        for (int i = 0; i < values.Length; i++)
        {
            if ((members >> i & 1) == 0)
            {
                continue;
            }

            long v = values[i];
            result = operation switch
            {
                WarpOperation.Ballot => v != 0 ? result | (1L << i) : result,
                WarpOperation.Match => v == values[lane] ? result | (1L << i) : result,
                WarpOperation.Add => result + v,
                WarpOperation.Min => Math.Min(result, v),
                WarpOperation.Max => Math.Max(result, v),
                WarpOperation.And => result & v,
                WarpOperation.Or => result | v,
                _ => result ^ v,
            };
        }

        return result;
    }

    /// <summary>
    /// Completes every <see cref="ActiveMask"/> round whose missing lanes have all returned or wait elsewhere, and makes
    /// its lanes ready to run; returns whether one completed. Under <c>_gate</c>.
    /// </summary>
    private bool CompleteActiveRounds()
    {
        bool completed = false;
        foreach (ActiveRound round in _activeRounds.Values)
        {
            if (round.Arrived == 0)
            {
                continue;
            }

            uint missing = Existing & ~round.Arrived;
            bool settled = true;
            for (int i = 0; i < lanes && settled; i++)
            {
                settled = (missing >> i & 1) == 0 || group.HasFinished(firstLane + i) || _waitingWith[i] != 0 || _atBarrier[i] || _atActiveMask[i];
            }

            if (settled)
            {
                round.Result = round.Arrived;
                round.Arrived = 0;
                round.Generation++;
                for (int i = 0; i < lanes; i++)
                {
                    _atActiveMask[i] &= (round.Result >> i & 1) == 0;
                }

                group.Turns?.Resume(firstLane, round.Result);
                completed = true;
            }
        }

        if (completed)
        {
            Monitor.PulseAll(_gate);
        }

        return completed;
    }

    /// <summary>This warp's array of inputs of type <typeparamref name="T"/>, one entry per lane.</summary>
    private T[] Slots<T>()
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(typeof(T), out Array? slots))
            {
                slots = new T[lanes];
                _slots.Add(typeof(T), slots);
            }

            return (T[])slots;
        }
    }

    /// <summary>The report of a lane that called a collective with a mask that leaves it out (both CPU forms).</summary>
    public static string OutsideMask(string kernel, string what, int lane, int warp, uint mask) =>
        $"Kernel {kernel} called {what} in lane {lane} of warp {warp} with mask 0x{mask:x8}, which does not include that " +
        "lane. Every lane that calls a warp collective must be in its mask.";

    /// <summary>The report of a collective whose members can never all arrive (both CPU forms).</summary>
    public static string WouldHang(string kernel, string what, Dim3 block, int waiting, int warp, uint members, string why) =>
        $"Kernel {kernel} would hang at {what} in block {block}: {waiting} lanes of warp {warp} wait with mask 0x{members:x8} " +
        $"for {why}. Every lane named in a warp collective's mask must take part, with the same mask, in a shuffle, ballot " +
        "or SyncWarp.";

    /// <summary>The lanes of <paramref name="mask"/> that exist; a lane calling with a mask that leaves it out fails the
    /// launch, as CUDA requires every calling lane to be in its mask.</summary>
    private uint Members(CpuThread thread, uint mask, int lane, string what)
    {
        if ((mask >> lane & 1) == 0)
        {
            group.FailWarp(thread, OutsideMask(thread.KernelName, what, lane, firstLane / Size, mask));
            throw new BarrierAbortedException();
        }

        return mask & Existing;
    }

    /// <param name="thread">The arriving lane.</param>
    /// <param name="members">The lanes that meet.</param>
    /// <param name="what">The collective, for messages.</param>
    /// <param name="orders">Whether the collective orders the warp's memory accesses (<c>__syncwarp</c>), which the race
    /// check needs to know; a shuffle or a ballot does not.</param>
    private void Arrive(CpuThread thread, uint members, string what, bool orders = false)
    {
        // With the race check on, the lanes take turns: one that must wait hands its turn on, and takes it back after.
        CpuLaneTurns? turns = group.Turns;
        group.RaceCheck?.EndSegment(thread.Lane);
        if (ArriveOrWait(thread, members, what, turns))
        {
            // This lane completed the collective and keeps its turn: the other members may run again after it.
            turns?.Ready(firstLane, members);
            if (orders)
            {
                group.RaceCheck?.PassWarpSync(firstLane / Size);
            }
        }
        else if (turns is not null && !turns.Await(thread.Lane))
        {
            throw new BarrierAbortedException();
        }
    }

    /// <summary>Arrives; returns <see langword="true"/> for the lane whose arrival completed the collective, which
    /// does not wait, and otherwise returns once the collective is complete.</summary>
    private bool ArriveOrWait(CpuThread thread, uint members, string what, CpuLaneTurns? turns)
    {
        int lane = thread.Lane - firstLane;
        lock (_gate)
        {
            if (!_meetings.TryGetValue(members, out Meeting? meeting))
            {
                meeting = new Meeting();
                _meetings.Add(members, meeting);
            }

            long generation = meeting.Generation;
            meeting.Arrived |= 1u << lane;
            if (meeting.Arrived == members)
            {
                // The waiters hold the meeting; the next collective of this mask meets anew, so masks computed from
                // data (a ballot, a match) do not pile up.
                _meetings.Remove(members);
                meeting.Arrived = 0;
                meeting.Generation++;
                for (int i = 0; i < lanes; i++)
                {
                    _waitingWith[i] = (members >> i & 1) != 0 ? 0 : _waitingWith[i];
                }

                Monitor.PulseAll(_gate);
                return true;
            }

            _waitingWith[lane] = members;
            CompleteActiveRounds();
            turns?.Pass(thread.Lane);
            while (generation == meeting.Generation)
            {
                if (Monitor.Wait(_gate, CheckInterval) || generation != meeting.Generation)
                {
                    continue;
                }

                if (group.IsAborted)
                {
                    throw new BarrierAbortedException();
                }

                if (Stuck(members, meeting.Arrived) is { } why)
                {
                    group.FailWarp(thread, WouldHang(thread.KernelName, what, thread.BlockIdx, (int)uint.PopCount(meeting.Arrived), firstLane / Size, members, why));
                    throw new BarrierAbortedException();
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Why the meeting of <paramref name="members"/> can never complete, or <see langword="null"/> while it still may:
    /// a member that has not arrived either returned, or waits in a meeting that cannot complete itself. A lane that runs
    /// (or waits at a block barrier, which this warp does not see) may still come.
    /// </summary>
    private string? Stuck(uint members, uint arrived)
    {
        // The meetings that may still complete, found by growing the set until it stops changing.
        HashSet<uint> mayComplete = [];
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach ((uint mask, Meeting meeting) in _meetings)
            {
                if (meeting.Arrived != 0 && !mayComplete.Contains(mask) && MayStillCome(mask & ~meeting.Arrived, mayComplete))
                {
                    mayComplete.Add(mask);
                    grew = true;
                }
            }
        }

        if (mayComplete.Contains(members))
        {
            return null;
        }

        uint missing = members & ~arrived;
        uint returned = 0;
        for (int i = 0; i < lanes; i++)
        {
            returned |= (missing >> i & 1) != 0 && group.HasFinished(firstLane + i) ? 1u << i : 0;
        }

        return returned != 0
            ? $"{uint.PopCount(returned)} that returned (lanes 0x{returned:x8})"
            : $"lanes 0x{missing:x8}, which wait at another collective with a different mask";
    }

    private bool MayStillCome(uint missing, HashSet<uint> mayComplete)
    {
        for (int i = 0; i < lanes; i++)
        {
            if ((missing >> i & 1) != 0 &&
                (group.HasFinished(firstLane + i) || (_waitingWith[i] != 0 && !mayComplete.Contains(_waitingWith[i]))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The lanes at one <see cref="ActiveMask"/> call site, and the answer the last round gave.</summary>
    private sealed class ActiveRound
    {
        public uint Arrived;
        public uint Result;
        public long Generation;
    }

    /// <summary>The lanes of one mask on their way through a collective.</summary>
    private sealed class Meeting
    {
        public uint Arrived;
        public long Generation;
    }
}

/// <summary>What a warp collective computes from the values its lanes offer.</summary>
internal enum WarpOperation
{
    /// <summary>A bit per member whose value is not zero.</summary>
    Ballot,

    /// <summary>A bit per member whose value equals the caller's.</summary>
    Match,

    /// <summary>The sum of the members' values.</summary>
    Add,

    /// <summary>The smallest.</summary>
    Min,

    /// <summary>The largest.</summary>
    Max,

    /// <summary>Bitwise and.</summary>
    And,

    /// <summary>Bitwise or.</summary>
    Or,

    /// <summary>Bitwise exclusive or.</summary>
    Xor,
}
