namespace GpuDsl.Cpu;

/// <summary>
/// The emulated GPU thread that the current OS thread is running: what <see cref="Gpu"/>'s intrinsics read on the CPU
/// backend. One instance per OS thread of a launch; the launch loop rewrites the indices before each kernel call, so
/// reading them costs one thread-static load.
/// </summary>
internal sealed class CpuThread
{
    [ThreadStatic]
    internal static CpuThread? t_current;

    public Dim3 ThreadIdx;
    public Dim3 BlockIdx;
    public Dim3 BlockDim;
    public Dim3 GridDim;

    /// <summary>The thread's flattened index in its block (x fastest), when the block's threads run concurrently or the race check is on.</summary>
    public int Lane;

    /// <summary>How many <see cref="Gpu.Shared{T}"/> calls this emulated thread has made; reset for each thread run.</summary>
    public int SharedCursor;

    /// <summary>The block's shared memory: the group's when lanes run concurrently, else this OS thread's own.</summary>
    public CpuSharedMemory SharedMemory;

    /// <summary>The race check this thread's accesses are recorded in, when <see cref="CpuContext.RaceCheck"/> is on.</summary>
    public CpuRaceCheck? RaceCheck;

    /// <summary>The context the launch runs on, whose copies of <see cref="DeviceSymbol"/>s the kernel reads.</summary>
    public CpuContext? Context;

    /// <summary>The barrier every thread of the grid shares, when the kernel calls <see cref="Gpu.SyncGrid"/>.</summary>
    public CpuGridBarrier? GridBarrier;

    /// <summary>In the loop form (see <see cref="CpuLoopForm"/>): how many threads voted true at the block vote passed last.</summary>
    public int LoopVotes;

    /// <summary>In the loop form: where the block's threads' <c>stackalloc</c> arrays live.</summary>
    public CpuLoopArena? LoopArena;

    /// <summary>In the loop form: the block's lanes, where warp collectives post their inputs and read their outputs.</summary>
    public CpuLoopBlock? LoopBlock;

    private readonly KernelDescriptor _kernel;
    private readonly CpuBlockGroup? _group;

    /// <param name="kernel">The kernel being run, for messages.</param>
    /// <param name="grid">The launch's grid.</param>
    /// <param name="block">The launch's block.</param>
    /// <param name="group">The barrier this thread's block shares, or <see langword="null"/> when the block's threads
    /// run one after another on this OS thread.</param>
    /// <param name="sharedMemory">The block's shared memory.</param>
    public CpuThread(KernelDescriptor kernel, Dim3 grid, Dim3 block, CpuBlockGroup? group, CpuSharedMemory sharedMemory)
    {
        _kernel = kernel;
        GridDim = grid;
        BlockDim = block;
        _group = group;
        SharedMemory = sharedMemory;
    }

    /// <summary>The kernel's C# name, for messages.</summary>
    public string KernelName => _kernel.DisplayName;

    /// <summary>
    /// The warp this thread belongs to, or <see langword="null"/> when the block's threads run one after another (a
    /// block of one thread, whose warp has one lane).
    /// </summary>
    public CpuWarp? Warp
    {
        get
        {
            if (_group is null && BlockDim.Volume > 1)
            {
                throw new InvalidOperationException(
                    $"Kernel {_kernel.DisplayName} used a warp shuffle, ballot or SyncWarp, but its KernelDescriptor says its " +
                    "threads need not run together. Regenerate the launcher (the generator marks kernels that use them).");
            }

            return _group?.Warps[Lane / CpuWarp.Size];
        }
    }

    /// <summary>This thread's lane within its warp: its flattened index in the block (x fastest), modulo 32.</summary>
    public int LaneInWarp => (ThreadIdx.X + (ThreadIdx.Y * BlockDim.X) + (ThreadIdx.Z * BlockDim.X * BlockDim.Y)) % CpuWarp.Size;

    /// <summary>
    /// This thread's part in <paramref name="collective"/> over the lanes of <paramref name="mask"/> of its warp: in the
    /// loop form a post or a read (see <see cref="CpuLoopBlock.Exchange{TIn, TOut}"/>), on threads a meeting (see
    /// <see cref="CpuWarp.Exchange{TIn, TOut}"/>); a block of one thread is a warp of that one lane.
    /// </summary>
    public TOut Exchange<TIn, TOut>(uint mask, TIn input, IWarpCollective<TIn, TOut> collective)
    {
        if (LoopBlock is { } loop)
        {
            return loop.Exchange(this, mask, input, collective);
        }

        if (Warp is { } warp)
        {
            return warp.Exchange(this, mask, input, collective);
        }

        if ((mask & 1) == 0)
        {
            throw new InvalidOperationException(
                $"Kernel {_kernel.DisplayName} called {collective.What} in lane 0 with mask 0x{mask:x8}, which does not include that lane.");
        }

        return collective.Compute([input], 1, 0);
    }

