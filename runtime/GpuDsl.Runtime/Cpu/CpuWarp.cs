namespace GpuDsl.Cpu;

/// <summary>
/// One warp of a block on the CPU backend: where its lanes meet for a shuffle, a ballot or <c>__syncwarp()</c>. Each
/// collective writes every lane's value, waits for the whole warp, reads, and waits again before the slots are reused,
/// so the lanes exchange values exactly as the GPU's do. A lane that left the kernel while the rest of its warp waits
/// is reported as the divergence it is, instead of hanging.
/// </summary>
internal sealed class CpuWarp(CpuBlockGroup group, int firstLane, int lanes)
{
    /// <summary>Threads per warp.</summary>
    public const int Size = 32;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(50);

    private readonly long[] _values = new long[lanes];
    private readonly object _gate = new();
    private int _arrived;
    private long _generation;

    /// <summary>Lanes in this warp: 32, or fewer for the last warp of a block whose size is not a multiple of 32.</summary>
    public int Lanes => lanes;

    /// <summary>Every lane offers <paramref name="value"/> and gets the value of lane <paramref name="source"/>, or its own
    /// when that lane does not exist (as CUDA's shuffles do for a source outside the warp).</summary>
    public long Shuffle(CpuThread thread, long value, int source)
    {
        int lane = thread.Lane - firstLane;
        _values[lane] = value;
        Arrive(thread, "a shuffle");
        long result = (uint)source < (uint)lanes ? _values[source] : value;
        Arrive(thread, "a shuffle");
        return result;
    }

    /// <summary>The bits of the lanes whose <paramref name="predicate"/> is true (CUDA's <c>__ballot_sync</c>).</summary>
    public uint Ballot(CpuThread thread, bool predicate)
    {
        int lane = thread.Lane - firstLane;
        _values[lane] = predicate ? 1 : 0;
        Arrive(thread, "a ballot");
        uint bits = 0;
        for (int i = 0; i < lanes; i++)
        {
            bits |= (uint)_values[i] << i;
        }

        Arrive(thread, "a ballot");
        return bits;
    }

    /// <summary>Waits until every lane of the warp has arrived (CUDA's <c>__syncwarp()</c>).</summary>
    public void Sync(CpuThread thread) => Arrive(thread, "Gpu.SyncWarp()", orders: true);

    /// <param name="thread">The arriving lane.</param>
    /// <param name="what">The collective, for messages.</param>
    /// <param name="orders">Whether the collective orders the warp's memory accesses (<c>__syncwarp</c>), which the race
    /// check needs to know; a shuffle or a ballot does not.</param>
    private void Arrive(CpuThread thread, string what, bool orders = false)
    {
        // With the race check on, the lanes take turns: one that must wait hands its turn on, and takes it back after.
        CpuLaneTurns? turns = group.Turns;
        group.RaceCheck?.EndSegment(thread.Lane);
        if (ArriveOrWait(thread, what, turns))
        {
            // This lane completed the collective and keeps its turn: the others may run again after it.
            turns?.Ready(firstLane, lanes);
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
    private bool ArriveOrWait(CpuThread thread, string what, CpuLaneTurns? turns)
    {
        lock (_gate)
        {
            long generation = _generation;
            if (++_arrived == lanes)
            {
                _arrived = 0;
                _generation++;
                Monitor.PulseAll(_gate);
                return true;
            }

            turns?.Pass(thread.Lane);
            while (generation == _generation)
            {
                if (Monitor.Wait(_gate, CheckInterval) || generation != _generation)
                {
                    continue;
                }

                if (group.IsAborted)
                {
                    throw new BarrierAbortedException();
                }

                int finished = 0;
                for (int i = 0; i < lanes; i++)
                {
                    finished += group.HasFinished(firstLane + i) ? 1 : 0;
                }

                if (finished > 0 && finished + _arrived == lanes)
                {
                    group.FailWarp(thread, $"Kernel {thread.KernelName} would hang at {what} in block {thread.BlockIdx}: " +
                        $"{_arrived} lanes of warp {firstLane / Size} wait for {finished} that returned. Every lane of a warp " +
                        "must take part in a shuffle, ballot or SyncWarp.");
                    throw new BarrierAbortedException();
                }
            }

            return false;
        }
    }
}
