using GpuDsl.CompilerServices;

namespace GpuDsl.Cpu;

/// <summary>
/// The threads of one block in the loop form (see <see cref="CpuLoopForm"/>), run by one OS thread: each emulated
/// thread's iterator is advanced to its next barrier or warp collective, in lane order; then the collectives whose
/// lanes have all posted are computed and those lanes run on; once no lane can run, the block passes its barrier, or
/// ends, or is reported as the divergence it is. One instance serves every block an OS thread runs.
/// </summary>
/// <remarks>
/// A warp collective is an exchange point: the generated code calls <see cref="CpuLoopForm.Post"/>, then the intrinsic,
/// whose CPU code posts its input here (<see cref="Exchange{TIn, TOut}"/>) and gets a placeholder, then yields
/// <see cref="CpuLoopForm.Exchange"/>; once every lane of the call's mask has posted, <see cref="IWarpCollective{TIn, TOut}.ComputeAll"/>
/// writes each member's output, and the lane calls the intrinsic again, which now reads its output. So the collective
/// is computed by the same code as on threads (<see cref="CpuWarp"/>), and any collective built on
/// <see cref="CpuThread.Exchange{TIn, TOut}"/> runs in the loop form without generator work of its own.
/// </remarks>
internal sealed partial class CpuLoopBlock
{
    private readonly CpuLaunch _launch;
    private readonly CpuThread _thread;
    private readonly int _size;
    private readonly IEnumerator<int>?[] _bodies;
    private readonly Dim3[] _indexes;
    private readonly int[] _cursors;
    private readonly LaneState[] _states;
    private readonly bool[] _votes;

    // What each lane posted at a collective: its members (the mask's existing lanes), the typed meeting that holds its
    // input and will hold its output, and the collective; or the call site of Gpu.ActiveMask() and its answer.
    private readonly uint[] _members;
    private readonly ILoopMeeting?[] _meetings;
    private readonly object?[] _collectives;
    private readonly (string File, int Line)[] _sites;
    private readonly uint[] _activeMasks;
    private ILoopMeeting?[] _typedMeetings = new ILoopMeeting?[4];

    /// <param name="launch">The launch, for its grid, kernel and failures.</param>
    /// <param name="thread">What <see cref="Gpu"/>'s intrinsics read on this OS thread; its indices are set per lane.</param>
    public CpuLoopBlock(CpuLaunch launch, CpuThread thread)
    {
        _launch = launch;
        _thread = thread;
        _size = launch.ThreadsPerBlock;
        _bodies = new IEnumerator<int>?[_size];
        _indexes = new Dim3[_size];
        _cursors = new int[_size];
        _states = new LaneState[_size];
        _votes = new bool[_size];
        _members = new uint[_size];
        _meetings = new ILoopMeeting?[_size];
        _collectives = new object?[_size];
        _sites = new (string, int)[_size];
        _activeMasks = new uint[_size];
        for (int lane = 0; lane < _size; lane++)
        {
            _indexes[lane] = launch.ThreadIndex(lane);
        }

        thread.LoopBlock = this;
    }

    private enum LaneState : byte
    {
        /// <summary>Runs to its next yield when advanced.</summary>
        Ready,

        /// <summary>Runs, and its next collective call posts (after <see cref="CpuLoopForm.Post"/>).</summary>
        Posting,

        /// <summary>Has posted its input to a collective and waits for the other members.</summary>
        AtExchange,

        /// <summary>Waits at a <c>Gpu.ActiveMask()</c> call.</summary>
        AtActiveMask,

        /// <summary>Its collective is complete; its next collective call reads the output.</summary>
        Resolved,

        /// <summary>Waits at a block barrier.</summary>
        AtBarrier,

        /// <summary>Has returned from the kernel.</summary>
        Finished,
    }

