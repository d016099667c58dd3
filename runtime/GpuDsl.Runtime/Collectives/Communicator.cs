using System.Numerics;
using GpuDsl.Cpu;
using GpuDsl.Cuda;

namespace GpuDsl;

/// <summary>
/// One rank of a group of devices that reduce and exchange buffers together: NCCL on CUDA devices, and an in-process
/// equivalent with the same semantics on the CPU backend. Every rank calls the same collectives in the same order with
/// the same counts; a collective is queued on the stream given and, on CUDA, may be captured into a <see cref="GpuGraph"/>.
/// </summary>
/// <remarks>
/// <para>
/// Several devices in one process: <see cref="CreateGroup"/> makes one communicator per context. Drive each rank from
/// its own thread, or issue the ranks' calls from one thread inside a <see cref="Group"/> (NCCL needs one or the other,
/// since a collective waits for every rank). One process per GPU (on one machine or many): <see cref="Create"/> with a
/// <see cref="CommunicatorId"/> that rank 0 made and the launcher passed to every process, or
/// <see cref="FromEnvironment"/>, which reads the rank, the size and the id from environment variables.
/// </para>
/// <para>
/// On the CPU backend a collective runs when the last rank calls it, and each rank's call returns once it has run, as a
/// barrier: ranks on one thread must use a <see cref="Group"/>.
/// </para>
/// </remarks>
public abstract partial class Communicator : IDisposable
{
    private int _disposed;

    private protected Communicator(GpuContext context, int rank, int size)
    {
        Context = context;
        Rank = rank;
        Size = size;
    }

    /// <summary>The context this rank's buffers and streams belong to.</summary>
    public GpuContext Context { get; }

    /// <summary>This rank, from 0 to <see cref="Size"/> - 1.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks.</summary>
    public int Size { get; }

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Creates one communicator per context, rank <c>i</c> on <c>contexts[i]</c>: NCCL over CUDA devices (each context a
    /// different device), or the CPU backend's in-process communicator over CPU contexts.
    /// </summary>
    /// <exception cref="ArgumentException">No contexts, a context given twice, two CUDA contexts on one device, or
    /// contexts of different backends.</exception>
    /// <exception cref="CudaException">NCCL could not be loaded, or it failed to create the communicators.</exception>
    public static Communicator[] CreateGroup(IReadOnlyList<GpuContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        if (contexts.Count == 0)
        {
            throw new ArgumentException("A communicator group needs at least one context.", nameof(contexts));
        }

        for (int i = 0; i < contexts.Count; i++)
        {
            GpuContext context = contexts[i] ?? throw new ArgumentNullException(nameof(contexts), $"contexts[{i}] is null.");
            ObjectDisposedException.ThrowIf(context.IsDisposed, context);
            if (context.Backend != contexts[0].Backend)
            {
                throw new ArgumentException(
                    $"contexts[{i}] is a {context.Backend} context but contexts[0] is {contexts[0].Backend}: the ranks of a " +
                    "communicator must all be CUDA devices (NCCL) or all CPU contexts.", nameof(contexts));
            }

            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(contexts[j], context))
                {
                    throw new ArgumentException(
                        $"contexts[{j}] and contexts[{i}] are the same context; each rank needs its own.", nameof(contexts));
                }
            }
        }

