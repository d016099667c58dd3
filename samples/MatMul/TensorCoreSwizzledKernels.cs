using GpuDsl;

namespace MatMul;

/// <summary>
/// The wide (64 x 64 per warp) fp16 variant that drops the padding of the shared tiles for an XOR swizzle. A swizzled tile stores the 16-byte chunk <c>c</c> of row <c>r</c> at chunk <c>c ^ f(r)</c> of that
/// row, with f chosen so that the 8 rows one ldmatrix phase reads land in 8 different groups of 4 banks: no conflicts, no
/// padding bytes, and so room for a third stage in the 48 KiB of static shared memory.
/// </summary>
public static partial class MatMulKernels
{
    // One stage of the unpadded fp16 tiles: A is 128 x 32 halves (4 chunks a row), B 32 x 128 halves (16 chunks a row).
    private const int SwizzledSlotA = TensorBlockM * HalfBlockK, SwizzledSlotB = HalfBlockK * TensorBlockN;

    /// <summary>fp16 <see cref="TensorHalfWide"/> with swizzled unpadded tiles and <see cref="SwizzledStages"/> stages.</summary>
    [Kernel]
    public static void TensorHalfSwizzled(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<float> c, int n)
    {
        Span<Half> tileA = Gpu.Shared<Half>(SwizzledStages * SwizzledSlotA);
        Span<Half> tileB = Gpu.Shared<Half>(SwizzledStages * SwizzledSlotB);
        Span<MmaC16x8Float> acc = stackalloc MmaC16x8Float[WideTilesM * WideTilesN];
        Span<MmaA16x16Half> fragA = stackalloc MmaA16x16Half[WideTilesM];
        Span<MmaB16x8Half> fragB = stackalloc MmaB16x8Half[WideTilesN];
        int thread = Gpu.ThreadIdx.X, lane = thread % 32, warp = thread / 32;
        int warpRow = warp / WideWarpsN * WideWarpM, warpCol = warp % WideWarpsN * WideWarpN;
        int firstRow = Gpu.BlockIdx.Y * TensorBlockM, firstCol = Gpu.BlockIdx.X * TensorBlockN;
        int steps = n / HalfBlockK;

        for (int s = 0; s < SwizzledStages - 1; s++)
        {
            if (s < steps) LoadSwizzledStage(a, b, tileA, s % SwizzledStages * SwizzledSlotA, tileB, s % SwizzledStages * SwizzledSlotB, TensorBlockM, WideThreads, s * HalfBlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();
        }

        for (int step = 0; step < steps; step++)
        {
            // This step's tiles have landed (at most SwizzledStages - 2 later groups still in flight), and every warp is
            // done with the slot the next copy overwrites, which held step - 1.
            Gpu.CopyAsyncWait(SwizzledStages - 2);
            Gpu.SyncThreads();
            int next = step + SwizzledStages - 1;
            if (next < steps) LoadSwizzledStage(a, b, tileA, next % SwizzledStages * SwizzledSlotA, tileB, next % SwizzledStages * SwizzledSlotB, TensorBlockM, WideThreads, next * HalfBlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();

            int slotA = step % SwizzledStages * SwizzledSlotA, slotB = step % SwizzledStages * SwizzledSlotB;
            for (int k = 0; k < HalfBlockK; k += 16)
            {
                // Lane l gives row l % 16, chunk k / 8 + l / 16, of each 16 x 16 piece (see Gpu.LoadMatrixX4).
                for (int i = 0; i < WideTilesM; i++)
                {
                    fragA[i] = Gpu.LoadMatrixX4(tileA, slotA + SwizzledA(warpRow + i * 16 + lane % 16, k / 8 + lane / 16));
                }

                for (int j = 0; j < WideTilesN; j += 2)
                {
                    MmaA16x16Half pair = Gpu.LoadMatrixX4Transposed(tileB, slotB + SwizzledB(k + lane % 16, (warpCol + j * 8) / 8 + lane / 16));
                    fragB[j] = MmaB16x8Half.FromRegisters(pair.R0, pair.R1);
                    fragB[j + 1] = MmaB16x8Half.FromRegisters(pair.R2, pair.R3);
                }

                for (int i = 0; i < WideTilesM; i++)
                {
                    for (int j = 0; j < WideTilesN; j++) acc[i * WideTilesN + j] = Gpu.Mma(fragA[i], fragB[j], acc[i * WideTilesN + j]);
                }
            }
        }

        for (int i = 0; i < WideTilesM; i++)
        {
            for (int j = 0; j < WideTilesN; j++)
            {
                acc[i * WideTilesN + j].Store(c, (firstRow + warpRow + i * 16) * n + firstCol + warpCol + j * 8, n);
            }
        }
    }

    /// <summary>Offset of chunk <paramref name="chunk"/> (8 halves) of row <paramref name="row"/> of a swizzled A tile.
    /// A row is 64 bytes, so rows r and r + 2 share banks; XOR with (r / 2) % 4 sends rows 0..7 of one chunk to 8
    /// different 16-byte bank groups.</summary>
    [Device]
    private static int SwizzledA(int row, int chunk) => row * HalfBlockK + (chunk ^ ((row >> 1) & 3)) * 8;

    /// <summary>Offset of chunk <paramref name="chunk"/> (8 halves) of row <paramref name="row"/> of a swizzled B tile.
    /// A row is 256 bytes, so every row's chunk c is on the same banks; XOR with r % 8 spreads 8 consecutive rows
    /// over the 8 bank groups (it only permutes chunks within an aligned group of 8, so it stays inside the row).</summary>
    [Device]
    private static int SwizzledB(int row, int chunk) => row * TensorBlockN + (chunk ^ (row & 7)) * 8;

}
