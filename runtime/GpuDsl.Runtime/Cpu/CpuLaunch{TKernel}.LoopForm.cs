using System.Collections.Concurrent;
using System.Diagnostics;
using GpuDsl.CompilerServices;

namespace GpuDsl.Cpu;

/// <summary>
/// The loop form of a kernel with barriers or warp collectives (see <see cref="CpuLoopForm"/>): one OS thread runs a
/// whole block (<see cref="CpuLoopBlock"/>), advancing each emulated thread's iterator to its next barrier or collective
/// in lane order, then all of them past it, and so on; blocks run in parallel, no more at once than there are cores. A
/// barrier or a shuffle costs a call per thread instead of a wake-up per thread.
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
        CpuThread thread = new(Kernel, Grid, Block, group: null, new CpuSharedMemory(DynamicSharedBytes, concurrent: false))
        {
            Context = Context,
            LoopArena = new CpuLoopArena(),
        };
        CpuLoopBlock lanes = new(this, thread);
        CpuThread.t_current = thread;
        try
        {
            while (TryClaimBlocks(chunk, out long first, out long end))
            {
                for (long block = first; block < end && !IsStopping; block++)
                {
                    if (!lanes.Run(loop, BlockIndex(block)))
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            CpuThread.t_current = null;
        }
    }
}