    /// <summary>Runs block <paramref name="block"/> to its end; <see langword="false"/> when it failed (the launch has
    /// recorded why).</summary>
    public bool Run(ICpuLoopKernel loop, Dim3 block)
    {
        CpuThread thread = _thread;
        thread.BlockIdx = block;
        thread.LoopArena!.Reset();
        for (int lane = 0; lane < _size; lane++)
        {
            thread.ThreadIdx = _indexes[lane];
            thread.Lane = lane;
            _bodies[lane] = loop.Loop();
            _cursors[lane] = 0;
            _states[lane] = LaneState.Ready;
        }

        try
        {
            int passed = 0;
            while (true)
            {
                if (!Advance())
                {
                    return false;
                }

                if (ResolveExchanges() || ResolveActiveMasks())
                {
                    continue;
                }

                if (!PassBarrier(ref passed, out bool ended))
                {
                    return false;
                }

                if (ended)
                {
                    return true;
                }
            }
        }
        finally
        {
            Array.Clear(_bodies);
            Array.Clear(_meetings);
            Array.Clear(_collectives);
        }
    }

    /// <summary>Advances every lane that may run to its next barrier, collective or end; <see langword="false"/> when one
    /// threw (the launch has recorded it).</summary>
    private bool Advance()
    {
        CpuThread thread = _thread;
        for (int lane = 0; lane < _size; lane++)
        {
            LaneState state = _states[lane];
            if (state is not (LaneState.Ready or LaneState.Resolved))
            {
                continue;
            }

            thread.ThreadIdx = _indexes[lane];
            thread.Lane = lane;
            thread.SharedCursor = _cursors[lane];
            bool waits;
            try
            {
                waits = _bodies[lane]!.MoveNext();
            }
            catch (CpuWarpFailure failure)
            {
                _launch.Fail(new KernelExecutionException(_launch.Kernel.DisplayName, thread.BlockIdx, thread.ThreadIdx, failure.Message));
                return false;
            }
            catch (Exception exception)
            {
                _launch.Fail(thread, exception);
                return false;
            }

            _cursors[lane] = thread.SharedCursor;
            if (!waits)
            {
                _states[lane] = LaneState.Finished;
                continue;
            }

            int point = _bodies[lane]!.Current;
            if (point == CpuLoopForm.Exchange)
            {
                // A collective call that posted nothing (none of its code exchanged) has nothing to wait for.
                _states[lane] = _states[lane] == LaneState.Posting ? LaneState.Resolved : _states[lane];
            }
            else
            {
                _states[lane] = LaneState.AtBarrier;
                _votes[lane] = point == CpuLoopForm.BarrierVotingTrue;
            }
        }

        return true;
    }

    /// <summary>
    /// Once no lane can run: passes the block barrier every remaining lane waits at, or ends the block when every lane has
    /// returned (<paramref name="ended"/>); otherwise reports why the block would hang and returns <see langword="false"/>.
    /// </summary>
    private bool PassBarrier(ref int passed, out bool ended)
    {
        int atBarrier = 0, finished = 0, firstFinished = -1, firstWaiting = -1, votes = 0;
        for (int lane = 0; lane < _size; lane++)
        {
            switch (_states[lane])
            {
                case LaneState.AtBarrier:
                    atBarrier++;
                    votes += _votes[lane] ? 1 : 0;
                    break;
                case LaneState.Finished:
                    finished++;
                    firstFinished = firstFinished < 0 ? lane : firstFinished;
                    break;
                default:
                    firstWaiting = firstWaiting < 0 ? lane : firstWaiting;
                    break;
            }
        }

        ended = finished == _size;
        if (ended)
        {
            return true;
        }

        if (firstWaiting >= 0)
        {
            _launch.Fail(Stuck(firstWaiting));
            return false;
        }

        if (finished > 0)
        {
            _launch.Fail(CpuBlockGroup.Divergence(_launch, _thread.BlockIdx, _indexes[firstFinished], atBarrier, finished, passed));
            return false;
        }

        passed++;
        _thread.LoopVotes = votes;
        Array.Fill(_states, LaneState.Ready);
        return true;
    }
}

/// <summary>A lane's misuse of a warp collective in the loop form, reported with its block and thread as it is on threads.</summary>
internal sealed class CpuWarpFailure(string message) : Exception(message);
