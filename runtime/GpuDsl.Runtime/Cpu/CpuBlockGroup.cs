namespace GpuDsl.Cpu;

/// <summary>
/// The OS threads that run one block at a time of a kernel that uses <see cref="Gpu.SyncThreads"/>, one OS thread per
/// emulated thread (a lane), and the barrier they share.
/// </summary>
/// <remarks>
/// <para>
/// Every wait is a phase of one barrier: a lane either arrives at <c>SyncThreads</c> or finishes the block, and a phase
/// ends when all lanes have done one or the other. If all arrived at <c>SyncThreads</c>, they go on; if all finished,
/// the last one claims the group's next block. Arrivals are counted with one atomic add on a word that holds both
/// counts, so exactly one lane sees the phase complete, and it wakes the others.
/// </para>
/// <para>
/// Each lane parks on its own semaphore rather than all on one event: waking a thousand threads from one lock makes
/// them queue for it again, which measured several times slower. A lane spins briefly first only when there are no more
/// lanes than cores; otherwise spinning would take the core that the missing lane needs.
/// </para>
/// <para>
/// Because every lane takes part in every phase, lanes can never be a whole barrier apart. The only way a block can
/// stall is a phase in which some lanes finished and all the others wait at <c>SyncThreads</c> (a thread returned
/// early, or called it fewer times). The lane that completes such a phase reports it as a
/// <see cref="KernelExecutionException"/> instead of hanging. When a lane's body throws, the group is aborted: parked
/// lanes wake and unwind with <see cref="BarrierAbortedException"/>, and the group takes no more blocks.
/// </para>
/// <para>
/// With <see cref="CpuContext.RaceCheck"/> on, the lanes also take turns (<see cref="CpuLaneTurns"/>): one runs at a
/// time, from one wait to the next, and <see cref="RaceCheck"/> records what each wrote in between.
/// </para>
/// </remarks>
internal sealed class CpuBlockGroup
{
    private const long OneFinished = 1L << 32;
    private const int SpinLimit = 50;

    private readonly CpuLaunch _launch;
    private readonly int _size;
    private readonly bool _spin;
    private readonly SemaphoreSlim[] _parking;
    private readonly long[] _parked;
    private readonly bool[] _finishedLanes;

    // Lanes that arrived in the current phase: at SyncThreads in the low 32 bits, finished with the block in the high.
    private long _arrivals;
    private long _phase;

    // How many lanes voted true at the barrier of an even and an odd phase (Gpu.SyncThreadsCount and the other votes).
    private readonly int[] _votes = new int[2];
    private volatile bool _aborted;

    // Written only by the lane that ends a phase, read by the others after it.
    private int _barriersPassed;
    private long _block = -1;

    /// <param name="launch">The launch whose blocks the group runs.</param>
    /// <param name="oversubscribed">Whether the launch has more lanes than cores, so waiting should not spin.</param>
    /// <param name="raceCheck">Whether the lanes take turns and shared-memory races are reported.</param>
    public CpuBlockGroup(CpuLaunch launch, bool oversubscribed, bool raceCheck = false)
    {
        _launch = launch;
        _size = launch.ThreadsPerBlock;
        _spin = !oversubscribed && !raceCheck;
        if (raceCheck)
        {
            RaceCheck = new CpuRaceCheck(launch, this);
            Turns = new CpuLaneTurns(_size);
        }

        _parking = new SemaphoreSlim[_size];
        for (int i = 0; i < _parking.Length; i++)
        {
            _parking[i] = new SemaphoreSlim(0);
        }

        _parked = new long[_size];
        _finishedLanes = new bool[_size];
        SharedMemory = new CpuSharedMemory(launch.DynamicSharedBytes, concurrent: true, RaceCheck);
        Warps = new CpuWarp[(_size + CpuWarp.Size - 1) / CpuWarp.Size];
        for (int w = 0; w < Warps.Length; w++)
        {
            Warps[w] = new CpuWarp(this, w * CpuWarp.Size, Math.Min(CpuWarp.Size, _size - w * CpuWarp.Size));
        }
    }

    /// <summary>The block's warps of 32 lanes (the last may be partial), for shuffles and ballots.</summary>
    public CpuWarp[] Warps { get; }

    /// <summary>The shared memory of the block the group is running.</summary>
    public CpuSharedMemory SharedMemory { get; }

    /// <summary>The shared-memory race check, when the launch asked for one.</summary>
    public CpuRaceCheck? RaceCheck { get; }

    /// <summary>Whose turn it is to run, when <see cref="RaceCheck"/> runs the lanes one at a time.</summary>
    public CpuLaneTurns? Turns { get; }

