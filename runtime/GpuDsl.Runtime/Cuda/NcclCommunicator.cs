using GpuDsl.Interop;
using static GpuDsl.Interop.Nccl;

namespace GpuDsl.Cuda;

/// <summary>
/// A rank of an NCCL communicator on a CUDA device. Collectives are queued on the given stream like kernels (and are
/// recorded when the stream is being captured into a graph). NCCL may switch the thread's current device, so the
/// context is made current before each call and the cached current context is forgotten after it.
/// </summary>
internal sealed class NcclCommunicator : Communicator
{
    private readonly CudaContext _context;
    private readonly nint _comm;

    private NcclCommunicator(CudaContext context, nint comm, int rank, int size)
        : base(context, rank, size)
    {
        _context = context;
        _comm = comm;
    }

    /// <summary>One communicator per device, in one call (<c>ncclCommInitAll</c>).</summary>
    public static unsafe Communicator[] CreateGroup(CudaContext[] contexts)
    {
        for (int i = 0; i < contexts.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (contexts[j].DeviceOrdinal == contexts[i].DeviceOrdinal)
                {
                    throw new ArgumentException(
                        $"contexts[{j}] and contexts[{i}] are both CUDA device {contexts[i].DeviceOrdinal}: NCCL gives each rank its " +
                        "own GPU. Open one context per device (GpuContext.Create(GpuBackend.Cuda, ordinal)).", nameof(contexts));
                }
            }
        }

        NcclLibrary.EnsureLoaded();
        int[] devices = [.. contexts.Select(c => c.DeviceOrdinal)];
        nint[] comms = new nint[contexts.Length];
        NcclResult result;
        fixed (nint* commsPointer = comms)
        fixed (int* devicesPointer = devices)
        {
            result = ncclCommInitAll(commsPointer, devices.Length, devicesPointer);
        }

        CudaContext.ForgetCurrent();
        if (result != NcclResult.ncclSuccess)
        {
            throw Failure(result, $"Creating a communicator over CUDA devices {string.Join(", ", devices)} (ncclCommInitAll)", comm: 0);
        }

        return [.. contexts.Select((context, rank) => new NcclCommunicator(context, comms[rank], rank, contexts.Length))];
    }

    /// <summary>Joins a communicator across processes (<c>ncclCommInitRank</c>); returns once every rank has joined.</summary>
    public static Communicator Join(CudaContext context, CommunicatorId id, int rank, int size)
    {
        NcclLibrary.EnsureLoaded();
        context.EnterCall();
        NcclResult result = ncclCommInitRank(out nint comm, size, id.Value, rank);
        CudaContext.ForgetCurrent();
        if (result != NcclResult.ncclSuccess)
        {
            throw Failure(result, $"Joining as rank {rank} of {size} on CUDA device {context.DeviceOrdinal} (ncclCommInitRank)", comm: 0);
        }

        return new NcclCommunicator(context, comm, rank, size);
    }

    private protected override void Run(in CollectiveCall call)
    {
        _context.EnterCall();
        nint stream = ((CudaStream)call.Stream).Handle;
        if (stream == 0 && _context.IsCapturingAnywhere)
        {
            throw GraphCapture.DefaultStream($"A collective ({call.Describe()})");
        }

        nuint count = (nuint)call.Count;
        NcclReduceOp op = call.Operation switch
        {
            ReduceOperation.Product => NcclReduceOp.ncclProd,
            ReduceOperation.Min => NcclReduceOp.ncclMin,
            ReduceOperation.Max => NcclReduceOp.ncclMax,
            ReduceOperation.Average => NcclReduceOp.ncclAvg,
            _ => NcclReduceOp.ncclSum,
        };
        (NcclResult result, string entry) = call.Kind switch
        {
            CollectiveKind.AllReduce => (ncclAllReduce(call.Send, call.Receive, count, call.Type, op, _comm, stream), nameof(ncclAllReduce)),
            CollectiveKind.ReduceScatter => (ncclReduceScatter(call.Send, call.Receive, count, call.Type, op, _comm, stream), nameof(ncclReduceScatter)),
            CollectiveKind.AllGather => (ncclAllGather(call.Send, call.Receive, count, call.Type, _comm, stream), nameof(ncclAllGather)),
            _ => (ncclBroadcast(call.Send, call.Receive, count, call.Type, call.Root, _comm, stream), nameof(ncclBroadcast)),
        };
        CudaContext.ForgetCurrent();
        if (result != NcclResult.ncclSuccess)
        {
            throw Failure(result, $"{call.Describe()} on rank {Rank} of {Size} ({entry})", _comm);
        }
    }

    private protected override void DisposeCore()
    {
        if (!_context.IsDisposed)
        {
            _context.EnterCall();
        }

        _ = ncclCommDestroy(_comm);
        CudaContext.ForgetCurrent();
    }

    private protected override void AbortCore()
    {
        _ = ncclCommAbort(_comm);
        CudaContext.ForgetCurrent();
    }

    /// <summary>The device NCCL placed this rank on, and its rank, as NCCL reports them (for tests and checks).</summary>
    internal (int Device, int Rank, int Count) Describe()
    {
        ThrowIfFailed(ncclCommCuDevice(_comm, out int device));
        ThrowIfFailed(ncclCommUserRank(_comm, out int rank));
        ThrowIfFailed(ncclCommCount(_comm, out int count));
        return (device, rank, count);
    }
}
