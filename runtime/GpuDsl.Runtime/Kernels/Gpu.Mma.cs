using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// Warp-level matrix multiply-accumulate on the tensor cores (PTX <c>mma.sync.aligned</c>, sm_80 and later): the 32 lanes
/// of a warp together compute D = A · B + C for one small tile, each lane holding its part of A, B and C in registers
/// (the <c>Mma*</c> fragment types). Every lane of the warp must make the call (a warp collective, like a shuffle). On the
/// CPU backend the lanes exchange their fragments through the same shuffles and compute the product exactly: every
/// product of fp16, bf16 and TF32 inputs is exact in <see cref="float"/>, summed in <see cref="float"/> (the tensor core's
/// order of additions may differ, so results agree bit for bit where the sums are exact).
/// </summary>
public static partial class Gpu
{
    /// <summary>
    /// D = A · B + C for a 16 x 16 fp16 A, a 16 x 8 fp16 B and a 16 x 8 fp32 accumulator:
    /// <c>mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32</c>.
    /// </summary>
    [CudaIntrinsic("gpudsl_mma_m16n8k16_f16_sync(0xffffffffu, {0}, {1}, {2})")]
    public static MmaC16x8Float Mma(MmaA16x16Half a, MmaB16x8Half b, MmaC16x8Float c) =>
        CpuMma.Product(a, b, c, CpuMma.HalfBits);

    /// <summary>
    /// D = A · B + C for a 16 x 16 bf16 A, a 16 x 8 bf16 B and a 16 x 8 fp32 accumulator:
    /// <c>mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32</c>.
    /// </summary>
    [CudaIntrinsic("gpudsl_mma_m16n8k16_bf16_sync(0xffffffffu, {0}, {1}, {2})")]
    public static MmaC16x8Float Mma(MmaA16x16BFloat16 a, MmaB16x8BFloat16 b, MmaC16x8Float c) =>
        CpuMma.Product(a, b, c, CpuMma.BFloat16Bits);

    /// <summary>
    /// D = A · B + C for a 16 x 8 TF32 A, an 8 x 8 TF32 B and a 16 x 8 fp32 accumulator:
    /// <c>mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32</c>. The tensor core reads the TF32 bits of each input
    /// (the lower 13 mantissa bits are dropped, and so they are on the CPU); round with <see cref="ToTf32"/> first for
    /// round-to-nearest.
    /// </summary>
    [CudaIntrinsic("gpudsl_mma_m16n8k8_tf32_sync(0xffffffffu, {0}, {1}, {2})")]
    public static MmaC16x8Float Mma(MmaA16x8Tf32 a, MmaB8x8Tf32 b, MmaC16x8Float c) =>
        CpuMma.Product(a, b, c, CpuMma.Tf32Bits);

    /// <summary>
    /// D = A · B + C for a 16 x 32 int8 A, a 32 x 8 int8 B and a 16 x 8 int32 accumulator:
    /// <c>mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32</c> (sums wrap around on overflow).
    /// </summary>
    [CudaIntrinsic("gpudsl_mma_m16n8k32_s8_sync(0xffffffffu, {0}, {1}, {2})")]
    public static MmaC16x8Int Mma(MmaA16x32SByte a, MmaB32x8SByte b, MmaC16x8Int c) =>
        CpuMma.Product(a, b, c);

    /// <summary>
    /// <paramref name="value"/> rounded to TF32 (10 mantissa bits, to nearest with ties away from zero), as a
    /// <see cref="float"/> whose lower 13 mantissa bits are zero: <c>cvt.rna.tf32.f32</c> (sm_80 and later). The CPU
    /// backend rounds the same way.
    /// </summary>
    [CudaIntrinsic("gpudsl_mma_to_tf32({0})")]
    public static float ToTf32(float value) => CpuMma.ToTf32(value);
}
