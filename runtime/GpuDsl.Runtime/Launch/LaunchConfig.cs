namespace GpuDsl;

/// <summary>
/// How a kernel is launched, CUDA's <c>&lt;&lt;&lt;grid, block, sharedMemoryBytes, stream&gt;&gt;&gt;</c>: the number of
/// blocks, the threads of each block, the bytes of dynamic shared memory per block, and the stream.
/// </summary>
/// <param name="Grid">Blocks in the grid.</param>
/// <param name="Block">Threads in each block.</param>
/// <param name="SharedMemoryBytes">Dynamic shared memory per block, in bytes.</param>
/// <param name="Stream">The stream; <see langword="null"/> for the context's default stream.</param>
public readonly record struct LaunchConfig(Dim3 Grid, Dim3 Block, int SharedMemoryBytes = 0, GpuStream? Stream = null)
{
    /// <summary>
    /// The context a launch runs on: the stream's when one is given, otherwise that of the first buffer argument.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The context is disposed; the message names the kernel.</exception>
    internal GpuContext ResolveContext(KernelDescriptor kernel, GpuContext? firstBufferContext)
    {
        GpuContext? context = Stream?.Context ?? firstBufferContext;
        if (context is null)
        {
            throw new InvalidOperationException(
                $"Kernel {kernel.DisplayName} was launched without a stream and without a buffer argument, so there is no " +
                "GpuContext to run it on. Pass a stream: Launch(grid, block, sharedMemoryBytes, context.DefaultStream).");
        }

        context.ThrowIfDisposed(kernel);
        return context;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"<<<{Grid}, {Block}, {SharedMemoryBytes}{(Stream is null ? "" : ", stream")}>>>";
}
