using GpuDsl;

namespace MatMul;

/// <summary>
/// Deeper-pipelined tensor-core variants: more stages than fit the 48 KiB of static shared memory, so the tiles live in
/// dynamic shared memory (the launch passes the byte count; the runtime opts the function in above 48 KiB). A and B of
/// one stage share the single dynamic span: the A tiles of all stages first, then the B tiles.
/// </summary>
public static partial class MatMulKernels
{
    /// <summary>Stages of <see cref="TensorHalfDeep"/>: 4 keep 3 k-steps of copies in flight to hide ~1 µs of DRAM
    /// latency at 128 x 128 x 32 per step; 64 KiB a block, so 2 blocks (by registers) still fit an SM's 227 KiB.</summary>
    public const int DeepStages = 4;

    /// <summary>Dynamic shared memory of <see cref="TensorHalfDeep"/>: <see cref="DeepStages"/> swizzled A and B tiles.</summary>
    public const int DeepSharedBytes = DeepStages * (SwizzledSlotA + SwizzledSlotB) * 2;

    /// <summary>Rows of C per block of <see cref="TensorHalfTall"/>: 256 x 128 with 8 warps of 64 x 64 reads each byte of
    /// B from global memory for twice as many rows, cutting global-to-shared traffic per mma by a quarter.</summary>
    public const int TallBlockM = 256;

    /// <summary>Threads of a block of <see cref="TensorHalfTall"/>: 8 warps, 4 down by 2 across.</summary>
    public const int TallThreads = TallBlockM / WideWarpM * WideWarpsN * 32;

    /// <summary>Stages of <see cref="TensorHalfTall"/>: 3 stages of 24 KiB; one block of 256 threads at ~200 registers
    /// fills an SM's registers, so shared memory is not what limits it.</summary>
    public const int TallStages = 3;

    /// <summary>Dynamic shared memory of <see cref="TensorHalfTall"/>.</summary>
    public const int TallSharedBytes = TallStages * (TallBlockM * HalfBlockK + SwizzledSlotB) * 2;

    /// <summary>Stages of <see cref="TensorTf32Deep"/>: 4 padded stages of 18.5 KiB (74 KiB).</summary>
    public const int Tf32DeepStages = 4;

    private const int Tf32SlotA = TensorBlockM * Tf32StrideA, Tf32SlotB = Tf32BlockK * Tf32StrideB;

    /// <summary>Dynamic shared memory of <see cref="TensorTf32Deep"/>.</summary>
    public const int Tf32DeepSharedBytes = Tf32DeepStages * (Tf32SlotA + Tf32SlotB) * 4;

