using System.Numerics;

namespace GpuDsl.Cpu;

/// <summary>The warp collectives of the loop form: posting, completing and reading exchanges, and reporting those that
/// can never complete.</summary>
internal sealed partial class CpuLoopBlock
{
    private static int s_meetingTypes;

    /// <summary>The lane that <see cref="Gpu"/> describes now is about to call a collective, which is to post.</summary>
    public void Post()
    {
        int lane = _thread.Lane;
        if (_states[lane] != LaneState.Ready)
        {
            throw new InvalidOperationException($"A warp collective of kernel {_launch.Kernel.DisplayName} began while another had not ended. Regenerate the launcher.");
        }

        _states[lane] = LaneState.Posting;
    }

    /// <summary>
    /// The current lane's part in <paramref name="collective"/>: after <see cref="Post"/>, records its input and returns a
    /// placeholder (the lane then yields); once the collective is complete, returns the lane's output.
    /// </summary>
    public TOut Exchange<TIn, TOut>(CpuThread thread, uint mask, TIn input, IWarpCollective<TIn, TOut> collective)
    {
        int lane = thread.Lane;
        switch (_states[lane])
        {
            case LaneState.Posting:
                int inWarp = lane % CpuWarp.Size;
                if ((mask >> inWarp & 1) == 0)
                {
                    throw new CpuWarpFailure(CpuWarp.OutsideMask(_launch.Kernel.DisplayName, collective.What, inWarp, lane / CpuWarp.Size, mask));
                }

                LoopMeeting<TIn, TOut> meeting = Meeting<TIn, TOut>();
                meeting.Inputs[lane] = input;
                _meetings[lane] = meeting;
                _collectives[lane] = collective;
                _members[lane] = mask & CpuWarp.ExistingLanes(LanesOfWarp(lane));
                _states[lane] = LaneState.AtExchange;
                return default!;
            case LaneState.Resolved:
                _states[lane] = LaneState.Ready;
                return ((LoopMeeting<TIn, TOut>)_meetings[lane]!).Outputs[lane];
            default:
                throw new InvalidOperationException(
                    $"Kernel {_launch.Kernel.DisplayName} called {collective.What} where its loop form does not exchange (a collective's " +
                    "CPU code may exchange once per call, after CpuLoopForm.Post()). Regenerate the launcher.");
        }
    }

    /// <summary>The current lane's <c>Gpu.ActiveMask()</c> at <paramref name="file"/> line <paramref name="line"/>: posts,
    /// then reads the lanes of its warp that waited at the same call once no lane could run.</summary>
    public uint ActiveMask(CpuThread thread, string file, int line)
    {
        int lane = thread.Lane;
        switch (_states[lane])
        {
            case LaneState.Posting:
                _sites[lane] = (file, line);
                _states[lane] = LaneState.AtActiveMask;
                return 0;
            case LaneState.Resolved:
                _states[lane] = LaneState.Ready;
                return _activeMasks[lane];
            default:
                throw new InvalidOperationException(
                    $"Kernel {_launch.Kernel.DisplayName} called Gpu.ActiveMask() where its loop form does not exchange. Regenerate the launcher.");
        }
    }

    /// <summary>Completes every collective whose members have all posted with the same mask; returns whether one did.</summary>
    private bool ResolveExchanges()
    {
        bool resolved = false;
        for (int lane = 0; lane < _size; lane++)
        {
            if (_states[lane] != LaneState.AtExchange)
            {
                continue;
            }

            int first = lane - lane % CpuWarp.Size;
            uint members = _members[lane];
            if (Arrived(first, members) != members)
            {
                continue;
            }

            // The lowest member completes it for all; the others are Resolved when the scan reaches them.
            _meetings[lane]!.Complete(first, LanesOfWarp(lane), members, _collectives[lane]!);
            for (uint rest = members; rest != 0; rest &= rest - 1)
            {
                _states[first + BitOperations.TrailingZeroCount(rest)] = LaneState.Resolved;
            }

            resolved = true;
        }

        return resolved;
    }

    /// <summary>
    /// Answers every <c>Gpu.ActiveMask()</c> call that lanes wait at, once no lane can run and no collective can complete:
    /// each lane gets the lanes of its warp at the same call, as the threads do when the others have returned or wait
    /// elsewhere (see <see cref="CpuWarp.ActiveMask"/>).
    /// </summary>
    private bool ResolveActiveMasks()
    {
        bool resolved = false;
        for (int lane = 0; lane < _size; lane++)
        {
            if (_states[lane] != LaneState.AtActiveMask)
            {
                continue;
            }

            int first = lane - lane % CpuWarp.Size;
            uint together = 0;
            for (int other = lane; other < first + LanesOfWarp(lane); other++)
            {
                together |= _states[other] == LaneState.AtActiveMask && _sites[other] == _sites[lane] ? 1u << (other - first) : 0;
            }

            for (uint rest = together; rest != 0; rest &= rest - 1)
            {
                int member = first + BitOperations.TrailingZeroCount(rest);
                _activeMasks[member] = together;
                _states[member] = LaneState.Resolved;
            }

            resolved = true;
        }

        return resolved;
    }

