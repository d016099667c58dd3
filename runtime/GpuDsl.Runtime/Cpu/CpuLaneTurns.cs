namespace GpuDsl.Cpu;

/// <summary>
/// Whose turn it is among the lanes of a <see cref="CpuBlockGroup"/> when <see cref="CpuContext.RaceCheck"/> runs a
/// block's threads one at a time: each lane runs until it has to wait (at <see cref="Gpu.SyncThreads"/>, a warp
/// collective, or the end of the block), then hands the turn to the next lane after it that may run. So between two
/// barriers the lanes run in lane order, and <see cref="CpuRaceCheck"/> can tell which lane wrote what.
/// </summary>
/// <remarks>
/// Only the lane holding the turn changes which lanes are ready, and it does so before it hands the turn on, so the
/// order never depends on how the OS schedules the threads: the same launch runs its lanes in the same order every
/// time, and a race is reported between the same two threads. The one exception is the start of a group, when every
/// lane arrives at once; a lane therefore gives up its readiness before it arrives there (see
/// <see cref="CpuBlockGroup.AwaitNextBlock"/>).
/// </remarks>
internal sealed class CpuLaneTurns
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim[] _wake;
    private readonly bool[] _ready;
    private int _holder = -1;
    private volatile bool _stopped;

    public CpuLaneTurns(int lanes)
    {
        _ready = new bool[lanes];
        _wake = new SemaphoreSlim[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            _wake[lane] = new SemaphoreSlim(0);
        }
    }

    /// <summary>Every lane may run, lane 0 first: a block starts, or a barrier has opened.</summary>
    public void StartAll()
    {
        lock (_gate)
        {
            Array.Fill(_ready, true);
            Give(0);
        }
    }

    /// <summary>The lanes of a warp collective that the turn's holder has just completed may run again: those of the
    /// warp starting at <paramref name="first"/> whose bits are set in <paramref name="members"/>.</summary>
    public void Ready(int first, uint members)
    {
        lock (_gate)
        {
            for (int lane = 0; lane < CpuWarp.Size; lane++)
            {
                if ((members >> lane & 1) != 0)
                {
                    _ready[first + lane] = true;
                }
            }
        }
    }

    /// <summary>Like <see cref="Ready(int, uint)"/>, by a lane that may not hold the turn: if nobody holds it (every lane
    /// waited), the first ready lane gets it.</summary>
    public void Resume(int first, uint members)
    {
        Ready(first, members);
        lock (_gate)
        {
            if (_holder < 0 && !_stopped)
            {
                Give(Next(-1));
            }
        }
    }

    /// <summary>
    /// <paramref name="lane"/> is about to wait: it may not run until made ready again, and if it holds the turn, the
    /// next ready lane after it (wrapping around) gets it.
    /// </summary>
    public void Pass(int lane)
    {
        lock (_gate)
        {
            _ready[lane] = false;
            if (_holder == lane)
            {
                Give(Next(lane));
            }
        }
    }

    /// <summary>Waits until it is <paramref name="lane"/>'s turn; <see langword="false"/> when the group has stopped.</summary>
    public bool Await(int lane)
    {
        while (Volatile.Read(ref _holder) != lane)
        {
            if (_stopped)
            {
                return false;
            }

            _wake[lane].Wait();
        }

        return !_stopped;
    }

    /// <summary>Wakes every waiting lane for good: the group has run its last block, or a thread failed.</summary>
    public void Stop()
    {
        _stopped = true;
        foreach (SemaphoreSlim wake in _wake)
        {
            wake.Release();
        }
    }

    private void Give(int lane)
    {
        Volatile.Write(ref _holder, lane);
        if (lane >= 0)
        {
            _wake[lane].Release();
        }
    }

    private int Next(int lane)
    {
        for (int step = 1; step <= _ready.Length; step++)
        {
            int candidate = (lane + step) % _ready.Length;
            if (_ready[candidate])
            {
                return candidate;
            }
        }

        return -1; // Everyone waits: the block is ending, or its threads diverged, which the group reports.
    }
}
