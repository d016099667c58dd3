using System.Numerics;
using GpuDsl.Interop;

namespace GpuDsl.Cpu;

/// <summary>
/// Where the ranks of a CPU communicator group meet. Each rank's n-th collective joins round n; the last rank to arrive
/// runs the round for all of them (every rank's memory is host memory) and wakes the others, so a collective returns
/// on every rank once it has run, as a barrier. Inside a <see cref="CollectiveGroup"/> a rank does not wait: the
/// group's end does, so one thread can issue every rank's part.
/// </summary>
internal sealed class CpuRendezvous(int size)
{
    // The rounds this thread issued inside a group and has not yet waited for.
    [ThreadStatic] private static List<(CpuRendezvous Rendezvous, Round Round)>? t_pending;

    private readonly object _gate = new(); // a monitor, for Wait and PulseAll
    private readonly Dictionary<long, Round> _rounds = [];
    private readonly long[] _issued = new long[size];
    private string? _aborted;

    private sealed class Round(int size)
    {
        public readonly CollectiveCall[] Calls = new CollectiveCall[size];
        public int Arrived;
        public bool Done;
        public string? Failure;
    }

    /// <summary>Adds <paramref name="rank"/>'s next collective; runs the round if it was the last missing, then waits for it.</summary>
    public void Arrive(int rank, in CollectiveCall call)
    {
        Round round;
        lock (_gate)
        {
            ThrowIfAborted();
            long sequence = _issued[rank]++;
            if (!_rounds.TryGetValue(sequence, out round!))
            {
                _rounds.Add(sequence, round = new Round(size));
            }

            round.Calls[rank] = call;
            if (++round.Arrived == size)
            {
                _rounds.Remove(sequence);
                try
                {
                    round.Failure = Execute(round.Calls);
                }
                catch (Exception e)
                {
                    // Every rank of the round is told (an overflowing count, memory running out), none is left waiting.
                    round.Failure = e.Message;
                }
                finally
                {
                    round.Done = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        if (CollectiveGroup.IsOpenOnThisThread)
        {
            (t_pending ??= []).Add((this, round));
            return;
        }

        Wait(round);
    }

    /// <summary>Waits for the rounds this thread issued inside the group that just ended; throws the first failure.</summary>
    public static void WaitForThisThread()
    {
        if (t_pending is not { Count: > 0 } pending)
        {
            return;
        }

        t_pending = null;
        foreach ((CpuRendezvous rendezvous, Round round) in pending)
        {
            rendezvous.Wait(round);
        }
    }

    private void Wait(Round round)
    {
        lock (_gate)
        {
            while (!round.Done)
            {
                ThrowIfAborted();
                Monitor.Wait(_gate);
            }
        }

        if (round.Failure is { } failure)
        {
            throw new InvalidOperationException(failure);
        }
    }

    /// <summary>Fails every collective waiting now or called later, saying why.</summary>
    public void Abort(string reason)
    {
        lock (_gate)
        {
            _aborted ??= reason;
            Monitor.PulseAll(_gate);
        }
    }

    private void ThrowIfAborted()
    {
        if (_aborted is { } reason)
        {
            throw new InvalidOperationException($"The collective cannot complete: {reason}.");
        }
    }

    /// <summary>Runs a round whose every rank has arrived; returns why it could not, or <see langword="null"/>.</summary>
    private static string? Execute(CollectiveCall[] calls)
    {
        for (int rank = 1; rank < calls.Length; rank++)
        {
            if (!calls[rank].Matches(calls[0]))
            {
                return $"The ranks called different collectives: rank 0 called {calls[0].Describe()}, rank {rank} called " +
                    $"{calls[rank].Describe()}. Every rank must call the same collectives in the same order with the same counts.";
            }
        }

        switch (calls[0].Type)
        {
            case NcclDataType.ncclInt8: CpuCollectives<sbyte>.Run(calls); break;
            case NcclDataType.ncclUint8: CpuCollectives<byte>.Run(calls); break;
            case NcclDataType.ncclInt32: CpuCollectives<int>.Run(calls); break;
            case NcclDataType.ncclUint32: CpuCollectives<uint>.Run(calls); break;
            case NcclDataType.ncclInt64: CpuCollectives<long>.Run(calls); break;
            case NcclDataType.ncclUint64: CpuCollectives<ulong>.Run(calls); break;
            case NcclDataType.ncclFloat16: CpuCollectives<Half>.Run(calls); break;
            case NcclDataType.ncclFloat32: CpuCollectives<float>.Run(calls); break;
            case NcclDataType.ncclFloat64: CpuCollectives<double>.Run(calls); break;
            default: return $"The CPU backend has no collectives on {calls[0].Type}.";
        }

        return null;
    }
}

/// <summary>
/// The collectives on host memory, with NCCL's semantics. Results are formed in a temporary array before any rank's
/// receive buffer is written, so in-place calls (receive overlapping send) read only what was sent.
/// </summary>
internal static unsafe class CpuCollectives<T> where T : unmanaged, INumber<T>
{
    public static void Run(CollectiveCall[] calls)
    {
        int size = calls.Length;
        int count = checked((int)calls[0].Count);
        switch (calls[0].Kind)
        {
            case CollectiveKind.AllReduce:
            {
                T[] result = Reduce(calls, count, calls[0].Operation);
                foreach (CollectiveCall call in calls) result.CopyTo(Span(call.Receive, count));
                break;
            }

            case CollectiveKind.ReduceScatter:
            {
                T[] result = Reduce(calls, size * count, calls[0].Operation);
                for (int rank = 0; rank < size; rank++) result.AsSpan(rank * count, count).CopyTo(Span(calls[rank].Receive, count));
                break;
            }

            case CollectiveKind.AllGather:
            {
                T[] gathered = new T[size * count];
                for (int rank = 0; rank < size; rank++) Span(calls[rank].Send, count).CopyTo(gathered.AsSpan(rank * count));
                foreach (CollectiveCall call in calls) gathered.CopyTo(Span(call.Receive, size * count));
                break;
            }

            case CollectiveKind.Broadcast:
            {
                T[] sent = Span(calls[calls[0].Root].Send, count).ToArray();
                foreach (CollectiveCall call in calls) sent.CopyTo(Span(call.Receive, count));
                break;
            }
        }
    }

    /// <summary>Element by element over the ranks, in rank order (as NCCL's ring sums are not, so floats may differ in the last bits).</summary>
    private static T[] Reduce(CollectiveCall[] calls, int length, ReduceOperation operation)
    {
        T[] result = Span(calls[0].Send, length).ToArray();
        for (int rank = 1; rank < calls.Length; rank++)
        {
            Span<T> other = Span(calls[rank].Send, length);
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = operation switch
                {
                    ReduceOperation.Product => result[i] * other[i],
                    ReduceOperation.Min => T.Min(result[i], other[i]),
                    ReduceOperation.Max => T.Max(result[i], other[i]),
                    _ => result[i] + other[i],
                };
            }
        }

        if (operation == ReduceOperation.Average)
        {
            T ranks = T.CreateTruncating(calls.Length);
            for (int i = 0; i < result.Length; i++) result[i] /= ranks;
        }

        return result;
    }

    private static Span<T> Span(nint address, int length) => new((void*)address, length);
}