        return contexts[0] switch
        {
            CpuContext => CpuCommunicator.CreateGroup(contexts.Cast<CpuContext>().ToArray()),
            CudaContext => NcclCommunicator.CreateGroup(contexts.Cast<CudaContext>().ToArray()),
            _ => throw new ArgumentException($"The {contexts[0].Backend} backend has no communicator.", nameof(contexts)),
        };
    }

    /// <summary>
    /// Joins rank <paramref name="rank"/> of <paramref name="size"/> of a communicator that spans processes (one per
    /// GPU, on one machine or several): every process calls this with the same <paramref name="id"/>, which rank 0 made
    /// with <see cref="CommunicatorId.Create"/>. Returns once every rank has joined.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> is not in [0, <paramref name="size"/>).</exception>
    /// <exception cref="NotSupportedException"><paramref name="context"/> is a CPU context: the CPU backend's
    /// communicators live in one process (<see cref="CreateGroup"/>).</exception>
    /// <exception cref="CudaException">NCCL could not be loaded, or it failed to connect the ranks.</exception>
    public static Communicator Create(GpuContext context, CommunicatorId id, int rank, int size)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if ((uint)rank >= (uint)size)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"The rank must be from 0 to {size - 1} for {size} ranks.");
        }

        ObjectDisposedException.ThrowIf(context.IsDisposed, context);
        return context switch
        {
            CudaContext cuda => NcclCommunicator.Join(cuda, id, rank, size),
            _ => throw new NotSupportedException(
                $"A {context.Backend} context cannot join a communicator across processes: the CPU backend's communicators " +
                "span the CPU contexts of one process. Use Communicator.CreateGroup with one CpuContext per rank."),
        };
    }

    /// <summary>
    /// Starts a group: the collectives (and communicator creations) issued on this thread until the returned value is
    /// disposed are launched together, so one thread can drive every rank of a <see cref="CreateGroup"/> (NCCL's
    /// <c>ncclGroupStart</c>/<c>ncclGroupEnd</c>). Groups nest; the outermost one's end launches.
    /// </summary>
    public static CollectiveGroup Group() => CollectiveGroup.Start();

    /// <summary>
    /// Reduces <paramref name="send"/> over the ranks with <paramref name="operation"/> and writes the result to every
    /// rank's <paramref name="receive"/> (which may be <paramref name="send"/>), on <paramref name="stream"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a span or the stream belongs to another context.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not an NCCL element type.</exception>
    public void AllReduce<T>(DeviceSpan<T> send, DeviceSpan<T> receive, ReduceOperation operation, GpuStream stream)
        where T : unmanaged, INumber<T>
    {
        RequireLength(receive, send.Length, nameof(receive), "AllReduce writes as many elements as each rank sends");
        Run(Prepare(CollectiveKind.AllReduce, send, receive, send.Length, operation, root: 0, stream));
    }

    /// <summary>Reduces <paramref name="data"/> over the ranks in place; see <see cref="AllReduce{T}(DeviceSpan{T}, DeviceSpan{T}, ReduceOperation, GpuStream)"/>.</summary>
    public void AllReduce<T>(DeviceSpan<T> data, ReduceOperation operation, GpuStream stream) where T : unmanaged, INumber<T> =>
        AllReduce(data, data, operation, stream);

    /// <summary>
    /// Reduces <paramref name="send"/> (<see cref="Size"/> blocks of <c>receive.Length</c> elements) over the ranks and
    /// gives rank <c>r</c> block <c>r</c> of the result in <paramref name="receive"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><c>send.Length</c> is not <c>Size * receive.Length</c>, or a span or the stream
    /// belongs to another context.</exception>
    public void ReduceScatter<T>(DeviceSpan<T> send, DeviceSpan<T> receive, ReduceOperation operation, GpuStream stream)
        where T : unmanaged, INumber<T>
    {
        RequireLength(send, (long)receive.Length * Size, nameof(send), $"ReduceScatter sends {Size} blocks (one per rank) of receive's {receive.Length} elements");
        Run(Prepare(CollectiveKind.ReduceScatter, send, receive, receive.Length, operation, root: 0, stream));
    }

    /// <summary>
    /// Gathers every rank's <paramref name="send"/> into every rank's <paramref name="receive"/>, rank <c>r</c>'s elements
    /// as block <c>r</c>: <c>receive.Length</c> is <c>Size * send.Length</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><c>receive.Length</c> is not <c>Size * send.Length</c>, or a span or the
    /// stream belongs to another context.</exception>
    public void AllGather<T>(DeviceSpan<T> send, DeviceSpan<T> receive, GpuStream stream) where T : unmanaged, INumber<T>
    {
        RequireLength(receive, (long)send.Length * Size, nameof(receive), $"AllGather receives {Size} blocks (one per rank) of send's {send.Length} elements");
        Run(Prepare(CollectiveKind.AllGather, send, receive, send.Length, ReduceOperation.Sum, root: 0, stream));
    }

    /// <summary>
    /// Copies rank <paramref name="root"/>'s <paramref name="send"/> into every rank's <paramref name="receive"/> (the
    /// other ranks' <paramref name="send"/> is not read, but must have the same length).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="root"/> is not a rank.</exception>
    /// <exception cref="ArgumentException">The spans differ in length, or a span or the stream belongs to another context.</exception>
    public void Broadcast<T>(DeviceSpan<T> send, DeviceSpan<T> receive, int root, GpuStream stream) where T : unmanaged, INumber<T>
    {
        if ((uint)root >= (uint)Size)
        {
            throw new ArgumentOutOfRangeException(nameof(root), root, $"The root must be a rank, from 0 to {Size - 1}.");
        }

        RequireLength(receive, send.Length, nameof(receive), "Broadcast writes as many elements as the root sends");
        Run(Prepare(CollectiveKind.Broadcast, send, receive, send.Length, ReduceOperation.Sum, root, stream));
    }

    /// <summary>Copies rank <paramref name="root"/>'s <paramref name="data"/> into every rank's, in place.</summary>
    public void Broadcast<T>(DeviceSpan<T> data, int root, GpuStream stream) where T : unmanaged, INumber<T> =>
        Broadcast(data, data, root, stream);

    /// <summary>
    /// Releases every rank of a group of one process at once, each on its own thread: NCCL's teardown of a communicator
    /// may wait for the other ranks on the machine, so disposing them one after another on one thread could wait for ever.
    /// </summary>
    public static void DisposeAll(IReadOnlyList<Communicator> ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        Thread[] threads = [.. ranks.Where(r => r is not null).Select(rank => new Thread(rank.Dispose) { IsBackground = true, Name = $"dispose {rank}" })];
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();
    }

    /// <summary>
    /// Releases this rank's communicator (NCCL's <c>ncclCommDestroy</c>, which waits for its queued work). For the ranks
    /// of one process, use <see cref="DisposeAll"/>, which releases them together.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DisposeCore();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>
    /// Ends this rank's communicator at once, without waiting for its queued collectives (NCCL's <c>ncclCommAbort</c>):
    /// after a rank failed, abort every rank so that those waiting in a collective fail instead of waiting for ever. On
    /// the CPU backend it aborts the whole group: every rank waiting in a collective, or calling one later, throws.
    /// </summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            AbortCore();
            GC.SuppressFinalize(this);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"rank {Rank} of {Size} on {Context}";

    /// <summary>Aborts the backend's communicator; called once, instead of <see cref="DisposeCore"/>.</summary>
    private protected abstract void AbortCore();

    /// <summary>Queues the checked call on its stream.</summary>
    private protected abstract void Run(in CollectiveCall call);

    /// <summary>Releases the backend's resources; called once.</summary>
    private protected abstract void DisposeCore();

    private CollectiveCall Prepare<T>(
        CollectiveKind kind, DeviceSpan<T> send, DeviceSpan<T> receive, long count, ReduceOperation operation, int root, GpuStream stream)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentNullException.ThrowIfNull(stream);
        if (!Enum.IsDefined(operation))
        {
            throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not a ReduceOperation.");
        }

        var type = CollectiveElement<T>.Type;
        RequireOwn(send.Context, nameof(send));
        RequireOwn(receive.Context, nameof(receive));
        RequireOwn(stream.Context, nameof(stream));
        return new CollectiveCall(kind, send.CollectiveAddress(Context), receive.CollectiveAddress(Context), count, type,
            CollectiveElement<T>.Size, operation, root, stream);
    }

    private void RequireOwn(GpuContext? owner, string parameter)
    {
        if (owner is null)
        {
            throw new ArgumentException($"'{parameter}' is an empty (default) DeviceSpan; give it a buffer of rank {Rank}'s context.", parameter);
        }

        if (!ReferenceEquals(owner, Context))
        {
            throw new ArgumentException(
                $"'{parameter}' belongs to {owner}, but this communicator is rank {Rank} on {Context}: each rank's buffers " +
                "and stream must come from its own context.", parameter);
        }
    }

    private static void RequireLength<T>(DeviceSpan<T> span, long expected, string parameter, string rule) where T : unmanaged
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"'{parameter}' has {span.Length} elements but must have {expected}: {rule}.", parameter);
        }
    }
}
