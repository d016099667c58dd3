using GpuDsl;

namespace MatMul;

/// <summary>
/// Tuning variants of the tensor-core kernels (issue 18), measured side by side with the baselines of
/// <c>TensorCoreKernels.cs</c>. All keep the 128 x 128 block tile but give each of 4 warps a 64 x 64 tile of C (4 x 8 mma
/// tiles of 16 x 8, 128 fp32 accumulators per thread): per k-slice a warp then loads 4 A and 8 B fragments for 32 mma
/// instead of 4 and 4 for 16, halving the ldmatrix (shared memory) traffic per mma, which is what bounds the baseline.
/// </summary>
public static partial class MatMulKernels
{
    /// <summary>Rows and columns of C per warp of the wide kernels: 4 x 8 mma tiles of 16 x 8. 64 x 64 is the largest
    /// tile whose 128 accumulators plus 32 fragment registers still leave room under the 255-register limit.</summary>
    public const int WideWarpM = 64, WideWarpN = 64;

    /// <summary>Threads of a block of the wide kernels: 4 warps on the 128 x 128 block tile. Fewer threads per block means
    /// each thread issues 4 cp.async copies per tile instead of 2; occupancy is bounded by registers (~200 a thread)
    /// either way.</summary>
    public const int WideThreads = TensorBlockM / WideWarpM * (TensorBlockN / WideWarpN) * 32;

    /// <summary>Shared tiles in flight in <see cref="TensorHalfSwizzled"/>: without padding one stage of A and B is
    /// 16 KiB, so 3 stages are exactly the 48 KiB of static shared memory a block may have without the opt-in.</summary>
    public const int SwizzledStages = 3;

    private const int WideTilesM = WideWarpM / 16, WideTilesN = WideWarpN / 8, WideWarpsN = TensorBlockN / WideWarpN;

    /// <summary>fp16 <see cref="TensorHalf"/> with 64 x 64 warp tiles (4 warps), the same padded 2-stage shared tiles.</summary>
    [Kernel]
    public static void TensorHalfWide(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<float> c, int n)
    {
        Span<Half> tileA = Gpu.Shared<Half>(Stages * TensorBlockM * HalfStrideA);
        Span<Half> tileB = Gpu.Shared<Half>(Stages * HalfBlockK * HalfStrideB);
        Span<MmaC16x8Float> acc = stackalloc MmaC16x8Float[WideTilesM * WideTilesN];
        Span<MmaA16x16Half> fragA = stackalloc MmaA16x16Half[WideTilesM];
        Span<MmaB16x8Half> fragB = stackalloc MmaB16x8Half[WideTilesN];
        int thread = Gpu.ThreadIdx.X, lane = thread % 32, warp = thread / 32;
        int warpRow = warp / WideWarpsN * WideWarpM, warpCol = warp % WideWarpsN * WideWarpN;
        int firstRow = Gpu.BlockIdx.Y * TensorBlockM, firstCol = Gpu.BlockIdx.X * TensorBlockN;
        int steps = n / HalfBlockK;

        for (int s = 0; s < Stages - 1; s++)
        {
            if (s < steps) LoadTiles16Bit(a, b, tileA, tileB, s, s % Stages, WideThreads, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();
        }

        for (int step = 0; step < steps; step++)
        {
            Gpu.CopyAsyncWait(Stages - 2);
            Gpu.SyncThreads();
            int next = step + Stages - 1;
            if (next < steps) LoadTiles16Bit(a, b, tileA, tileB, next, next % Stages, WideThreads, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();

            int slotA = step % Stages * TensorBlockM * HalfStrideA, slotB = step % Stages * HalfBlockK * HalfStrideB;
            for (int k = 0; k < HalfBlockK; k += 16)
            {
                for (int i = 0; i < WideTilesM; i++)
                {
                    fragA[i] = Gpu.LoadMatrixX4(tileA, slotA + (warpRow + i * 16 + lane % 16) * HalfStrideA + k + lane / 16 * 8);
                }

                for (int j = 0; j < WideTilesN; j += 2)
                {
                    MmaA16x16Half pair = Gpu.LoadMatrixX4Transposed(tileB, slotB + (k + lane % 16) * HalfStrideB + warpCol + j * 8 + lane / 16 * 8);
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
