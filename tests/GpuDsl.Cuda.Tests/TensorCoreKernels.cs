namespace GpuDsl.Cuda.Tests;

/// <summary>One warp's tensor-core operations, for <see cref="TensorCoreKernelTests"/>: each kernel runs one block of 32 threads.</summary>
public static partial class TensorCoreKernels
{
    /// <summary>D (16 x 8) = A (16 x 16, row-major) · B (16 x 8, row-major) + C in fp16 with fp32 accumulation.</summary>
    [Kernel]
    public static void MmaHalf(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, ReadOnlySpan<float> c, Span<float> d)
    {
        MmaC16x8Float result = Gpu.Mma(MmaA16x16Half.Load(a, 0, 16), MmaB16x8Half.Load(b, 0, 8), MmaC16x8Float.Load(c, 0, 8));
        result.Store(d, 0, 8);
    }

    /// <summary>D (16 x 8) = A (16 x 16) · B (16 x 8) + C in bf16 with fp32 accumulation, A through ldmatrix.x4 and B
    /// through ldmatrix.x2.trans from shared memory.</summary>
    [Kernel]
    public static void MmaBFloat16(ReadOnlySpan<BFloat16> a, ReadOnlySpan<BFloat16> b, ReadOnlySpan<float> c, Span<float> d)
    {
        Span<BFloat16> tileA = Gpu.Shared<BFloat16>(16 * 16);
        Span<BFloat16> tileB = Gpu.Shared<BFloat16>(16 * 8);
        int lane = Gpu.ThreadIdx.X;
        Gpu.CopyAsync16(tileA, lane * 8, a, lane * 8);
        if (lane < 16) Gpu.CopyAsync16(tileB, lane * 8, b, lane * 8);
        Gpu.CopyAsyncCommit();
        Gpu.CopyAsyncWaitAll();
        Gpu.SyncThreads();
        MmaA16x16BFloat16 fa = Gpu.LoadMatrixX4(tileA, lane % 16 * 16 + lane / 16 * 8);
        MmaB16x8BFloat16 fb = Gpu.LoadMatrixX2Transposed(tileB, lane % 16 * 8);
        MmaC16x8Float result = Gpu.Mma(fa, fb, MmaC16x8Float.Load(c, 0, 8));
        result = Gpu.Mma(MmaA16x16BFloat16.Load(a, 0, 16), MmaB16x8BFloat16.Load(b, 0, 8), result);
        result.Store(d, 0, 8);
    }

    /// <summary>D (16 x 8) = A (16 x 8) · B (8 x 8) + C in TF32, the inputs rounded with Gpu.ToTf32 first.</summary>
    [Kernel]
    public static void MmaTf32(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> d)
    {
        MmaA16x8Tf32 fa = MmaA16x8Tf32.Load(a, 0, 8);
        MmaB8x8Tf32 fb = MmaB8x8Tf32.Load(b, 0, 8);
        MmaC16x8Float result = Gpu.Mma(fa, fb, MmaC16x8Float.Load(c, 0, 8));
        result.Store(d, 0, 8);
    }

    /// <summary>D (16 x 8) = A (16 x 32) · B (32 x 8) + C in int8 with int32 accumulation.</summary>
    [Kernel]
    public static void MmaSByte(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b, ReadOnlySpan<int> c, Span<int> d)
    {
        MmaC16x8Int result = Gpu.Mma(MmaA16x32SByte.Load(a, 0, 32), MmaB32x8SByte.Load(b, 0, 8), MmaC16x8Int.Load(c, 0, 8));
        result.Store(d, 0, 8);
    }

    /// <summary>Each fragment loaded and stored back at another stride: the store must put every element where the load
    /// found it.</summary>
    [Kernel]
    public static void RoundTrips(ReadOnlySpan<Half> h, Span<Half> hOut, ReadOnlySpan<float> f, Span<float> fOut, ReadOnlySpan<sbyte> s, Span<sbyte> sOut)
    {
        MmaA16x16Half.Load(h, 0, 16).Store(hOut, 0, 24);
        MmaB16x8Half.Load(h, 256, 8).Store(hOut, 16, 24);
        MmaA16x8Tf32.Load(f, 0, 8).Store(fOut, 0, 16);
        MmaB8x8Tf32.Load(f, 128, 8).Store(fOut, 8, 16);
        MmaC16x8Float.Load(f, 192, 8).Store(fOut, 256, 8);
        MmaA16x32SByte.Load(s, 0, 32).Store(sOut, 0, 40);
        MmaB32x8SByte.Load(s, 512, 8).Store(sOut, 32, 40);
    }