    /// <summary>fp16 <see cref="TensorHalfSwizzled"/> with <see cref="DeepStages"/> stages in dynamic shared memory;
    /// launch with <see cref="DeepSharedBytes"/>.</summary>
    [Kernel]
    public static void TensorHalfDeep(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<float> c, int n)
    {
        Span<Half> tile = Gpu.DynamicShared<Half>();
        Span<MmaC16x8Float> acc = stackalloc MmaC16x8Float[WideTilesM * WideTilesN];
        Span<MmaA16x16Half> fragA = stackalloc MmaA16x16Half[WideTilesM];
        Span<MmaB16x8Half> fragB = stackalloc MmaB16x8Half[WideTilesN];
        int thread = Gpu.ThreadIdx.X, lane = thread % 32, warp = thread / 32;
        int warpRow = warp / WideWarpsN * WideWarpM, warpCol = warp % WideWarpsN * WideWarpN;
        int firstRow = Gpu.BlockIdx.Y * TensorBlockM, firstCol = Gpu.BlockIdx.X * TensorBlockN;
        int steps = n / HalfBlockK, baseB = DeepStages * SwizzledSlotA;

        for (int s = 0; s < DeepStages - 1; s++)
        {
            if (s < steps) LoadSwizzledStage(a, b, tile, s % DeepStages * SwizzledSlotA, tile, baseB + s % DeepStages * SwizzledSlotB, TensorBlockM, WideThreads, s * HalfBlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();
        }

        for (int step = 0; step < steps; step++)
        {
            Gpu.CopyAsyncWait(DeepStages - 2);
            Gpu.SyncThreads();
            int next = step + DeepStages - 1;
            if (next < steps) LoadSwizzledStage(a, b, tile, next % DeepStages * SwizzledSlotA, tile, baseB + next % DeepStages * SwizzledSlotB, TensorBlockM, WideThreads, next * HalfBlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();

            int slotA = step % DeepStages * SwizzledSlotA, slotB = baseB + step % DeepStages * SwizzledSlotB;
            for (int k = 0; k < HalfBlockK; k += 16)
            {
                for (int i = 0; i < WideTilesM; i++)
                {
                    fragA[i] = Gpu.LoadMatrixX4(tile, slotA + SwizzledA(warpRow + i * 16 + lane % 16, k / 8 + lane / 16));
                }

                for (int j = 0; j < WideTilesN; j += 2)
                {
                    MmaA16x16Half pair = Gpu.LoadMatrixX4Transposed(tile, slotB + SwizzledB(k + lane % 16, (warpCol + j * 8) / 8 + lane / 16));
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

    /// <summary>fp16 on a 256 x 128 block tile of 8 warps of 64 x 64, swizzled, <see cref="TallStages"/> stages in dynamic
    /// shared memory; n a multiple of 256, grid (n / 128, n / 256), launch with <see cref="TallSharedBytes"/>.</summary>
    [Kernel]
    public static void TensorHalfTall(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<float> c, int n)
    {
        Span<Half> tile = Gpu.DynamicShared<Half>();
        Span<MmaC16x8Float> acc = stackalloc MmaC16x8Float[WideTilesM * WideTilesN];
        Span<MmaA16x16Half> fragA = stackalloc MmaA16x16Half[WideTilesM];
        Span<MmaB16x8Half> fragB = stackalloc MmaB16x8Half[WideTilesN];
        int thread = Gpu.ThreadIdx.X, lane = thread % 32, warp = thread / 32;
        int warpRow = warp / WideWarpsN * WideWarpM, warpCol = warp % WideWarpsN * WideWarpN;
        int firstRow = Gpu.BlockIdx.Y * TallBlockM, firstCol = Gpu.BlockIdx.X * TensorBlockN;
        int steps = n / HalfBlockK, slotSizeA = TallBlockM * HalfBlockK, baseB = TallStages * TallBlockM * HalfBlockK;

        for (int s = 0; s < TallStages - 1; s++)
        {
            if (s < steps) LoadSwizzledStage(a, b, tile, s % TallStages * slotSizeA, tile, baseB + s % TallStages * SwizzledSlotB, TallBlockM, TallThreads, s * HalfBlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();
        }

        for (int step = 0; step < steps; step++)
        {
            Gpu.CopyAsyncWait(TallStages - 2);
            Gpu.SyncThreads();
            int next = step + TallStages - 1;
            if (next < steps) LoadSwizzledStage(a, b, tile, next % TallStages * slotSizeA, tile, baseB + next % TallStages * SwizzledSlotB, TallBlockM, TallThreads, next * HalfBlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();

            int slotA = step % TallStages * slotSizeA, slotB = baseB + step % TallStages * SwizzledSlotB;
            for (int k = 0; k < HalfBlockK; k += 16)
            {
                for (int i = 0; i < WideTilesM; i++)
                {
                    fragA[i] = Gpu.LoadMatrixX4(tile, slotA + SwizzledA(warpRow + i * 16 + lane % 16, k / 8 + lane / 16));
                }

                for (int j = 0; j < WideTilesN; j += 2)
                {
                    MmaA16x16Half pair = Gpu.LoadMatrixX4Transposed(tile, slotB + SwizzledB(k + lane % 16, (warpCol + j * 8) / 8 + lane / 16));
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

}
