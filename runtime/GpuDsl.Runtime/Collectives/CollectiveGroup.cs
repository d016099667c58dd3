using GpuDsl.Cpu;
using GpuDsl.Interop;

namespace GpuDsl;

/// <summary>
/// A group of collectives issued on one thread and launched together when it is disposed; from
/// <see cref="Communicator.Group"/>. Use it with <see langword="using"/>.
/// </summary>
public sealed class CollectiveGroup : IDisposable
{
    [ThreadStatic] private static int t_depth;

    private readonly bool _ncclStarted;
    private int _ended;

    private CollectiveGroup(bool ncclStarted) => _ncclStarted = ncclStarted;

    /// <summary>Whether this thread is inside a group, so a collective on the CPU backend must not wait for the others.</summary>
    internal static bool IsOpenOnThisThread => t_depth > 0;

    internal static CollectiveGroup Start()
    {
        // NCCL is only asked once it is loaded, which it is as soon as any NCCL communicator exists: a group of CPU
        // communicators on a machine without NCCL must not need it.
        bool nccl = NcclLibrary.IsLoaded;
        if (nccl)
        {
            Nccl.ThrowIfFailed(Nccl.ncclGroupStart());
        }

        t_depth++;
        return new CollectiveGroup(nccl);
    }

    /// <summary>
    /// Ends the group: on CUDA, NCCL launches the group's collectives (<c>ncclGroupEnd</c>); on the CPU backend, the
    /// outermost group waits until every collective issued in it has run.
    /// </summary>
    /// <exception cref="CudaException">NCCL reported an error for a collective of the group.</exception>
    /// <exception cref="InvalidOperationException">On the CPU backend, the ranks called different collectives.</exception>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        t_depth--;
        try
        {
            if (_ncclStarted)
            {
                Nccl.ThrowIfFailed(Nccl.ncclGroupEnd());
            }
        }
        finally
        {
            if (t_depth == 0)
            {
                CpuRendezvous.WaitForThisThread();
            }
        }
    }
}
