using GpuDsl;

namespace MatMul;

/// <summary>
/// The cp.async tile copies shared by every tensor-core kernel. Each kernel passes its tile shape, row stride, swizzle
/// and thread count as constants; the generated device functions are inlined into the kernels, so NVRTC folds those
/// arguments and unrolls the copy loops as it did when every kernel had its own copy of them.
/// </summary>
public static partial class MatMulKernels
{
    /// <summary>Starts the 16-byte copies of a <paramref name="rows"/> x <paramref name="chunksPerRow"/>-chunk tile of
    /// the row-major n x n <paramref name="source"/>, from element <paramref name="from"/>, to <paramref name="tile"/> at
    /// <paramref name="at"/> with row stride <paramref name="stride"/>, spread over <paramref name="threads"/> threads.
    /// Chunk c of row r lands at chunk <c>c ^ ((r &gt;&gt; swizzleShift) &amp; swizzleMask)</c>: a mask of 0 is the
    /// plain (padded) layout, the others are the XOR swizzles of <see cref="SwizzledA"/> and <see cref="SwizzledB"/>.</summary>
    [Device]
    private static void CopyTileAsync<T>(ReadOnlySpan<T> source, int from, Span<T> tile, int at, int rows, int chunksPerRow, int chunkElements, int stride, int swizzleShift, int swizzleMask, int threads, int n, int thread)
        where T : unmanaged
    {
        for (int chunk = thread; chunk < rows * chunksPerRow; chunk += threads)
        {
            int row = chunk / chunksPerRow, col = chunk % chunksPerRow;
            Gpu.CopyAsync16BypassL1(tile, at + row * stride + (col ^ ((row >> swizzleShift) & swizzleMask)) * chunkElements, source, from + row * n + col * chunkElements);
        }
    }

    /// <summary>Starts the copies of one k-step of padded tiles: A (128 x <paramref name="blockK"/>, row stride
    /// <paramref name="strideA"/>) to <paramref name="tileA"/> at <paramref name="atA"/> and B (<paramref name="blockK"/>
    /// x 128, row stride <paramref name="strideB"/>) to <paramref name="tileB"/> at <paramref name="atB"/>, 16 bytes
    /// (<paramref name="chunkElements"/> elements) a copy; the two spans may be the same dynamic shared memory.</summary>
    [Device]
    private static void LoadPaddedStage<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> tileA, int atA, Span<T> tileB, int atB, int blockK, int strideA, int strideB, int chunkElements, int threads, int k0, int firstRow, int firstCol, int n, int thread)
        where T : unmanaged
    {
        CopyTileAsync(a, firstRow * n + k0, tileA, atA, TensorBlockM, blockK / chunkElements, chunkElements, strideA, 0, 0, threads, n, thread);
        CopyTileAsync(b, k0 * n + firstCol, tileB, atB, blockK, TensorBlockN / chunkElements, chunkElements, strideB, 0, 0, threads, n, thread);
    }

    /// <summary>Starts the copies of one k-step of swizzled fp16 tiles: A (<paramref name="rowsA"/> x 32) to
    /// <paramref name="tileA"/> at <paramref name="atA"/> in the layout of <see cref="SwizzledA"/>, B (32 x 128) to
    /// <paramref name="tileB"/> at <paramref name="atB"/> in that of <see cref="SwizzledB"/>.</summary>
    [Device]
    private static void LoadSwizzledStage(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<Half> tileA, int atA, Span<Half> tileB, int atB, int rowsA, int threads, int k0, int firstRow, int firstCol, int n, int thread)
    {
        CopyTileAsync(a, firstRow * n + k0, tileA, atA, rowsA, HalfBlockK / 8, 8, HalfBlockK, 1, 3, threads, n, thread);
        CopyTileAsync(b, k0 * n + firstCol, tileB, atB, HalfBlockK, TensorBlockN / 8, 8, TensorBlockN, 0, 7, threads, n, thread);
    }
}
