namespace GpuDsl;

/// <summary>
/// A kernel failed while running on the CPU backend: its body threw (then <see cref="Exception.InnerException"/> is
/// what it threw, for example an <see cref="IndexOutOfRangeException"/> from a span index), or the threads of a block
/// did not all reach the same <see cref="Gpu.SyncThreads"/>, which would hang or corrupt memory on a GPU. Thrown on the
/// thread that launched the kernel, once every emulated thread has stopped; blocks not yet started are skipped.
/// </summary>
public sealed class KernelExecutionException : Exception
{
    /// <summary>The kernel body threw <paramref name="inner"/>.</summary>
    internal KernelExecutionException(string kernel, Dim3 blockIdx, Dim3 threadIdx, Exception inner)
        : base(
            $"Kernel {kernel} threw {inner.GetType().Name} in block {blockIdx}, thread {threadIdx}: {inner.Message}",
            inner)
    {
        Kernel = kernel;
        BlockIdx = blockIdx;
        ThreadIdx = threadIdx;
    }

    /// <summary>The kernel's threads went wrong together, as <paramref name="message"/> explains.</summary>
    internal KernelExecutionException(string kernel, Dim3 blockIdx, Dim3 threadIdx, string message)
        : base(message)
    {
        Kernel = kernel;
        BlockIdx = blockIdx;
        ThreadIdx = threadIdx;
    }

    /// <summary>The kernel, as <c>Class.Method</c>.</summary>
    public string Kernel { get; }

    /// <summary>The block the failing thread belongs to (<see cref="Gpu.BlockIdx"/>).</summary>
    public Dim3 BlockIdx { get; }

    /// <summary>
    /// The failing thread within its block (<see cref="Gpu.ThreadIdx"/>): the one that threw, or, for a barrier that not
    /// every thread reached, the first thread that returned without reaching it.
    /// </summary>
    public Dim3 ThreadIdx { get; }
}