    /// <summary>Whether the group was stopped because a thread failed.</summary>
    public bool IsAborted => _aborted;

    /// <summary>Whether <paramref name="lane"/> has finished the current block.</summary>
    public bool HasFinished(int lane) => Volatile.Read(ref _finishedLanes[lane]);

    /// <summary>Records that <paramref name="thread"/>'s warp would hang, and stops the group.</summary>
    public void FailWarp(CpuThread thread, string message)
    {
        _launch.Fail(new KernelExecutionException(_launch.Kernel.DisplayName, thread.BlockIdx, thread.ThreadIdx, message));
        Abort();
    }

    /// <summary>
    /// Called by each lane when it has finished its block (and once before the first): waits for the whole block to
    /// finish and returns the next block's flattened index, or -1 when there is none or the group is aborted.
    /// </summary>
    public long AwaitNextBlock(CpuThread thread)
    {
        if (_aborted)
        {
            return -1;
        }

        // Read before arriving: the phase cannot end until this lane has arrived.
        long phase = Volatile.Read(ref _phase);
        _finishedLanes[thread.Lane] = true;
        Warps[thread.Lane / CpuWarp.Size].LaneFinished();

        // Before arriving, unlike at a barrier: at the group's start every lane arrives here at once, and a lane that
        // gave up its turn after the last one had started the block would never get it back.
        Turns?.Pass(thread.Lane);
        (int arrived, int finished) = Split(Interlocked.Add(ref _arrivals, OneFinished));
        if (finished == _size)
        {
            Array.Clear(_finishedLanes);
            _barriersPassed = 0;
            _block = _launch.TryClaimBlocks(1, out long first, out _) ? first : -1;
            long block = _block;
            EndPhase();

            // After the phase has ended: lane 0 may reach a barrier at once, and its arrival must count in the next one.
            if (Turns is not null)
            {
                if (block >= 0)
                {
                    RaceCheck!.BeginBlock(_launch.BlockIndex(block));
                    Turns.StartAll();
                }
                else
                {
                    Turns.Stop();
                }
            }

            return block >= 0 && Turns is not null && !Turns.Await(thread.Lane) ? -1 : block;
        }

        if (arrived + finished == _size)
        {
            ReportDivergence(arrived, finished);
            return -1;
        }

        // Taking turns, a lane needs no wake-up at the end of the phase: its next turn comes only after that.
        if (Turns is not null)
        {
            return Turns.Await(thread.Lane) ? Volatile.Read(ref _block) : -1;
        }

        Park(thread.Lane, phase);

        // The next block phase needs this lane to finish the block first, so _block cannot change before it is read.
        return _aborted ? -1 : Volatile.Read(ref _block);
    }

    /// <summary>
    /// Called by each lane when its kernel body has returned, before <see cref="AwaitNextBlock"/>: with the race check
    /// on, records what the lane wrote since it last waited.
    /// </summary>
    /// <exception cref="BarrierAbortedException">A write raced; the launch has failed with the report.</exception>
    public void FinishBody(CpuThread thread) => RaceCheck?.EndSegment(thread.Lane);

    /// <summary>
    /// Called by <see cref="Gpu.SyncThreads"/> and the block votes: waits until every lane of the block has arrived, and
    /// returns how many lanes arrived with <paramref name="vote"/> true (<c>__syncthreads_count</c>).
    /// </summary>
    /// <exception cref="BarrierAbortedException">The group was aborted; the kernel body should unwind.</exception>
    public int ArriveAtBarrier(CpuThread thread, bool vote = false)
    {
        if (_aborted)
        {
            throw new BarrierAbortedException();
        }

        RaceCheck?.EndSegment(thread.Lane);
        long phase = Volatile.Read(ref _phase);

        // Votes count in the slot of the phase's parity; the lane that ends the next phase clears this one, when every
        // lane has read it.
        ref int votes = ref _votes[phase & 1];
        if (vote)
        {
            Interlocked.Increment(ref votes);
        }

        (int arrived, int finished) = Split(Interlocked.Increment(ref _arrivals));
        if (arrived == _size)
        {
            _barriersPassed++;
            EndPhase();
            if (Turns is not null)
            {
                // After the phase has ended, for the same reason as at the start of a block.
                RaceCheck!.PassBarrier();
                Turns.StartAll();
                if (!Turns.Await(thread.Lane))
                {
                    throw new BarrierAbortedException();
                }
            }

            return Volatile.Read(ref votes);
        }

        if (arrived + finished == _size)
        {
            ReportDivergence(arrived, finished);
            throw new BarrierAbortedException();
        }

        if (Turns is not null)
        {
            // Lanes arrive here one at a time when they take turns, so the turn can be handed on after the arrival;
            // and, as at the end of a block, the lane's next turn comes only after the barrier has opened.
            Turns.Pass(thread.Lane);
            if (!Turns.Await(thread.Lane))
            {
                throw new BarrierAbortedException();
            }

            return Volatile.Read(ref votes);
        }

        Park(thread.Lane, phase);
        if (_aborted)
        {
            throw new BarrierAbortedException();
        }

        return Volatile.Read(ref votes);
    }

