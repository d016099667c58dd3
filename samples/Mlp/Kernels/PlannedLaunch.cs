using GpuDsl;

namespace Mlp.Kernels;

/// <summary>
/// A kernel launch with its shape and arguments decided but not yet queued: <see cref="Enqueue"/> queues it on a stream.
/// The training step is a list of these, so that the same list can run eagerly, be captured as a graph, or be timed one
/// kernel at a time by the profiler.
/// </summary>
/// <param name="Kernel">The kernel's name in <see cref="MlpKernels"/>.</param>
/// <param name="Purpose">What this launch computes, in a few words (<c>fc1 weight and bias gradients</c>).</param>
/// <param name="Grid">Blocks in the grid.</param>
/// <param name="Block">Threads in a block.</param>
/// <param name="SharedBytes">Dynamic shared memory per block, in bytes.</param>
/// <param name="Call">Calls the kernel, with its arguments, on the launcher it is given.</param>
public sealed record PlannedLaunch(
    string Kernel, string Purpose, Dim3 Grid, Dim3 Block, int SharedBytes, Action<MlpKernels.KernelLauncher> Call)
{
    /// <summary>The launch configuration in CUDA's notation, <c>&lt;&lt;&lt;(4, 4, 8), (8, 8, 1)&gt;&gt;&gt;</c>, with the dynamic shared bytes when there are any.</summary>
    public string Shape => SharedBytes == 0 ? $"<<<{Grid}, {Block}>>>" : $"<<<{Grid}, {Block}, {SharedBytes}>>>";

    /// <summary>Queues the launch on <paramref name="stream"/>.</summary>
    public void Enqueue(GpuStream stream) => Call(MlpKernels.Launch(Grid, Block, SharedBytes, stream));

    /// <summary>Queues <paramref name="launches"/> on <paramref name="stream"/>, in order.</summary>
    public static void EnqueueAll(IEnumerable<PlannedLaunch> launches, GpuStream stream)
    {
        foreach (PlannedLaunch launch in launches) launch.Enqueue(stream);
    }
}
