using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// Kernel-side intrinsics: the thread's position in the launch and block-level synchronisation. Inside a
/// <see cref="KernelAttribute">[Kernel]</see> or <see cref="DeviceAttribute">[Device]</see> method these translate to
/// CUDA's built-ins; on the CPU backend they read the emulated thread's state.
/// </summary>
public static class Gpu
{
    /// <summary>This thread's index within its block (CUDA <c>threadIdx</c>).</summary>
    [CudaIntrinsic("threadIdx")]
    public static Dim3 ThreadIdx => CpuThread.Current.ThreadIdx;

    /// <summary>This block's index within the grid (CUDA <c>blockIdx</c>).</summary>
    [CudaIntrinsic("blockIdx")]
    public static Dim3 BlockIdx => CpuThread.Current.BlockIdx;

    /// <summary>The number of threads of each block (CUDA <c>blockDim</c>).</summary>
    [CudaIntrinsic("blockDim")]
    public static Dim3 BlockDim => CpuThread.Current.BlockDim;

    /// <summary>The number of blocks of the grid (CUDA <c>gridDim</c>).</summary>
    [CudaIntrinsic("gridDim")]
    public static Dim3 GridDim => CpuThread.Current.GridDim;

    /// <summary>
    /// Waits until every thread of the block has reached this call, and makes their shared and global memory writes
    /// visible to each other (CUDA <c>__syncthreads()</c>). Every thread of the block must reach it.
    /// </summary>
    [CudaIntrinsic("__syncthreads()")]
    public static void SyncThreads() => CpuThread.Current.SyncThreads();
}