    /// <summary>Every lane's <paramref name="value"/> in <paramref name="all"/>, by lane, as one exchange (see
    /// <see cref="WarpGather{T}"/>); lanes outside <paramref name="mask"/> are left as they were.</summary>
    public void Gather<T>(uint mask, T value, Span<T> all)
    {
        // Null while the loop form posts (its first run of the call, whose result is ignored): `all` stays as it was.
        T[]? gathered = Exchange(mask, value, WarpGather<T>.Instance);
        for (int lane = 0; gathered is not null && lane < gathered.Length && lane < all.Length; lane++)
        {
            if ((mask >> lane & 1) != 0)
            {
                all[lane] = gathered[lane];
            }
        }
    }

    /// <summary>A ballot, match or reduction over the lanes of <paramref name="mask"/> (see <see cref="WarpReduction"/>).</summary>
    public long Collect(uint mask, long value, WarpOperation operation) => Exchange(mask, value, WarpReduction.Of(operation));

    /// <summary>The lanes of this thread's warp that reach the <c>Gpu.ActiveMask()</c> call at <paramref name="file"/>
    /// line <paramref name="line"/> together (see <see cref="CpuWarp.ActiveMask"/> and <see cref="CpuLoopBlock.ActiveMask"/>).</summary>
    public uint ActiveMask(string file, int line) =>
        LoopBlock is { } loop ? loop.ActiveMask(this, file, line) : Warp is { } warp ? warp.ActiveMask(this, file, line) : 1u;

    /// <summary>Waits for the other lanes of <paramref name="mask"/> in this thread's warp (<c>__syncwarp(mask)</c>).</summary>
    public void SyncWarp(uint mask)
    {
        if (LoopBlock is { } loop)
        {
            loop.Exchange(this, mask, (byte)0, WarpSync.For(mask));
        }
        else if (Warp is { } warp)
        {
            warp.Sync(this, mask);
        }
        else if ((mask & 1) == 0)
        {
            throw new InvalidOperationException(
                $"Kernel {_kernel.DisplayName} called Gpu.SyncWarp in lane 0 with mask 0x{mask:x8}, which does not include that lane.");
        }
    }

    /// <summary>This thread's view of the block's next static shared array (<c>__shared__ T x[length]</c>), declared at
    /// <paramref name="file"/> line <paramref name="line"/>.</summary>
    public Span<T> Shared<T>(int length, string file, int line) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return SharedMemory.Static<T>(SharedCursor++, length, file, line);
    }

    public static CpuThread Current => t_current ?? throw new InvalidOperationException(
        "Gpu.ThreadIdx, BlockIdx, BlockDim, GridDim and SyncThreads are only available inside a kernel launched on the CPU backend.");

    /// <summary>Waits for the other threads of the block (<c>__syncthreads()</c>).</summary>
    public void SyncThreads() => SyncThreadsCount(false);

    /// <summary>Waits for the other threads of the block and returns for how many of them <paramref name="vote"/> was
    /// true (<c>__syncthreads_count</c>).</summary>
    public int SyncThreadsCount(bool vote)
    {
        if (_group is not null)
        {
            // The warp's Gpu.ActiveMask() calls need not wait for this lane while it waits here.
            CpuWarp warp = _group.Warps[Lane / CpuWarp.Size];
            warp.AtBarrier(this, true);
            try
            {
                return _group.ArriveAtBarrier(this, vote);
            }
            finally
            {
                warp.AtBarrier(this, false);
            }
        }
        else if (BlockDim.Volume != 1)
        {
            // The block's threads run one after another on this OS thread, so waiting here would wait forever.
            throw new InvalidOperationException(
                $"Kernel {_kernel.DisplayName} called Gpu.SyncThreads(), but its KernelDescriptor says it uses no barriers, so " +
                "the CPU backend runs the threads of a block one after another. Regenerate the launcher (the generator sets " +
                "usesBarriers when a kernel or a [Device] function it calls uses SyncThreads).");
        }

        // A block of one thread has nobody to wait for.
        return vote ? 1 : 0;
    }

    /// <summary>Waits for every other thread of the grid (<c>cooperative_groups::this_grid().sync()</c>).</summary>
    public void SyncGrid()
    {
        if (GridBarrier is null)
        {
            // The grid's threads do not all run at once, so waiting here would wait forever.
            throw new InvalidOperationException(
                $"Kernel {_kernel.DisplayName} called Gpu.SyncGrid(), but its KernelDescriptor says it does not, so the CPU " +
                "backend does not run the whole grid at once. Regenerate the launcher (the generator sets usesGridSync when " +
                "a kernel or a [Device] function it calls uses SyncGrid).");
        }

        GridBarrier.Arrive(this);
    }
}