    /// <summary>The report of the collective <paramref name="lane"/> waits at, which can never complete.</summary>
    private KernelExecutionException Stuck(int lane)
    {
        int first = lane - lane % CpuWarp.Size;
        uint members = _members[lane];
        uint arrived = Arrived(first, members);
        uint missing = members & ~arrived, returned = 0, atBarrier = 0;
        for (uint rest = missing; rest != 0; rest &= rest - 1)
        {
            int i = BitOperations.TrailingZeroCount(rest);
            returned |= _states[first + i] == LaneState.Finished ? 1u << i : 0;
            atBarrier |= _states[first + i] == LaneState.AtBarrier ? 1u << i : 0;
        }

        string why = returned != 0 ? $"{BitOperations.PopCount(returned)} that returned (lanes 0x{returned:x8})"
            : atBarrier != 0 ? $"lanes 0x{atBarrier:x8}, which wait at Gpu.SyncThreads()"
            : $"lanes 0x{missing:x8}, which wait at another collective with a different mask";
        string what = _meetings[lane]!.What(_collectives[lane]!);
        string kernel = _launch.Kernel.DisplayName;
        return new KernelExecutionException(kernel, _thread.BlockIdx, _indexes[lane],
            CpuWarp.WouldHang(kernel, what, _thread.BlockIdx, BitOperations.PopCount(arrived), lane / CpuWarp.Size, members, why));
    }

    /// <summary>The lanes of <paramref name="members"/> (of the warp starting at <paramref name="first"/>) that have
    /// posted with exactly that mask.</summary>
    private uint Arrived(int first, uint members)
    {
        uint arrived = 0;
        for (uint rest = members; rest != 0; rest &= rest - 1)
        {
            int i = BitOperations.TrailingZeroCount(rest);
            arrived |= _states[first + i] == LaneState.AtExchange && _members[first + i] == members ? 1u << i : 0;
        }

        return arrived;
    }

    /// <summary>How many lanes the warp of block lane <paramref name="lane"/> has: 32, or fewer in a block's last warp.</summary>
    private int LanesOfWarp(int lane) => Math.Min(CpuWarp.Size, _size - (lane - lane % CpuWarp.Size));

    /// <summary>This block's meeting of collectives with inputs <typeparamref name="TIn"/> and outputs <typeparamref name="TOut"/>.</summary>
    private LoopMeeting<TIn, TOut> Meeting<TIn, TOut>()
    {
        int index = MeetingType<TIn, TOut>.Index;
        if (index >= _typedMeetings.Length)
        {
            Array.Resize(ref _typedMeetings, Math.Max(index + 1, _typedMeetings.Length * 2));
        }

        return (LoopMeeting<TIn, TOut>)(_typedMeetings[index] ??= new LoopMeeting<TIn, TOut>(_size));
    }

    /// <summary>A small number per pair of input and output types, indexing <see cref="_typedMeetings"/>.</summary>
    private static class MeetingType<TIn, TOut>
    {
        public static readonly int Index = Interlocked.Increment(ref s_meetingTypes) - 1;
    }

    /// <summary>The inputs and outputs of a block's collectives of one pair of types, indexed by lane in the block.</summary>
    private interface ILoopMeeting
    {
        /// <summary>Computes the outputs of <paramref name="members"/> of the warp of <paramref name="lanes"/> lanes
        /// starting at block lane <paramref name="first"/>.</summary>
        void Complete(int first, int lanes, uint members, object collective);

        /// <summary>The collective's <see cref="IWarpCollective{TIn, TOut}.What"/>, for messages.</summary>
        string What(object collective);
    }

    private sealed class LoopMeeting<TIn, TOut>(int size) : ILoopMeeting
    {
        public readonly TIn[] Inputs = new TIn[size];
        public readonly TOut[] Outputs = new TOut[size];

        public void Complete(int first, int lanes, uint members, object collective) =>
            ((IWarpCollective<TIn, TOut>)collective).ComputeAll(Inputs.AsSpan(first, lanes), members, Outputs.AsSpan(first, lanes));

        public string What(object collective) => ((IWarpCollective<TIn, TOut>)collective).What;
    }
}