    /// <summary>
    /// A 16 x 16 tile of halves copied into shared memory with cp.async, then read back with every ldmatrix form: x4 as an
    /// A fragment, x4.trans as two B fragments, x2.trans as one, x2 (the tile read as N-major) as one, and x1 and
    /// x1.trans as the raw register of each lane.
    /// </summary>
    [Kernel]
    public static void LoadMatrices(ReadOnlySpan<Half> tile, Span<Half> a, Span<Half> b, Span<Half> b2, Span<Half> bn, Span<uint> x1, Span<uint> x1t)
    {
        Span<Half> shared = Gpu.Shared<Half>(16 * 16);
        int lane = Gpu.ThreadIdx.X;
        Gpu.CopyAsync16BypassL1(shared, lane * 8, tile, lane * 8);
        Gpu.CopyAsyncCommit();
        Gpu.CopyAsyncWait(0);
        Gpu.SyncThreads();
        int row = lane % 16 * 16 + lane / 16 * 8;
        Gpu.LoadMatrixX4(shared, row).Store(a, 0, 16);
        MmaA16x16Half pair = Gpu.LoadMatrixX4Transposed(shared, row);
        MmaB16x8Half.FromRegisters(pair.R0, pair.R1).Store(b, 0, 16);
        MmaB16x8Half.FromRegisters(pair.R2, pair.R3).Store(b, 8, 16);
        Gpu.LoadMatrixX2Transposed(shared, lane % 16 * 16).Store(b2, 0, 8);
        Gpu.LoadMatrixX2(shared, lane % 8 * 16 + lane / 8 % 2 * 8).Store(bn, 0, 8);
        x1[lane] = Gpu.LoadMatrixX1(shared, lane % 8 * 16);
        x1t[lane] = Gpu.LoadMatrixX1Transposed(shared, lane % 8 * 16);
    }

    /// <summary>Every element through cp.async of 4, 8 and 16 bytes into shared memory and back, and Gpu.ToTf32.</summary>
    [Kernel]
    public static void CopiesAndTf32(ReadOnlySpan<float> x, Span<float> copied, Span<float> rounded)
    {
        Span<float> shared = Gpu.Shared<float>(224);
        int lane = Gpu.ThreadIdx.X;
        Gpu.CopyAsync4(shared, lane, x, lane);
        Gpu.CopyAsync8(shared, 32 + 2 * lane, x, 32 + 2 * lane);
        Gpu.CopyAsyncCommit();
        Gpu.CopyAsync16(shared, 96 + 4 * lane, x, 96 + 4 * lane);
        Gpu.CopyAsyncCommit();
        Gpu.CopyAsyncWait(1);
        Gpu.CopyAsyncWaitAll();
        Gpu.SyncThreads();
        for (int i = lane; i < 224; i += 32)
        {
            copied[i] = shared[i];
            rounded[i] = Gpu.ToTf32(x[i]);
        }
    }

    /// <summary>The README's tensor-core example, as written there.</summary>
    [Kernel]
    public static void WarpProduct(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, Span<float> c, int k)
    {
        // a: 16 x k row-major, b: k x 8 row-major, c: 16 x 8; one block of 32 threads; k a multiple of 16.
        Span<Half> tileA = Gpu.Shared<Half>(16 * 16);
        Span<Half> tileB = Gpu.Shared<Half>(16 * 8);
        int lane = Gpu.ThreadIdx.X;
        MmaC16x8Float acc = default;
        for (int k0 = 0; k0 < k; k0 += 16)
        {
            // 16-byte asynchronous copies: each lane one row half of A, lanes 0-15 one row of B.
            Gpu.CopyAsync16(tileA, lane * 8, a, lane / 2 * k + k0 + lane % 2 * 8);
            if (lane < 16) Gpu.CopyAsync16(tileB, lane * 8, b, (k0 + lane) * 8);
            Gpu.CopyAsyncCommit();
            Gpu.CopyAsyncWait(0);
            Gpu.SyncThreads();
            MmaA16x16Half fa = Gpu.LoadMatrixX4(tileA, lane % 16 * 16 + lane / 16 * 8);
            MmaB16x8Half fb = Gpu.LoadMatrixX2Transposed(tileB, lane % 16 * 8);
            acc = Gpu.Mma(fa, fb, acc);
            Gpu.SyncThreads();
        }

        acc.Store(c, 0, 8);
    }
}
