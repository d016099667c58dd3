using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// Asynchronous copies from global to shared memory (PTX <c>cp.async</c>, sm_80 and later): the thread starts the copy
/// and goes on, so a kernel loads the next tiles while it multiplies the current ones. Copies started since the last
/// <see cref="CopyAsyncCommit"/> form a group; <see cref="CopyAsyncWait"/> waits until at most that many of this
/// thread's groups are still in flight, and a <see cref="SyncThreads"/> after it makes every thread's copies visible to
/// the block. Addresses must be aligned to the copy's size. The CPU backend copies at once; commit and wait do nothing.
/// </summary>
public static partial class Gpu
{
    /// <summary>Starts a copy of 4 bytes from <paramref name="global"/>[<paramref name="globalIndex"/>] to
    /// <paramref name="shared"/>[<paramref name="sharedIndex"/>]: <c>cp.async.ca.shared.global [dst], [src], 4</c>.</summary>
    /// <param name="shared">The destination, in shared memory (<see cref="Shared{T}"/>).</param>
    /// <param name="sharedIndex">The first element written; its address must be a multiple of the copy's size.</param>
    /// <param name="global">The source, in global memory (a kernel's span parameter).</param>
    /// <param name="globalIndex">The first element read; its address must be a multiple of the copy's size.</param>
    [CudaIntrinsic("gpudsl_mma_cp_async<4, false>({0}, {1}, {2}, {3})")]
    public static void CopyAsync4<T>(Span<T> shared, int sharedIndex, ReadOnlySpan<T> global, int globalIndex) where T : unmanaged =>
        CpuMma.CopyAsync(shared, sharedIndex, global, globalIndex, 4);

    /// <summary>Starts a copy of 8 bytes: <c>cp.async.ca.shared.global [dst], [src], 8</c>.</summary>
    /// <inheritdoc cref="CopyAsync4{T}(Span{T}, int, ReadOnlySpan{T}, int)"/>
    [CudaIntrinsic("gpudsl_mma_cp_async<8, false>({0}, {1}, {2}, {3})")]
    public static void CopyAsync8<T>(Span<T> shared, int sharedIndex, ReadOnlySpan<T> global, int globalIndex) where T : unmanaged =>
        CpuMma.CopyAsync(shared, sharedIndex, global, globalIndex, 8);

    /// <summary>Starts a copy of 16 bytes, cached in L1 too: <c>cp.async.ca.shared.global [dst], [src], 16</c>.</summary>
    /// <inheritdoc cref="CopyAsync4{T}(Span{T}, int, ReadOnlySpan{T}, int)"/>
    [CudaIntrinsic("gpudsl_mma_cp_async<16, false>({0}, {1}, {2}, {3})")]
    public static void CopyAsync16<T>(Span<T> shared, int sharedIndex, ReadOnlySpan<T> global, int globalIndex) where T : unmanaged =>
        CpuMma.CopyAsync(shared, sharedIndex, global, globalIndex, 16);

    /// <summary>Starts a copy of 16 bytes that bypasses L1 (the tiles of a matrix product, read once per block):
    /// <c>cp.async.cg.shared.global [dst], [src], 16</c>.</summary>
    /// <inheritdoc cref="CopyAsync4{T}(Span{T}, int, ReadOnlySpan{T}, int)"/>
    [CudaIntrinsic("gpudsl_mma_cp_async<16, true>({0}, {1}, {2}, {3})")]
    public static void CopyAsync16BypassL1<T>(Span<T> shared, int sharedIndex, ReadOnlySpan<T> global, int globalIndex) where T : unmanaged =>
        CpuMma.CopyAsync(shared, sharedIndex, global, globalIndex, 16);

    /// <summary>Closes the group of this thread's copies started since the last commit: <c>cp.async.commit_group</c>.</summary>
    [CudaIntrinsic("gpudsl_mma_cp_async_commit()")]
    public static void CopyAsyncCommit()
    {
    }

    /// <summary>Waits until at most <paramref name="groupsInFlight"/> of this thread's committed groups are unfinished:
    /// <c>cp.async.wait_group N</c>. The count must be a constant (the instruction takes it as an immediate).</summary>
    /// <param name="groupsInFlight">How many of the latest groups may still be copying: 0 waits for all.</param>
    [CudaIntrinsic("gpudsl_mma_cp_async_wait<{0}>()")]
    public static void CopyAsyncWait(int groupsInFlight) => ArgumentOutOfRangeException.ThrowIfNegative(groupsInFlight);

    /// <summary>Waits until every copy this thread started has finished, committed or not: <c>cp.async.wait_all</c>.</summary>
    [CudaIntrinsic("gpudsl_mma_cp_async_wait_all()")]
    public static void CopyAsyncWaitAll()
    {
    }
}
