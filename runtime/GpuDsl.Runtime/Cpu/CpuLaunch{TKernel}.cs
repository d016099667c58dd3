namespace GpuDsl.Cpu;

/// <summary>
/// Runs one kernel launch on the CPU. A kernel without barriers runs each block as a plain loop over its threads, blocks
/// spread over the cores. A kernel with barriers needs the threads of a block to be alive at once, each with its own
/// stack, so each emulated thread gets a dedicated OS thread from <see cref="CpuWorkerPool"/>, and
/// <see cref="CpuBlockGroup"/> implements <c>__syncthreads()</c> between them.
/// </summary>
/// <typeparam name="TKernel">The generated struct that binds the arguments; a struct so that the call is direct.</typeparam>
internal sealed partial class CpuLaunch<TKernel> : CpuLaunch where TKernel : struct, ICpuKernel
{
    // Up to this many emulated threads, a launch without barriers runs on the calling thread alone: waking workers would
    // cost more than it saves, and stepping through a small kernel in a debugger stays on one thread.
    private const long InlineThreadLimit = 4096;

    // A worker claims blocks in chunks of at most this many emulated threads, so it touches the shared counter rarely
    // but a failure elsewhere still stops it soon (it checks between blocks anyway).
    private const int ChunkThreadLimit = 65536;

    private readonly TKernel _body;

    public CpuLaunch(CpuContext context, KernelDescriptor kernel, Dim3 grid, Dim3 block, int dynamicSharedBytes, bool raceCheck, TKernel body)
        : base(context, kernel, grid, block, dynamicSharedBytes, raceCheck) => _body = body;

    /// <summary>Runs every block, or stops early after a failure; returns once no emulated thread is running.</summary>
    public void Run()
    {
        if (Kernel.UsesGridSync)
        {
            // Before the race check, which runs one block at a time: a grid barrier needs every block at once.
            RunGridAtOnce();
        }
        else if (RaceCheck)
        {
            RunRaceChecked();
        }
        else if (Kernel.UsesBarriers && ThreadsPerBlock > 1)
        {
            // A block of one thread cannot wait for anyone, so SyncThreads is a no-op there and the loop is exact.
            if (LoopForm() is { } loop)
            {
                RunBlocksInLoopForm(loop);
            }
            else
            {
                RunBlocksConcurrently();
            }
        }
        else
        {
            RunBlocksAsLoops();
        }
    }

    /// <summary>
    /// With the race check on, one block at a time in grid order, its threads one at a time in lane order between
    /// barriers (a loop, or lanes taking turns), so that the same launch always reports the same race.
    /// </summary>
    private void RunRaceChecked()
    {
        CpuRaceCheck.BeginLaunch();
        try
        {
            if (Kernel.UsesBarriers && ThreadsPerBlock > 1)
            {
                CpuBlockGroup group = new(this, oversubscribed: true, raceCheck: true);
                CpuWorkerPool.Run(ThreadsPerBlock, lane => RunLane(group, lane));
            }
            else
            {
                RunBlockLoopRaceChecked();
            }
        }
        finally
        {
            CpuRaceCheck.EndLaunch();
        }
    }

