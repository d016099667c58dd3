namespace GpuDsl.Generator.Tests;

/// <summary>
/// Tensor cores: fragments become the prelude's register structs, Gpu.Mma the mma.sync instruction of its operand
/// types, LoadMatrix ldmatrix, CopyAsync cp.async with its commit and wait, ToTf32 cvt.rna.tf32.f32, all in inline PTX.
/// </summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Mma_fragments_ldmatrix_cp_async_and_tf32_map_to_inline_ptx_helpers()
    {
        Verify("""
            [Kernel]
            public static void TensorCores(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, ReadOnlySpan<float> x, ReadOnlySpan<sbyte> s, Span<float> c, Span<int> ci)
            {
                Span<Half> tileA = Gpu.Shared<Half>(16 * 16);
                Span<Half> tileB = Gpu.Shared<Half>(16 * 16);
                int lane = Gpu.ThreadIdx.X;
                Gpu.CopyAsync16BypassL1(tileA, lane * 8, a, lane * 8);
                Gpu.CopyAsync16(tileB, lane * 8, b, lane * 8);
                Gpu.CopyAsyncCommit();
                Gpu.CopyAsyncWait(0);
                Gpu.SyncThreads();
                MmaA16x16Half fa = Gpu.LoadMatrixX4(tileA, (lane % 16) * 16 + lane / 16 * 8);
                MmaA16x16Half pair = Gpu.LoadMatrixX4Transposed(tileB, (lane % 16) * 16 + lane / 16 * 8);
                MmaB16x8Half fb = MmaB16x8Half.FromRegisters(pair.R0, pair.R1);
                MmaC16x8Float acc = default;
                acc = Gpu.Mma(fa, fb, acc);
                acc = Gpu.Mma(MmaA16x16Half.Load(a, 0, 16), MmaB16x8Half.Load(b, 0, 16), acc);
                acc = Gpu.Mma(Gpu.LoadMatrixX4(tileA, 0), Gpu.LoadMatrixX2Transposed(tileB, lane % 16 * 16), acc);
                uint one = Gpu.LoadMatrixX1(tileA, lane % 8 * 16) ^ Gpu.LoadMatrixX1Transposed(tileB, lane % 8 * 16);
                MmaB16x8Half plain = Gpu.LoadMatrixX2(tileB, lane % 16 * 16);
                acc.C0 += one + plain.R1;
                acc.Store(c, 0, 8);
                MmaC16x8Float t = Gpu.Mma(MmaA16x8Tf32.Load(x, 0, 8), MmaB8x8Tf32.Load(x, 128, 8), MmaC16x8Float.Load(c, 0, 8));
                t.C1 = Gpu.ToTf32(t.C1);
                t.Store(c, 128, 8);
                MmaC16x8Int i8 = Gpu.Mma(MmaA16x32SByte.Load(s, 0, 32), MmaB32x8SByte.Load(s, 512, 8), default);
                i8.Store(ci, 0, 8);
                Span<float> tileF = Gpu.Shared<float>(64);
                Gpu.CopyAsync4(tileF, lane, x, lane);
                Gpu.CopyAsync8(tileF, 2 * lane, x, 2 * lane);
                Gpu.CopyAsyncWaitAll();
                Span<BFloat16> tileBf = Gpu.Shared<BFloat16>(256);
                MmaC16x8Float bf = Gpu.Mma(Gpu.LoadMatrixX4(tileBf, 0), Gpu.LoadMatrixX2Transposed(tileBf, lane % 16 * 16), default);
                bf = Gpu.Mma(MmaA16x16BFloat16.Load(tileBf, 0, 16), MmaB16x8BFloat16.FromRegisters(Gpu.LoadMatrixX1(tileBf, 0), Gpu.LoadMatrixX1Transposed(tileBf, 0)), bf);
                bf.Store(c, 256, 8);
            }
            """);
    }
}
