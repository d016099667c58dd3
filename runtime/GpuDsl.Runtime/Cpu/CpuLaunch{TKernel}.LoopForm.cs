using System.Collections.Concurrent;
using System.Diagnostics;
using GpuDsl.CompilerServices;

namespace GpuDsl.Cpu;

/// <summary>
/// The loop form of a kernel with barriers (see <see cref="CpuLoopForm"/>): one OS thread runs a whole block, advancing
/// each emulated thread's iterator to its next barrier in lane order, then all of them past it, and so on; blocks run in
/// parallel, no more at once than there are cores. A barrier costs a call per thread instead of a wake-up per thread.
/// </summary>
internal sealed partial class CpuLaunch<TKernel>
{
    private static readonly bool s_hasLoopShape = typeof(ICpuLoopKernel).IsAssignableFrom(typeof(TKernel));
    private static readonly ConcurrentDictionary<string, bool> s_traced = new();

    /// <summary>
    /// The kernel's loop form, or <see langword="null"/> to run its threads on OS threads: it has none, or
    /// <c>GPUDSL_CPU_LOOP_FORM=0</c> turns it off (to compare the two). With <c>GPUDSL_CPU_TRACE=1</c>, says once per
    /// kernel which form runs and why.
    /// </summary>
    private ICpuLoopKernel? LoopForm()
    {
        ICpuLoopKernel? loop = s_hasLoopShape ? (ICpuLoopKernel)_body : null;
        string? reason = loop is null ? "its launcher has no loop form (regenerate it)" : loop.ThreadFormReason;
        if (reason is null && (t_threadFormOnly || Environment.GetEnvironmentVariable("GPUDSL_CPU_LOOP_FORM") == "0"))
        {
            reason = "GPUDSL_CPU_LOOP_FORM=0";
        }

        Trace(reason);
        t_lastLaunchInLoopForm = reason is null;
        return reason is null ? loop : null;
    }

    private void Trace(string? reason)
    {
        if (!s_traced.TryAdd(Kernel.DisplayName + reason, true))
        {
            return;
        }

        string line = reason is null
            ? $"GpuDsl CPU: {Kernel.DisplayName} runs in loop form (one OS thread per block)."
            : $"GpuDsl CPU: {Kernel.DisplayName} runs on threads (one OS thread per emulated thread): {reason}.";
        System.Diagnostics.Trace.WriteLine(line);
        if (Environment.GetEnvironmentVariable("GPUDSL_CPU_TRACE") == "1")
        {
            Console.Error.WriteLine(line);
        }
    }

    private void RunBlocksInLoopForm(ICpuLoopKernel loop)
    {
        int workers = (int)Math.Min(Environment.ProcessorCount, BlockCount);
        if (workers <= 1)
        {
            RunLoopFormBlocks(loop, chunk: 1);
            return;
        }

        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => RunLoopFormBlocks(loop, chunk: 1));
    }

    /// <summary>Claims blocks one at a time and runs each with every thread's iterator on this OS thread.</summary>
    private void RunLoopFormBlocks(ICpuLoopKernel loop, long chunk)
    {
        int size = ThreadsPerBlock;
        CpuThread thread = new(Kernel, Grid, Block, group: null, new CpuSharedMemory(DynamicSharedBytes, concurrent: false))
        {
            Context = Context,
            LoopArena = new CpuLoopArena(),
        };
        IEnumerator<int>?[] lanes = new IEnumerator<int>?[size];
        int[] cursors = new int[size];
        Dim3[] indexes = new Dim3[size];
        for (int lane = 0; lane < size; lane++)
        {
            indexes[lane] = ThreadIndex(lane);
        }

        CpuThread.t_current = thread;
        try
        {
            while (TryClaimBlocks(chunk, out long first, out long end))
            {
                for (long block = first; block < end && !IsStopping; block++)
                {
                    thread.BlockIdx = BlockIndex(block);
                    if (!RunLoopFormBlock(loop, thread, lanes, cursors, indexes))
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            CpuThread.t_current = null;
            Array.Clear(lanes);
        }
    }

    /// <summary>Runs one block to its end; <see langword="false"/> when it failed (the launch has recorded why).</summary>
    private bool RunLoopFormBlock(ICpuLoopKernel loop, CpuThread thread, IEnumerator<int>?[] lanes, int[] cursors, Dim3[] indexes)
    {
        int size = lanes.Length;
        thread.LoopArena!.Reset();
        for (int lane = 0; lane < size; lane++)
        {
            thread.ThreadIdx = indexes[lane];
            thread.Lane = lane;
            lanes[lane] = loop.Loop();
            cursors[lane] = 0;
        }

        int passed = 0;
        while (true)
        {
            int arrived = 0, finished = 0, votes = 0, firstFinished = -1;
            for (int lane = 0; lane < size; lane++)
            {
                IEnumerator<int>? body = lanes[lane];
                if (body is null)
                {
                    finished++;
                    firstFinished = firstFinished < 0 ? lane : firstFinished;
                    continue;
                }

                thread.ThreadIdx = indexes[lane];
                thread.Lane = lane;
                thread.SharedCursor = cursors[lane];
                bool waits;
                try
                {
                    waits = body.MoveNext();
                }
                catch (Exception exception)
                {
                    Fail(thread, exception);
                    return false;
                }

                cursors[lane] = thread.SharedCursor;
                if (waits)
                {
                    arrived++;
                    votes += body.Current == CpuLoopForm.BarrierVotingTrue ? 1 : 0;
                }
                else
                {
                    lanes[lane] = null;
                    finished++;
                    firstFinished = firstFinished < 0 ? lane : firstFinished;
                }
            }

            if (arrived == 0)
            {
                return true;
            }

            if (finished > 0)
            {
                Fail(CpuBlockGroup.Divergence(this, thread.BlockIdx, ThreadIndex(firstFinished), arrived, finished, passed));
                return false;
            }

            passed++;
            thread.LoopVotes = votes;
        }
    }
}
