using GpuDsl;

namespace Mlp.Kernels;

/// <summary>Which kernels compute a training step and an evaluation: both compute the same thing, to float rounding.</summary>
public enum KernelSet
{
    /// <summary>
    /// Few launches of tiled kernels that synchronize their blocks (a step is three: gather + fc1 forward, the output
    /// layer's forward and backward pass, both layers' gradients + SGD + bookkeeping): the fast set on a GPU.
    /// </summary>
    Fused,

    /// <summary>
    /// One thread per result, no barriers (a step is eleven launches): the fast set on the CPU backend, which runs a
    /// barrier-free block as a loop instead of one OS thread per GPU thread.
    /// </summary>
    Simple,
}

/// <summary>Picks a <see cref="KernelSet"/>.</summary>
public static class KernelSets
{
    /// <summary>The set that is fastest on <paramref name="backend"/>: fused on CUDA, simple on the CPU backend.</summary>
    public static KernelSet DefaultFor(GpuBackend backend) => backend == GpuBackend.Cuda ? KernelSet.Fused : KernelSet.Simple;
}