    /// <summary>Stops the group: every parked lane wakes, and no lane waits or takes a block again.</summary>
    public void Abort()
    {
        _aborted = true;
        Turns?.Stop();
        for (int lane = 0; lane < _parked.Length; lane++)
        {
            if (Interlocked.Exchange(ref _parked[lane], 0) != 0)
            {
                _parking[lane].Release();
            }
        }
    }

    private static (int Arrived, int Finished) Split(long arrivals) => ((int)arrivals, (int)(arrivals >> 32));

    /// <summary>Waits until the phase that was current when the lane arrived has ended, or the group is aborted.</summary>
    private void Park(int lane, long phase)
    {
        if (_spin)
        {
            SpinWait spinner = default;
            while (spinner.Count < SpinLimit)
            {
                if (Volatile.Read(ref _phase) != phase || _aborted)
                {
                    return;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        // Announce the park, then look again: the lane that ends the phase advances it before it looks for parked
        // lanes, and both sides use full fences, so either this lane sees the new phase or the waker sees it parked.
        // The announcement names the phase, because the waker of the previous phase may still be walking the lanes
        // and must not wake a lane that has already moved on and parked again.
        long tag = ParkTag(phase);
        Interlocked.Exchange(ref _parked[lane], tag);
        if (Volatile.Read(ref _phase) != phase || _aborted)
        {
            if (Interlocked.CompareExchange(ref _parked[lane], 0, tag) == tag)
            {
                return;
            }

            // A waker claimed this lane already: take its signal so that it does not wake the lane's next park.
        }

        _parking[lane].Wait();
    }

    /// <summary>Ends the current phase; called by the one lane whose arrival completed it.</summary>
    private void EndPhase()
    {
        // Nobody else touches the counts until released: every lane has arrived, so every lane has also read the votes
        // of the phase before this one, whose slot the next phase counts in.
        Volatile.Write(ref _arrivals, 0);
        Volatile.Write(ref _votes[(Volatile.Read(ref _phase) + 1) & 1], 0);
        long tag = ParkTag(Interlocked.Increment(ref _phase) - 1);
        for (int lane = 0; lane < _parked.Length; lane++)
        {
            if (Interlocked.CompareExchange(ref _parked[lane], 0, tag) == tag)
            {
                _parking[lane].Release();
            }
        }
    }

    /// <summary>What a lane parked in <paramref name="phase"/> writes to its slot; never 0, which means not parked.</summary>
    private static long ParkTag(long phase) => phase + 1;

    private void ReportDivergence(int arrived, int finished)
    {
        Dim3 block = _launch.BlockIndex(Volatile.Read(ref _block));
        Dim3 returned = _launch.ThreadIndex(Array.IndexOf(_finishedLanes, true));
        _launch.Fail(Divergence(_launch, block, returned, arrived, finished, _barriersPassed));
        Abort();
    }

    /// <summary>
    /// The report of a block that would hang at a barrier: <paramref name="arrived"/> threads wait at it, the other
    /// <paramref name="finished"/> (the first is <paramref name="returned"/>) returned after passing <paramref name="passed"/>.
    /// </summary>
    internal static KernelExecutionException Divergence(CpuLaunch launch, Dim3 block, Dim3 returned, int arrived, int finished, int passed)
    {
        string kernel = launch.Kernel.DisplayName;
        return new KernelExecutionException(kernel, block, returned,
            $"Kernel {kernel} would hang at Gpu.SyncThreads() in block {block}: {arrived} of its {launch.ThreadsPerBlock} threads wait at " +
            $"barrier #{passed + 1} of the block, but the other {finished} (the first is thread {returned}) returned " +
            $"after passing {passed}. Every thread of a block must call SyncThreads the same number of times; do not " +
            "return early or call it under a condition that differs between the threads of a block.");
    }
}

/// <summary>
/// Unwinds an emulated thread out of the kernel body when its block was aborted because another of its threads failed;
/// never seen outside the CPU backend.
/// </summary>
internal sealed class BarrierAbortedException : Exception
{
    public BarrierAbortedException()
        : base("The block's barrier was aborted because another thread of the block failed.")
    {
    }
}
