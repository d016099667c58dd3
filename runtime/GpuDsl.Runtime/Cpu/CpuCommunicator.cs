namespace GpuDsl.Cpu;

/// <summary>
/// A rank of a CPU communicator group: the CPU backend's stand-in for NCCL, with the same collectives and checks, so
/// programs and tests of several devices run without GPUs. Collectives run synchronously, like the backend's launches.
/// </summary>
internal sealed class CpuCommunicator : Communicator
{
    private readonly CpuContext _context;
    private readonly CpuRendezvous _rendezvous;

    private CpuCommunicator(CpuContext context, int rank, int size, CpuRendezvous rendezvous)
        : base(context, rank, size)
    {
        _context = context;
        _rendezvous = rendezvous;
    }

    public static Communicator[] CreateGroup(CpuContext[] contexts)
    {
        CpuRendezvous rendezvous = new(contexts.Length);
        return [.. contexts.Select((context, rank) => new CpuCommunicator(context, rank, contexts.Length, rendezvous))];
    }

    private protected override void Run(in CollectiveCall call)
    {
        CpuStream stream = (CpuStream)call.Stream;
        stream.ThrowIfUnusable();

        // The rule of a CUDA capture, checked where the CPU backend runs captured work: at replay.
        if (ReferenceEquals(stream, _context.DefaultStream) && CpuGraph.IsReplaying(_context))
        {
            throw GraphCapture.DefaultStream($"A collective ({call.Describe()})");
        }

        _rendezvous.Arrive(Rank, call);
    }

    private protected override void DisposeCore()
    {
    }

    private protected override void AbortCore() => _rendezvous.Abort($"rank {Rank} aborted the communicator group");
}
