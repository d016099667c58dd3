using System.ComponentModel;

namespace GpuDsl.Cpu;

/// <summary>
/// What the loop form of a kernel yields and reads. For a kernel that calls <see cref="Gpu.SyncThreads"/> or a warp
/// collective, the generator writes a copy that is a C# iterator (<c>Name__CpuLoop</c>): each barrier or collective
/// becomes a <c>yield return</c> of one of the points below, so one OS thread can run a whole block by advancing each thread's iterator to its next
/// barrier in turn (a loop over the block's threads between barriers), and the compiler keeps the locals that live
/// across a barrier in the iterator object, per thread. Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CpuLoopForm
{
    /// <summary>The thread waits at <c>__syncthreads()</c>.</summary>
    public const int Barrier = 0;

    /// <summary>The thread waits at a block vote (<see cref="Gpu.SyncThreadsCount"/> and the others) with a false predicate.</summary>
    public const int BarrierVotingFalse = 1;

    /// <summary>The thread waits at a block vote with a true predicate.</summary>
    public const int BarrierVotingTrue = 2;

    /// <summary>
    /// The thread has posted its input to a warp collective (a shuffle, a vote, <c>Gpu.SyncWarp</c>,
    /// <c>Gpu.ActiveMask()</c>) and waits for the other lanes of its mask; after it, the collective's call is made again
    /// and returns the thread's output (see <see cref="Post"/>).
    /// </summary>
    public const int Exchange = 3;

    /// <summary>
    /// Called before a warp collective's call in the loop form: the call that follows posts its input and returns a
    /// placeholder, the thread yields <see cref="Exchange"/>, and the same call made again, once every lane of the mask has
    /// posted, returns the thread's output, computed as on threads. The arguments are evaluated once, before.
    /// </summary>
    public static void Post() => CpuThread.Current.LoopBlock!.Post();

    /// <summary>The point a block vote with <paramref name="predicate"/> yields.</summary>
    public static int BarrierVoting(bool predicate) => predicate ? BarrierVotingTrue : BarrierVotingFalse;

    /// <summary>
    /// What <c>stackalloc T[length]</c> becomes in the loop form: zeroed per-thread memory that, unlike a stack frame,
    /// outlives the barriers between its uses (see <see cref="CpuLoopArena"/>).
    /// </summary>
    public static Span<T> Local<T>(int length) where T : unmanaged => CpuThread.Current.LoopArena!.Allocate<T>(length);

    /// <summary>After a block vote: how many threads of the block voted true (<c>__syncthreads_count</c>).</summary>
    public static int Votes => CpuThread.Current.LoopVotes;

    /// <summary>After a block vote: whether every thread of the block voted true (<c>__syncthreads_and</c>).</summary>
    public static bool VotedAll => CpuThread.Current.LoopVotes == (int)CpuThread.Current.BlockDim.Volume;

    /// <summary>After a block vote: whether any thread of the block voted true (<c>__syncthreads_or</c>).</summary>
    public static bool VotedAny => CpuThread.Current.LoopVotes != 0;
}

/// <summary>
/// Where the loop form of a <c>[Device]</c> method with barriers or warp collectives that returns a value leaves it: the
/// loop form is an iterator, which cannot return one, so its caller passes one of these and reads <see cref="Value"/>
/// after running it to its end. Used by generated code only.
/// </summary>
/// <typeparam name="T">The method's return type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CpuLoopResult<T>
{
    /// <summary>What the method returned.</summary>
    public T Value { get; set; } = default!;
}
