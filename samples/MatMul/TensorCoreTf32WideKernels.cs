using GpuDsl;

namespace MatMul;

/// <summary>
/// TF32 variants with 64 x 64 warp tiles (4 x 8 mma tiles of m16n8k8 per warp, 4 warps on the 128 x 128 block tile):
/// twice the mma per fragment load of <see cref="TensorTf32"/>; one with the baseline's 2 padded static stages, one with
/// 4 stages in dynamic shared memory.
/// </summary>
public static partial class MatMulKernels
{
    /// <summary>TF32 <see cref="TensorTf32"/> with 64 x 64 warp tiles (4 warps), the same padded 2-stage tiles.</summary>
    [Kernel]
    public static void TensorTf32Wide(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        Span<float> tileA = Gpu.Shared<float>(Stages * TensorBlockM * Tf32StrideA);
        Span<float> tileB = Gpu.Shared<float>(Stages * Tf32BlockK * Tf32StrideB);
        Span<MmaC16x8Float> acc = stackalloc MmaC16x8Float[WideTilesM * WideTilesN];
        Span<MmaA16x8Tf32> fragA = stackalloc MmaA16x8Tf32[WideTilesM];
        Span<MmaB8x8Tf32> fragB = stackalloc MmaB8x8Tf32[WideTilesN];
        int thread = Gpu.ThreadIdx.X, warp = thread / 32;
        int warpRow = warp / WideWarpsN * WideWarpM, warpCol = warp % WideWarpsN * WideWarpN;
        int firstRow = Gpu.BlockIdx.Y * TensorBlockM, firstCol = Gpu.BlockIdx.X * TensorBlockN;
        int steps = n / Tf32BlockK;

        for (int s = 0; s < Stages - 1; s++)
        {
            if (s < steps) LoadTf32Tiles(a, b, tileA, s % Stages * TensorBlockM * Tf32StrideA, tileB, s % Stages * Tf32BlockK * Tf32StrideB, WideThreads, s * Tf32BlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();
        }

        for (int step = 0; step < steps; step++)
        {
            Gpu.CopyAsyncWait(Stages - 2);
            Gpu.SyncThreads();
            int next = step + Stages - 1;
            if (next < steps) LoadTf32Tiles(a, b, tileA, next % Stages * TensorBlockM * Tf32StrideA, tileB, next % Stages * Tf32BlockK * Tf32StrideB, WideThreads, next * Tf32BlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();

            int slotA = step % Stages * TensorBlockM * Tf32StrideA, slotB = step % Stages * Tf32BlockK * Tf32StrideB;
            for (int k = 0; k < Tf32BlockK; k += 8)
            {
                for (int i = 0; i < WideTilesM; i++) fragA[i] = MmaA16x8Tf32.Load(tileA, slotA + (warpRow + i * 16) * Tf32StrideA + k, Tf32StrideA);
                for (int j = 0; j < WideTilesN; j++) fragB[j] = MmaB8x8Tf32.Load(tileB, slotB + k * Tf32StrideB + warpCol + j * 8, Tf32StrideB);
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


    /// <summary>TF32 <see cref="TensorTf32Wide"/> with <see cref="Tf32DeepStages"/> padded stages in dynamic shared
    /// memory; launch with <see cref="Tf32DeepSharedBytes"/>.</summary>
    [Kernel]
    public static void TensorTf32Deep(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        Span<float> tile = Gpu.DynamicShared<float>();
        Span<MmaC16x8Float> acc = stackalloc MmaC16x8Float[WideTilesM * WideTilesN];
        Span<MmaA16x8Tf32> fragA = stackalloc MmaA16x8Tf32[WideTilesM];
        Span<MmaB8x8Tf32> fragB = stackalloc MmaB8x8Tf32[WideTilesN];
        int thread = Gpu.ThreadIdx.X, warp = thread / 32;
        int warpRow = warp / WideWarpsN * WideWarpM, warpCol = warp % WideWarpsN * WideWarpN;
        int firstRow = Gpu.BlockIdx.Y * TensorBlockM, firstCol = Gpu.BlockIdx.X * TensorBlockN;
        int steps = n / Tf32BlockK, baseB = Tf32DeepStages * Tf32SlotA;

        for (int s = 0; s < Tf32DeepStages - 1; s++)
        {
            if (s < steps) LoadTf32Tiles(a, b, tile, s % Tf32DeepStages * Tf32SlotA, tile, baseB + s % Tf32DeepStages * Tf32SlotB, WideThreads, s * Tf32BlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();
        }

        for (int step = 0; step < steps; step++)
        {
            Gpu.CopyAsyncWait(Tf32DeepStages - 2);
            Gpu.SyncThreads();
            int next = step + Tf32DeepStages - 1;
            if (next < steps) LoadTf32Tiles(a, b, tile, next % Tf32DeepStages * Tf32SlotA, tile, baseB + next % Tf32DeepStages * Tf32SlotB, WideThreads, next * Tf32BlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();

            int slotA = step % Tf32DeepStages * Tf32SlotA, slotB = baseB + step % Tf32DeepStages * Tf32SlotB;
            for (int k = 0; k < Tf32BlockK; k += 8)
            {
                for (int i = 0; i < WideTilesM; i++) fragA[i] = MmaA16x8Tf32.Load(tile, slotA + (warpRow + i * 16) * Tf32StrideA + k, Tf32StrideA);
                for (int j = 0; j < WideTilesN; j++) fragB[j] = MmaB8x8Tf32.Load(tile, slotB + k * Tf32StrideB + warpCol + j * 8, Tf32StrideB);
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
