using System.Runtime.CompilerServices;
using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// Kernel-side intrinsics: the thread's position in the launch and block-level synchronisation. Inside a
/// <see cref="KernelAttribute">[Kernel]</see> or <see cref="DeviceAttribute">[Device]</see> method these translate to
/// CUDA's built-ins; on the CPU backend they read the emulated thread's state.
/// </summary>
public static partial class Gpu
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

    /// <summary>
    /// Waits until every thread of the whole grid has reached this call, and makes their global memory writes visible to
    /// each other (CUDA <c>cooperative_groups::this_grid().sync()</c>). Every thread of the grid must reach it. A kernel
    /// that calls it (or whose <see cref="DeviceAttribute">[Device]</see> functions do) is launched cooperatively, and its
    /// grid must fit on the device at once: the launch throws <see cref="InvalidLaunchException"/> naming how many blocks
    /// fit when it does not. The CPU backend runs every thread of such a grid at once, up to
    /// <see cref="Cpu.CpuContext.MaxGridSyncThreads"/> threads.
    /// </summary>
    [CudaIntrinsic("gpudsl_grid_sync()")]
    public static void SyncGrid() => CpuThread.Current.SyncGrid();

    /// <summary>
    /// <see cref="SyncThreads"/> that also counts: waits for every thread of the block, and returns for how many of them
    /// <paramref name="predicate"/> is true (CUDA <c>__syncthreads_count</c>). Every thread of the block must reach it.
    /// </summary>
    [CudaIntrinsic("__syncthreads_count({0})")]
    public static int SyncThreadsCount(bool predicate) => CpuThread.Current.SyncThreadsCount(predicate);

    /// <summary>
    /// <see cref="SyncThreads"/> that also votes: waits for every thread of the block, and returns whether
    /// <paramref name="predicate"/> is true for all of them (CUDA <c>__syncthreads_and</c>).
    /// </summary>
    [CudaIntrinsic("(__syncthreads_and({0}) != 0)")]
    public static bool SyncThreadsAnd(bool predicate) => CpuThread.Current.SyncThreadsCount(!predicate) == 0;

    /// <summary>
    /// <see cref="SyncThreads"/> that also votes: waits for every thread of the block, and returns whether
    /// <paramref name="predicate"/> is true for any of them (CUDA <c>__syncthreads_or</c>).
    /// </summary>
    [CudaIntrinsic("(__syncthreads_or({0}) != 0)")]
    public static bool SyncThreadsOr(bool predicate) => CpuThread.Current.SyncThreadsCount(predicate) != 0;

    /// <summary>
    /// Declares a block's static shared memory (CUDA <c>__shared__ T name[length]</c>): every thread of the block sees
    /// the same <paramref name="length"/> elements. Use it as a local's initializer,
    /// <c>Span&lt;float&gt; tile = Gpu.Shared&lt;float&gt;(256);</c>; the length must be a compile-time constant.
    /// The memory is not cleared, as on the GPU.
    /// </summary>
    /// <param name="length">The element count, a constant.</param>
    /// <param name="file">Filled in by the compiler: where the array is declared, for the CPU backend's race reports.</param>
    /// <param name="line">Filled in by the compiler, with <paramref name="file"/>.</param>
    [CudaIntrinsic("__shared__")]
    public static Span<T> Shared<T>(int length, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : unmanaged =>
        CpuThread.Current.Shared<T>(length, file, line);

    /// <summary>
    /// Declares a block's static shared memory as a 2D tile (CUDA <c>__shared__ T name[rows * columns]</c>): every thread
    /// of the block sees the same <paramref name="rows"/> x <paramref name="columns"/> elements, rows one after another.
    /// Use it as a local's initializer, <c>Span2D&lt;float&gt; tile = Gpu.Shared2D&lt;float&gt;(18, 18);</c>; both sizes
    /// must be compile-time constants. The memory is not cleared, as on the GPU.
    /// </summary>
    /// <param name="rows">The number of rows, a constant.</param>
    /// <param name="columns">The number of columns, a constant.</param>
    /// <param name="file">Filled in by the compiler: where the array is declared, for the CPU backend's race reports.</param>
    /// <param name="line">Filled in by the compiler, with <paramref name="file"/>.</param>
    [CudaIntrinsic("__shared__[,]")]
    public static Span2D<T> Shared2D<T>(int rows, int columns, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : unmanaged =>
        new(CpuThread.Current.Shared<T>(checked(rows * columns), file, line), rows, columns);

    /// <summary>
    /// Declares a block's static shared memory as a 3D block of elements (CUDA <c>__shared__ T name[slices * rows * columns]</c>):
    /// every thread of the block sees the same <paramref name="slices"/> x <paramref name="rows"/> x <paramref name="columns"/>
    /// elements, slices one after another, rows within each. Use it as a local's initializer,
    /// <c>Span3D&lt;float&gt; cube = Gpu.Shared3D&lt;float&gt;(4, 8, 8);</c>, and index it <c>cube[s, r, c]</c>; the sizes must be
    /// compile-time constants. The memory is not cleared, as on the GPU.
    /// </summary>
    /// <param name="slices">The number of slices, a constant.</param>
    /// <param name="rows">The number of rows in a slice, a constant.</param>
    /// <param name="columns">The number of columns in a row, a constant.</param>
    /// <param name="file">Filled in by the compiler: where the array is declared, for the CPU backend's race reports.</param>
    /// <param name="line">Filled in by the compiler, with <paramref name="file"/>.</param>
    [CudaIntrinsic("__shared__[,,]")]
    public static Span3D<T> Shared3D<T>(int slices, int rows, int columns, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : unmanaged =>
        new(CpuThread.Current.Shared<T>(checked(slices * rows * columns), file, line), slices, rows, columns);

    /// <summary>
    /// The block's dynamic shared memory, sized by the launch's <c>sharedMemoryBytes</c> (CUDA
    /// <c>extern __shared__</c>), viewed as <typeparamref name="T"/>. Use it as a local's initializer.
    /// </summary>
    /// <param name="file">Filled in by the compiler: where it is declared, for the CPU backend's race reports.</param>
    /// <param name="line">Filled in by the compiler, with <paramref name="file"/>.</param>
    [CudaIntrinsic("extern __shared__")]
    public static Span<T> DynamicShared<T>([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : unmanaged =>
        CpuThread.Current.SharedMemory.Dynamic<T>(file, line);

    /// <summary>
    /// Orders this thread's memory writes before its later writes as seen by every thread of the device (CUDA
    /// <c>__threadfence()</c>).
    /// </summary>
    [CudaIntrinsic("__threadfence()")]
    public static void ThreadFence() => Interlocked.MemoryBarrier();
}
