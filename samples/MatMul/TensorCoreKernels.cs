using GpuDsl;

namespace MatMul;

/// <summary>
/// C = A · B on the tensor cores, for n x n row-major matrices (n a multiple of 128): fp16, bf16 and TF32 inputs, all
/// with fp32 accumulation. A block of 8 warps computes a 128 x 128 tile of C; each warp a 64 x 32 part of it as 4 x 4
/// mma tiles of 16 x 8. The tiles of A and B travel from global to shared memory by <c>cp.async</c>, <see cref="Stages"/>
/// k-steps ahead of the product, into rows padded so that the warp's fragment loads (ldmatrix for fp16) meet no bank
/// conflicts. The constants below are the knobs to tune.
/// </summary>
public static partial class MatMulKernels
{
    /// <summary>Rows and columns of C per block of the tensor-core kernels.</summary>
    public const int TensorBlockM = 128, TensorBlockN = 128;

    /// <summary>Rows and columns of C per warp: 4 x 4 mma tiles of 16 x 8.</summary>
    public const int TensorWarpM = 64, TensorWarpN = 32;

    /// <summary>Threads of a block of the tensor-core kernels: one warp per warp tile.</summary>
    public const int TensorThreads = TensorBlockM / TensorWarpM * (TensorBlockN / TensorWarpN) * 32;

    /// <summary>Shared tiles in flight: 2 is double buffering (the static shared memory of both kernels stays under 48 KiB).</summary>
    public const int Stages = 2;

    /// <summary>The k-step of the fp16 kernel (one tile of A is 128 x 32 halves) and of the TF32 kernel (128 x 16 floats).</summary>
    public const int HalfBlockK = 32, Tf32BlockK = 16;

    // Row strides of the shared tiles. fp16: 8 halves (16 bytes) of padding make the 8 rows an ldmatrix reads fall in
    // 8 different groups of 4 banks; TF32: 4 floats for A and 8 for B spread a warp's 32 scalar fragment loads over the
    // 32 banks.
    private const int HalfStrideA = HalfBlockK + 8, HalfStrideB = TensorBlockN + 8;
    private const int Tf32StrideA = Tf32BlockK + 4, Tf32StrideB = TensorBlockN + 8;
    private const int MmaTilesM = TensorWarpM / 16, MmaTilesN = TensorWarpN / 8;

