namespace GpuDsl.Cuda;

/// <summary>
/// What a kernel resolved to in one context: the CUDA function and the limits a launch is checked against. Immutable,
/// and kept in <see cref="KernelDescriptor.BackendCache"/> whole, so a launch finds it with one reference compare and a
/// change (opting in to more shared memory) swaps in a new instance.
/// </summary>
/// <param name="Context">The context the function was loaded in.</param>
/// <param name="Handle">The <c>CUfunction</c>.</param>
/// <param name="MaxThreadsPerBlock">The kernel's thread limit given its register use (<c>CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK</c>).</param>
/// <param name="StaticSharedBytes">Shared memory the kernel declares statically (<c>CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES</c>).</param>
/// <param name="MaxSharedBytes">Static plus dynamic shared memory a block may use once opted in.</param>
/// <param name="ParameterBytes">Where the kernel's last parameter ends, or -1 when the driver cannot say.</param>
/// <param name="ParameterOffsets">Each parameter's offset in the packed block, or <see langword="null"/> when the driver
/// cannot say; with them a launch passes <c>kernelParams</c>, the driver's fastest path.</param>
/// <param name="LargeSharedMemoryEnabled">Whether the kernel has opted in to more than the default per-block shared memory.</param>
internal sealed record CudaFunction(
    CudaContext Context,
    nint Handle,
    int MaxThreadsPerBlock,
    int StaticSharedBytes,
    int MaxSharedBytes,
    int ParameterBytes,
    int[]? ParameterOffsets,
    bool LargeSharedMemoryEnabled);
