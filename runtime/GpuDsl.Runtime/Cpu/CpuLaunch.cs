namespace GpuDsl.Cpu;

/// <summary>
/// What every OS thread of one CPU launch shares: the grid, the next block to hand out, and the first failure. Blocks are
/// handed out by flattened index (x fastest, as CUDA numbers them), so any number of workers can share the grid.
/// </summary>
internal abstract class CpuLaunch
{
    /// <summary>For tests on this thread: run barrier kernels on threads even where they have a loop form.</summary>
    [ThreadStatic]
    internal static bool t_threadFormOnly;

    /// <summary>For tests: whether the last launch of a barrier kernel from this thread ran in its loop form.</summary>
    [ThreadStatic]
    internal static bool t_lastLaunchInLoopForm;

    private long _nextBlock;
    private KernelExecutionException? _failure;

    protected CpuLaunch(CpuContext context, KernelDescriptor kernel, Dim3 grid, Dim3 block, int dynamicSharedBytes, bool raceCheck)
    {
        Context = context;
        RaceCheck = raceCheck;
        DynamicSharedBytes = dynamicSharedBytes;
        Kernel = kernel;
        Grid = grid;
        Block = block;
        BlockCount = grid.Volume;
        ThreadsPerBlock = (int)block.Volume;
    }

    /// <summary>The context the launch runs on.</summary>
    public CpuContext Context { get; }

    public KernelDescriptor Kernel { get; }

    public Dim3 Grid { get; }

    public Dim3 Block { get; }

    public long BlockCount { get; }

    public int ThreadsPerBlock { get; }

    /// <summary>Bytes of dynamic shared memory per block (<see cref="Gpu.DynamicShared{T}"/>).</summary>
    public int DynamicSharedBytes { get; }

    /// <summary>Whether shared-memory races are checked (<see cref="CpuContext.RaceCheck"/>).</summary>
    public bool RaceCheck { get; }

    /// <summary>Whether a thread has failed, so that no further block should start.</summary>
    public bool IsStopping => Volatile.Read(ref _failure) is not null;

    /// <summary>Claims the next <paramref name="count"/> blocks, or fewer at the end of the grid.</summary>
    /// <returns><see langword="false"/> once the grid is exhausted or the launch is stopping.</returns>
    public bool TryClaimBlocks(long count, out long first, out long end)
    {
        first = end = 0;
        if (IsStopping || Volatile.Read(ref _nextBlock) >= BlockCount)
        {
            return false;
        }

        first = Interlocked.Add(ref _nextBlock, count) - count;
        if (first >= BlockCount)
        {
            return false;
        }

        end = Math.Min(first + count, BlockCount);
        return true;
    }

    /// <summary>The block index of a flattened block number.</summary>
    public Dim3 BlockIndex(long flat) => new(
        (int)(flat % Grid.X),
        (int)(flat / Grid.X % Grid.Y),
        (int)(flat / ((long)Grid.X * Grid.Y)));

    /// <summary>The thread index of a flattened thread number within a block.</summary>
    public Dim3 ThreadIndex(int flat) => new(
        flat % Block.X,
        flat / Block.X % Block.Y,
        flat / (Block.X * Block.Y));

    /// <summary>Records a failure; the first one wins and is what the launching thread throws.</summary>
    public void Fail(KernelExecutionException failure) => Interlocked.CompareExchange(ref _failure, failure, null);

    /// <summary>Records that the kernel body threw <paramref name="exception"/> in <paramref name="thread"/>.</summary>
    public void Fail(CpuThread thread, Exception exception) =>
        Fail(new KernelExecutionException(Kernel.DisplayName, thread.BlockIdx, thread.ThreadIdx, exception));

    /// <summary>Rethrows the recorded failure on the launching thread, if there is one.</summary>
    public void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw failure;
        }
    }
}