    private void RunBlocksAsLoops()
    {
        int workers = (int)Math.Min(Environment.ProcessorCount, BlockCount);
        if (workers <= 1 || BlockCount * ThreadsPerBlock <= InlineThreadLimit)
        {
            RunBlockLoop(chunk: BlockCount);
            return;
        }

        // About eight chunks per worker balances uneven blocks; the calling thread is one of the workers.
        long chunk = Math.Clamp(BlockCount / (workers * 8L), 1, Math.Max(1, ChunkThreadLimit / ThreadsPerBlock));
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => RunBlockLoop(chunk));
    }

    /// <summary>Claims chunks of blocks and runs each block's threads in CUDA's order, x fastest.</summary>
    private void RunBlockLoop(long chunk)
    {
        CpuThread thread = new(Kernel, Grid, Block, group: null, new CpuSharedMemory(DynamicSharedBytes, concurrent: false)) { Context = Context };
        CpuThread.t_current = thread;
        TKernel body = _body;
        int bx = Block.X, by = Block.Y, bz = Block.Z;
        try
        {
            while (TryClaimBlocks(chunk, out long first, out long end))
            {
                for (long b = first; b < end && !IsStopping; b++)
                {
                    thread.BlockIdx = BlockIndex(b);
                    for (int z = 0; z < bz; z++)
                    {
                        for (int y = 0; y < by; y++)
                        {
                            for (int x = 0; x < bx; x++)
                            {
                                thread.ThreadIdx = new Dim3(x, y, z);
                                thread.SharedCursor = 0;
                                body.Execute();
                            }
                        }
                    }
                }
            }
        }
        catch (Exception exception)
        {
            Fail(thread, exception);
        }
        finally
        {
            CpuThread.t_current = null;
        }
    }

    /// <summary><see cref="RunBlockLoop"/> on the calling thread alone, with each thread's shared-memory writes recorded.</summary>
    private void RunBlockLoopRaceChecked()
    {
        CpuRaceCheck check = new(this, group: null);
        CpuThread thread = new(Kernel, Grid, Block, group: null, new CpuSharedMemory(DynamicSharedBytes, concurrent: false, check))
        {
            RaceCheck = check,
            Context = Context,
        };
        CpuThread.t_current = thread;
        TKernel body = _body;
        try
        {
            for (long b = 0; b < BlockCount && !IsStopping; b++)
            {
                thread.BlockIdx = BlockIndex(b);
                check.BeginBlock(thread.BlockIdx);
                for (int lane = 0; lane < ThreadsPerBlock; lane++)
                {
                    thread.ThreadIdx = ThreadIndex(lane);
                    thread.Lane = lane;
                    thread.SharedCursor = 0;
                    body.Execute();
                    check.EndSegment(lane);
                }
            }
        }
        catch (BarrierAbortedException)
        {
            // The race check has failed the launch with its report.
        }
        catch (Exception exception)
        {
            Fail(thread, exception);
        }
        finally
        {
            CpuThread.t_current = null;
        }
    }

    /// <summary>
    /// Runs the blocks with one OS thread per emulated thread. Blocks of at least as many threads as there are cores run
    /// one after another (the block alone keeps every core busy); smaller blocks run as many at a time as fit on the
    /// cores, each in its own <see cref="CpuBlockGroup"/>, so that no core idles and the lanes may spin at barriers.
    /// </summary>
    private void RunBlocksConcurrently()
    {
        int size = ThreadsPerBlock;
        int cores = Environment.ProcessorCount;
        int groupCount = (int)Math.Min(BlockCount, Math.Max(1, cores / size));
        CpuBlockGroup[] groups = new CpuBlockGroup[groupCount];
        for (int g = 0; g < groups.Length; g++)
        {
            groups[g] = new CpuBlockGroup(this, oversubscribed: groupCount * size > cores);
        }

        CpuWorkerPool.Run(groupCount * size, lane => RunLane(groups[lane / size], lane % size));
    }

    /// <summary>
    /// Runs a kernel that calls <see cref="Gpu.SyncGrid"/>: every emulated thread of the grid at once, on its own OS
    /// thread, each block in its own <see cref="CpuBlockGroup"/> and all of them sharing one <see cref="CpuGridBarrier"/>,
    /// as a cooperative launch keeps every block of the grid resident on the GPU. The launch was checked against
    /// <see cref="CpuContext.MaxGridSyncThreads"/>.
    /// </summary>
    private void RunGridAtOnce()
    {
        int size = ThreadsPerBlock;
        int total = checked((int)BlockCount * size);
        CpuGridBarrier grid = new(this, total);
        CpuBlockGroup[] groups = new CpuBlockGroup[BlockCount];
        for (int g = 0; g < groups.Length; g++)
        {
            groups[g] = new CpuBlockGroup(this, oversubscribed: total > Environment.ProcessorCount);
        }

        grid.Attach(groups);
        CpuWorkerPool.Run(total, lane => RunLane(groups[lane / size], lane % size, grid));
    }

    /// <summary>One emulated thread: runs its lane of every block its group is given.</summary>
    /// <param name="group">The block group the lane belongs to.</param>
    /// <param name="lane">The lane's flattened index in its block.</param>
    /// <param name="grid">The grid barrier, when the kernel calls <see cref="Gpu.SyncGrid"/>.</param>
    private void RunLane(CpuBlockGroup group, int lane, CpuGridBarrier? grid = null)
    {
        CpuThread thread = new(Kernel, Grid, Block, group, group.SharedMemory)
        {
            ThreadIdx = ThreadIndex(lane),
            Lane = lane,
            RaceCheck = group.RaceCheck,
            GridBarrier = grid,
            Context = Context,
        };
        CpuThread.t_current = thread;
        TKernel body = _body;
        bool leftGrid = grid is null;
        try
        {
            for (long block = group.AwaitNextBlock(thread); block >= 0; block = group.AwaitNextBlock(thread))
            {
                thread.BlockIdx = BlockIndex(block);
                thread.SharedCursor = 0;
                try
                {
                    body.Execute();
                    LeaveGrid();
                    group.FinishBody(thread);
                }
                catch (BarrierAbortedException)
                {
                    // Another thread of the block failed and has already recorded why.
                }
                catch (Exception exception)
                {
                    Fail(thread, exception);
                    group.Abort();
                    grid?.Abort();
                }
            }
        }
        finally
        {
            LeaveGrid();
            CpuThread.t_current = null;
        }

        // A lane is done with the grid barrier once its kernel body has returned (waiting for its block to finish is not
        // waiting at SyncGrid), or when it ends without a block.
        void LeaveGrid()
        {
            if (!leftGrid)
            {
                leftGrid = true;
                grid!.Leave(thread);
            }
        }
    }
}
