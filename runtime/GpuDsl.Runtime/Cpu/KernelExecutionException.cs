namespace GpuDsl;

/// <summary>
/// A kernel failed while running on the CPU backend: its body threw (then <see cref="Exception.InnerException"/> is
/// what it threw: for an out-of-range span index, a <see cref="KernelIndexOutOfRangeException"/> with the index, the
/// length and the line in a build in checked mode, or the span's own <see cref="IndexOutOfRangeException"/> otherwise),
/// the threads of a block did not all reach the same <see cref="Gpu.SyncThreads"/>, which would hang or corrupt memory
/// on a GPU, or, with <see cref="Cpu.CpuContext.RaceCheck"/> on, two threads of a block raced on shared memory. Thrown on
/// the thread that launched the kernel, once every emulated thread has stopped; blocks not yet started are skipped.
/// </summary>
public sealed class KernelExecutionException : Exception
{
    /// <summary>The kernel body threw <paramref name="inner"/>.</summary>
    internal KernelExecutionException(string kernel, Dim3 blockIdx, Dim3 threadIdx, Exception inner)
        : base(Describe(kernel, blockIdx, threadIdx, inner), inner)
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

    private static string Describe(string kernel, Dim3 blockIdx, Dim3 threadIdx, Exception inner) => inner switch
    {
        // Its message already names the kernel, the line, the index, the length, the block and the thread.
        KernelIndexOutOfRangeException { Site.IsKernel: true } => inner.Message,
        KernelIndexOutOfRangeException outOfRange => $"Kernel {kernel}, in device method {outOfRange.Where()}",
        IndexOutOfRangeException =>
            $"Kernel {kernel} threw IndexOutOfRangeException in block {blockIdx}, thread {threadIdx}: {inner.Message} Build in " +
            "checked mode (GpuDslCheckedKernels=true, the default in Debug) to have the index, the span's length and the line " +
            "reported (in a [Device] method, when its class is partial).",
        _ => $"Kernel {kernel} threw {inner.GetType().Name} in block {blockIdx}, thread {threadIdx}: {inner.Message}",
    };

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