    /// <summary>fp16 A and B, fp32 C: <c>mma.sync.m16n8k16</c> fed by <c>ldmatrix.x4</c> (A) and <c>ldmatrix.x4.trans</c>
    /// (two 8-column B fragments at once).</summary>
    [Kernel]
    public static void TensorHalf(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<float> c, int n)
    {
        Span<Half> tileA = Gpu.Shared<Half>(Stages * TensorBlockM * HalfStrideA);
        Span<Half> tileB = Gpu.Shared<Half>(Stages * HalfBlockK * HalfStrideB);
        Span<MmaC16x8Float> acc = stackalloc MmaC16x8Float[MmaTilesM * MmaTilesN];
        Span<MmaA16x16Half> fragA = stackalloc MmaA16x16Half[MmaTilesM];
        Span<MmaB16x8Half> fragB = stackalloc MmaB16x8Half[MmaTilesN];
        int thread = Gpu.ThreadIdx.X, lane = thread % 32, warp = thread / 32;
        int warpRow = warp / (TensorBlockN / TensorWarpN) * TensorWarpM, warpCol = warp % (TensorBlockN / TensorWarpN) * TensorWarpN;
        int firstRow = Gpu.BlockIdx.Y * TensorBlockM, firstCol = Gpu.BlockIdx.X * TensorBlockN;
        int steps = n / HalfBlockK;

        for (int s = 0; s < Stages - 1; s++)
        {
            if (s < steps) LoadTiles16Bit(a, b, tileA, tileB, s, s % Stages, TensorThreads, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();
        }

        for (int step = 0; step < steps; step++)
        {
            // This step's tiles have landed (at most Stages - 2 later groups in flight), and every warp is done with the
            // slot the next copy overwrites, which held step - 1.
            Gpu.CopyAsyncWait(Stages - 2);
            Gpu.SyncThreads();
            int next = step + Stages - 1;
            if (next < steps) LoadTiles16Bit(a, b, tileA, tileB, next, next % Stages, TensorThreads, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();

            int slotA = step % Stages * TensorBlockM * HalfStrideA, slotB = step % Stages * HalfBlockK * HalfStrideB;
            for (int k = 0; k < HalfBlockK; k += 16)
            {
                // Lane l gives row l % 16, columns 8 (l / 16) onward, of each 16 x 16 piece (see Gpu.LoadMatrixX4).
                for (int i = 0; i < MmaTilesM; i++)
                {
                    fragA[i] = Gpu.LoadMatrixX4(tileA, slotA + (warpRow + i * 16 + lane % 16) * HalfStrideA + k + lane / 16 * 8);
                }

                for (int j = 0; j < MmaTilesN; j += 2)
                {
                    MmaA16x16Half pair = Gpu.LoadMatrixX4Transposed(tileB, slotB + (k + lane % 16) * HalfStrideB + warpCol + j * 8 + lane / 16 * 8);
                    fragB[j] = MmaB16x8Half.FromRegisters(pair.R0, pair.R1);
                    fragB[j + 1] = MmaB16x8Half.FromRegisters(pair.R2, pair.R3);
                }

                for (int i = 0; i < MmaTilesM; i++)
                {
                    for (int j = 0; j < MmaTilesN; j++) acc[i * MmaTilesN + j] = Gpu.Mma(fragA[i], fragB[j], acc[i * MmaTilesN + j]);
                }
            }
        }

        for (int i = 0; i < MmaTilesM; i++)
        {
            for (int j = 0; j < MmaTilesN; j++)
            {
                acc[i * MmaTilesN + j].Store(c, (firstRow + warpRow + i * 16) * n + firstCol + warpCol + j * 8, n);
            }
        }
    }

    /// <summary>bf16 A and B, fp32 C: <see cref="TensorHalf"/> with <c>mma.sync.m16n8k16.bf16</c> (the same fragments,
    /// tiles and loads; C# has no way to write one kernel over both fragment types).</summary>
    [Kernel]
    public static void TensorBFloat16(ReadOnlySpan<BFloat16> a, ReadOnlySpan<BFloat16> b, Span<float> c, int n)
    {
        Span<BFloat16> tileA = Gpu.Shared<BFloat16>(Stages * TensorBlockM * HalfStrideA);
        Span<BFloat16> tileB = Gpu.Shared<BFloat16>(Stages * HalfBlockK * HalfStrideB);
        Span<MmaC16x8Float> acc = stackalloc MmaC16x8Float[MmaTilesM * MmaTilesN];
        Span<MmaA16x16BFloat16> fragA = stackalloc MmaA16x16BFloat16[MmaTilesM];
        Span<MmaB16x8BFloat16> fragB = stackalloc MmaB16x8BFloat16[MmaTilesN];
        int thread = Gpu.ThreadIdx.X, lane = thread % 32, warp = thread / 32;
        int warpRow = warp / (TensorBlockN / TensorWarpN) * TensorWarpM, warpCol = warp % (TensorBlockN / TensorWarpN) * TensorWarpN;
        int firstRow = Gpu.BlockIdx.Y * TensorBlockM, firstCol = Gpu.BlockIdx.X * TensorBlockN;
        int steps = n / HalfBlockK;

        for (int s = 0; s < Stages - 1; s++)
        {
            if (s < steps) LoadTiles16Bit(a, b, tileA, tileB, s, s % Stages, TensorThreads, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();
        }

        for (int step = 0; step < steps; step++)
        {
            // This step's tiles have landed (at most Stages - 2 later groups in flight), and every warp is done with the
            // slot the next copy overwrites, which held step - 1.
            Gpu.CopyAsyncWait(Stages - 2);
            Gpu.SyncThreads();
            int next = step + Stages - 1;
            if (next < steps) LoadTiles16Bit(a, b, tileA, tileB, next, next % Stages, TensorThreads, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();

            int slotA = step % Stages * TensorBlockM * HalfStrideA, slotB = step % Stages * HalfBlockK * HalfStrideB;
            for (int k = 0; k < HalfBlockK; k += 16)
            {
                // Lane l gives row l % 16, columns 8 (l / 16) onward, of each 16 x 16 piece (see Gpu.LoadMatrixX4).
                for (int i = 0; i < MmaTilesM; i++)
                {
                    fragA[i] = Gpu.LoadMatrixX4(tileA, slotA + (warpRow + i * 16 + lane % 16) * HalfStrideA + k + lane / 16 * 8);
                }

                for (int j = 0; j < MmaTilesN; j += 2)
                {
                    MmaA16x16BFloat16 pair = Gpu.LoadMatrixX4Transposed(tileB, slotB + (k + lane % 16) * HalfStrideB + warpCol + j * 8 + lane / 16 * 8);
                    fragB[j] = MmaB16x8BFloat16.FromRegisters(pair.R0, pair.R1);
                    fragB[j + 1] = MmaB16x8BFloat16.FromRegisters(pair.R2, pair.R3);
                }

                for (int i = 0; i < MmaTilesM; i++)
                {
                    for (int j = 0; j < MmaTilesN; j++) acc[i * MmaTilesN + j] = Gpu.Mma(fragA[i], fragB[j], acc[i * MmaTilesN + j]);
                }
            }
        }

        for (int i = 0; i < MmaTilesM; i++)
        {
            for (int j = 0; j < MmaTilesN; j++)
            {
                acc[i * MmaTilesN + j].Store(c, (firstRow + warpRow + i * 16) * n + firstCol + warpCol + j * 8, n);
            }
        }
    }

    /// <summary>Starts the copies of step <paramref name="step"/>'s tiles of A (128 x 32) and B (32 x 128) of 16-bit
    /// elements (fp16 or bf16) into padded <paramref name="slot"/>, by <paramref name="threads"/> threads, 8 elements a copy.</summary>
    [Device]
    private static void LoadTiles16Bit<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> tileA, Span<T> tileB, int step, int slot, int threads, int firstRow, int firstCol, int n, int thread)
        where T : unmanaged
    {
        LoadPaddedStage(a, b, tileA, slot * TensorBlockM * HalfStrideA, tileB, slot * HalfBlockK * HalfStrideB, HalfBlockK, HalfStrideA, HalfStrideB, 8, threads, step * HalfBlockK, firstRow, firstCol, n, thread);
    }

    /// <summary>TF32 A and B (float inputs, of which the tensor core reads the upper 19 bits), fp32 C:
    /// <c>mma.sync.m16n8k8.tf32</c> with fragments read from the padded shared tiles.</summary>
    [Kernel]
    public static void TensorTf32(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        Span<float> tileA = Gpu.Shared<float>(Stages * TensorBlockM * Tf32StrideA);
        Span<float> tileB = Gpu.Shared<float>(Stages * Tf32BlockK * Tf32StrideB);
        Span<MmaC16x8Float> acc = stackalloc MmaC16x8Float[MmaTilesM * MmaTilesN];
        Span<MmaA16x8Tf32> fragA = stackalloc MmaA16x8Tf32[MmaTilesM];
        Span<MmaB8x8Tf32> fragB = stackalloc MmaB8x8Tf32[MmaTilesN];
        int thread = Gpu.ThreadIdx.X, warp = thread / 32;
        int warpRow = warp / (TensorBlockN / TensorWarpN) * TensorWarpM, warpCol = warp % (TensorBlockN / TensorWarpN) * TensorWarpN;
        int firstRow = Gpu.BlockIdx.Y * TensorBlockM, firstCol = Gpu.BlockIdx.X * TensorBlockN;
        int steps = n / Tf32BlockK;

        for (int s = 0; s < Stages - 1; s++)
        {
            if (s < steps) LoadTf32Tiles(a, b, tileA, s % Stages * TensorBlockM * Tf32StrideA, tileB, s % Stages * Tf32BlockK * Tf32StrideB, TensorThreads, s * Tf32BlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();
        }

        for (int step = 0; step < steps; step++)
        {
            Gpu.CopyAsyncWait(Stages - 2);
            Gpu.SyncThreads();
            int next = step + Stages - 1;
            if (next < steps) LoadTf32Tiles(a, b, tileA, next % Stages * TensorBlockM * Tf32StrideA, tileB, next % Stages * Tf32BlockK * Tf32StrideB, TensorThreads, next * Tf32BlockK, firstRow, firstCol, n, thread);
            Gpu.CopyAsyncCommit();

            int slotA = step % Stages * TensorBlockM * Tf32StrideA, slotB = step % Stages * Tf32BlockK * Tf32StrideB;
            for (int k = 0; k < Tf32BlockK; k += 8)
            {
                for (int i = 0; i < MmaTilesM; i++) fragA[i] = MmaA16x8Tf32.Load(tileA, slotA + (warpRow + i * 16) * Tf32StrideA + k, Tf32StrideA);
                for (int j = 0; j < MmaTilesN; j++) fragB[j] = MmaB8x8Tf32.Load(tileB, slotB + k * Tf32StrideB + warpCol + j * 8, Tf32StrideB);
                for (int i = 0; i < MmaTilesM; i++)
                {
                    for (int j = 0; j < MmaTilesN; j++) acc[i * MmaTilesN + j] = Gpu.Mma(fragA[i], fragB[j], acc[i * MmaTilesN + j]);
                }
            }
        }

        for (int i = 0; i < MmaTilesM; i++)
        {
            for (int j = 0; j < MmaTilesN; j++)
            {
                acc[i * MmaTilesN + j].Store(c, (firstRow + warpRow + i * 16) * n + firstCol + warpCol + j * 8, n);
            }
        }
    }

    /// <summary>Starts the copies of one k-step of padded TF32 tiles, A (128 x 16) at <paramref name="atA"/> of
    /// <paramref name="tileA"/> and B (16 x 128) at <paramref name="atB"/> of <paramref name="tileB"/>, by
    /// <paramref name="threads"/> threads, 4 floats a copy.</summary>
    [Device]
    private static void LoadTf32Tiles(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> tileA, int atA, Span<float> tileB, int atB, int threads, int k0, int firstRow, int firstCol, int n, int thread)
    {
        LoadPaddedStage(a, b, tileA, atA, tileB, atB, Tf32BlockK, Tf32StrideA, Tf32StrideB, 4, threads, k0, firstRow, firstCol, n, thread);
    }
}
