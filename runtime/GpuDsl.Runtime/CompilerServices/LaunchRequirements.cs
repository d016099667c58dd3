using System.ComponentModel;

namespace GpuDsl.CompilerServices;

/// <summary>
/// The launch-time tests of what a kernel's code assumes of its launch, as CUDA samples often do: one thread per element
/// (<c>data[i]</c> with no bounds check), or an early return before a barrier that no thread of the launch takes
/// (<c>if (i &gt;= n) return;</c>). The generator finds such code where a warning (GPU0027, GPU0030, GPU0037) would
/// otherwise say it is wrong for some launch, and the launcher tests the launch instead, before anything runs on either
/// backend, throwing <see cref="InvalidLaunchException"/> that names the code, the numbers and what to launch. Only the
/// x extents count: the global index is <c>BlockIdx.X * BlockDim.X + ThreadIdx.X</c>. Called by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LaunchRequirements
{
    /// <summary>
    /// Every thread indexes <paramref name="span"/> with its global index (<paramref name="access"/>): the launch may
    /// have at most <paramref name="length"/> threads in x.
    /// </summary>
    /// <param name="kernel">The kernel launched.</param>
    /// <param name="config">The launch.</param>
    /// <param name="access">The access and its line, for the message: <c>'data[i]' (line 12)</c>.</param>
    /// <param name="span">The span parameter's name.</param>
    /// <param name="length">Its length at this launch.</param>
    public static void ThrowIfIndexPastEnd(KernelDescriptor kernel, in LaunchConfig config, string access, string span, long length)
    {
        long threads = (long)config.Grid.X * config.Block.X;
        if (threads > length)
        {
            throw InvalidLaunchException.Unmet(kernel.DisplayName, $"{span}.Length", length, threads,
                $"{access} indexes '{span}' with the global thread index and no bounds check, so the launch may have at most " +
                $"{span}.Length threads in x ({span}.Length is {length:N0}, the launch asks for {threads:N0}: {config.Grid.X:N0} blocks of " +
                $"{config.Block.X:N0}). Launch one thread per element, or guard the index (if (i < {span}.Length)).");
        }
    }

    /// <summary>
    /// A condition on a thread index (the global index, or <c>ThreadIdx.X</c> when <paramref name="globalIndex"/> is false),
    /// whose value changes at index <paramref name="crossing"/>, decides whether a barrier is reached: each block's threads
    /// must all decide alike, <paramref name="wholeGrid"/> the whole grid's for a grid barrier.
    /// </summary>
    /// <param name="kernel">The kernel launched.</param>
    /// <param name="config">The launch.</param>
    /// <param name="globalIndex">The condition is on the global thread index; on <c>ThreadIdx.X</c> when false.</param>
    /// <param name="crossing">The first index on the other side of the condition (<c>n</c> for <c>i &lt; n</c>, <c>n + 1</c> for <c>i &lt;= n</c>).</param>
    /// <param name="wholeGrid">A grid barrier (<c>Gpu.SyncGrid()</c>): no thread of the grid may decide otherwise.</param>
    /// <param name="condition">The condition and its line, for the message.</param>
    /// <param name="barrier">The barrier and its line, for the message.</param>
    public static void ThrowIfBarrierSplit(
        KernelDescriptor kernel, in LaunchConfig config, bool globalIndex, long crossing, bool wholeGrid, string condition, string barrier)
    {
        long block = config.Block.X;
        long threads = globalIndex ? (long)config.Grid.X * block : block;
        bool split = crossing > 0 && crossing < threads && (wholeGrid || !globalIndex || crossing % block != 0);
        if (!split)
        {
            return;
        }

        string index = globalIndex ? "global thread index" : "ThreadIdx.X";
        string who = wholeGrid ? "every thread of the grid" : "every thread of a block";
        string instead = wholeGrid
            ? $"launch at most {crossing:N0} threads in x, so that no thread decides otherwise"
            : globalIndex
                ? $"launch whole blocks on each side of it (at most {crossing:N0} threads in x, or a block size that divides {crossing:N0})"
                : $"launch blocks of at most {crossing:N0} threads in x";
        throw InvalidLaunchException.Unmet(kernel.DisplayName, "barrier condition", crossing, threads,
            $"{barrier}, which {who} must reach, {condition}, which changes at {index} {crossing:N0}; with this launch " +
            $"({config.Grid.X:N0} blocks of {block:N0} threads in x) some threads would wait there for others that never come. " +
            $"Guard the work instead of the barrier, or {instead}.");
    }
}
