using GpuDsl.Cpu;

namespace GpuDsl;

// The per-lane pieces of one warp-wide matrix product (PTX mma.sync, sm_80 and later), held in registers. Each type
// names its role (A: M x K, row-major; B: K x N, column-major in the instruction; C: M x N accumulator), its shape and
// its element type, so Gpu.Mma only accepts the combinations the hardware has. The registers hold the elements that
// the PTX ISA ("Matrix Fragments for mma.m16n8k*") assigns to this lane, with groupID = lane / 4 and
// threadID_in_group = lane % 4; Load and Store move exactly those elements, so any layout in memory works.

/// <summary>
/// This lane's part of the 16 x 16 <see cref="Half"/> A operand of <c>mma.sync.aligned.m16n8k16</c>: four registers of two
/// halves each (the lower column in the lower 16 bits). Register r holds row <c>lane / 4 + 8 (r % 2)</c>, columns
/// <c>2 (lane % 4) + 8 (r / 2)</c> and the next. Load it with <see cref="Load"/> or <see cref="Gpu.LoadMatrixX4(ReadOnlySpan{Half}, int)"/>.
/// </summary>
[CudaIntrinsic("gpudsl_mma_a16x16_f16")]
public struct MmaA16x16Half
{
    /// <summary>Register R0 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R0")]
    public uint R0 { readonly get; set; }

    /// <summary>Register R1 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R1")]
    public uint R1 { readonly get; set; }

    /// <summary>Register R2 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R2")]
    public uint R2 { readonly get; set; }

    /// <summary>Register R3 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R3")]
    public uint R3 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 16 x 16 tile at <paramref name="offset"/> of
    /// <paramref name="a"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_a<gpudsl_mma_a16x16_f16, unsigned short>({0}, {1}, {2})")]
    public static MmaA16x16Half Load(ReadOnlySpan<Half> a, int offset, int stride) => CpuMma.LoadA<MmaA16x16Half, Half>(a, offset, stride);

    /// <summary>Writes this lane's elements back where <see cref="Load"/> read them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_a<unsigned short>({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<Half> a, int offset, int stride) => CpuMma.StoreA(this, a, offset, stride);
}

/// <summary>
/// This lane's part of the 16 x 8 (K x N) <see cref="Half"/> B operand of <c>mma.sync.aligned.m16n8k16</c>: two registers of
/// two halves. Register r holds column <c>lane / 4</c>, rows <c>2 (lane % 4) + 8 r</c> and the next. Load it with
/// <see cref="Load"/> or <see cref="Gpu.LoadMatrixX2Transposed(ReadOnlySpan{Half}, int)"/>.
/// </summary>
[CudaIntrinsic("gpudsl_mma_b16x8_f16")]
public struct MmaB16x8Half
{
    /// <summary>Register R0 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R0")]
    public uint R0 { readonly get; set; }

    /// <summary>Register R1 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R1")]
    public uint R1 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 16 x 8 (K x N) tile at <paramref name="offset"/> of
    /// <paramref name="b"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_b<gpudsl_mma_b16x8_f16, unsigned short>({0}, {1}, {2})")]
    public static MmaB16x8Half Load(ReadOnlySpan<Half> b, int offset, int stride) => CpuMma.LoadB<MmaB16x8Half, Half>(b, offset, stride);

    /// <summary>Writes this lane's elements back where <see cref="Load"/> read them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_b<unsigned short>({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<Half> b, int offset, int stride) => CpuMma.StoreB(this, b, offset, stride);

    /// <summary>The B fragment of two registers, such as two of the four that <see cref="Gpu.LoadMatrixX4Transposed(ReadOnlySpan{Half}, int)"/> loads.</summary>
    [CudaIntrinsic("gpudsl_mma_b16x8_f16{ {0}, {1} }")]
    public static MmaB16x8Half FromRegisters(uint r0, uint r1) => new() { R0 = r0, R1 = r1 };
}

/// <summary>
/// This lane's part of the 16 x 16 <see cref="BFloat16"/> A operand of <c>mma.sync.aligned.m16n8k16</c>: four registers of two
/// bfloat16s each (the lower column in the lower 16 bits). Register r holds row <c>lane / 4 + 8 (r % 2)</c>, columns
/// <c>2 (lane % 4) + 8 (r / 2)</c> and the next. Load it with <see cref="Load"/> or <see cref="Gpu.LoadMatrixX4(ReadOnlySpan{BFloat16}, int)"/>.
/// </summary>
[CudaIntrinsic("gpudsl_mma_a16x16_bf16")]
public struct MmaA16x16BFloat16
{
    /// <summary>Register R0 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R0")]
    public uint R0 { readonly get; set; }

    /// <summary>Register R1 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R1")]
    public uint R1 { readonly get; set; }

    /// <summary>Register R2 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R2")]
    public uint R2 { readonly get; set; }

    /// <summary>Register R3 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R3")]
    public uint R3 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 16 x 16 tile at <paramref name="offset"/> of
    /// <paramref name="a"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_a<gpudsl_mma_a16x16_bf16, unsigned short>({0}, {1}, {2})")]
    public static MmaA16x16BFloat16 Load(ReadOnlySpan<BFloat16> a, int offset, int stride) => CpuMma.LoadA<MmaA16x16BFloat16, BFloat16>(a, offset, stride);

    /// <summary>Writes this lane's elements back where <see cref="Load"/> read them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_a<unsigned short>({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<BFloat16> a, int offset, int stride) => CpuMma.StoreA(this, a, offset, stride);
}

/// <summary>
/// This lane's part of the 16 x 8 (K x N) <see cref="BFloat16"/> B operand of <c>mma.sync.aligned.m16n8k16</c>: two registers of
/// two bfloat16s. Register r holds column <c>lane / 4</c>, rows <c>2 (lane % 4) + 8 r</c> and the next. Load it with
/// <see cref="Load"/> or <see cref="Gpu.LoadMatrixX2Transposed(ReadOnlySpan{BFloat16}, int)"/>.
/// </summary>
[CudaIntrinsic("gpudsl_mma_b16x8_bf16")]
public struct MmaB16x8BFloat16
{
    /// <summary>Register R0 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R0")]
    public uint R0 { readonly get; set; }

    /// <summary>Register R1 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R1")]
    public uint R1 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 16 x 8 (K x N) tile at <paramref name="offset"/> of
    /// <paramref name="b"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_b<gpudsl_mma_b16x8_bf16, unsigned short>({0}, {1}, {2})")]
    public static MmaB16x8BFloat16 Load(ReadOnlySpan<BFloat16> b, int offset, int stride) => CpuMma.LoadB<MmaB16x8BFloat16, BFloat16>(b, offset, stride);

    /// <summary>Writes this lane's elements back where <see cref="Load"/> read them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_b<unsigned short>({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<BFloat16> b, int offset, int stride) => CpuMma.StoreB(this, b, offset, stride);

    /// <summary>The B fragment of two registers, such as two of the four that <see cref="Gpu.LoadMatrixX4Transposed(ReadOnlySpan{BFloat16}, int)"/> loads.</summary>
    [CudaIntrinsic("gpudsl_mma_b16x8_bf16{ {0}, {1} }")]
    public static MmaB16x8BFloat16 FromRegisters(uint r0, uint r1) => new() { R0 = r0, R1 = r1 };
}

/// <summary>
/// This lane's part of the 16 x 8 TF32 A operand of <c>mma.sync.aligned.m16n8k8 .tf32</c>: four registers of one
/// <see cref="float"/> each, of which the tensor core reads the TF32 bits (sign, exponent, 10 mantissa bits; round them
/// with <see cref="Gpu.ToTf32"/> first, or the lower 13 bits are ignored). Register r holds row <c>lane / 4 + 8 (r % 2)</c>,
/// column <c>lane % 4 + 4 (r / 2)</c>.
/// </summary>
[CudaIntrinsic("gpudsl_mma_a16x8_tf32")]
public struct MmaA16x8Tf32
{
    /// <summary>Register R0 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R0")]
    public uint R0 { readonly get; set; }

    /// <summary>Register R1 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R1")]
    public uint R1 { readonly get; set; }

    /// <summary>Register R2 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R2")]
    public uint R2 { readonly get; set; }

    /// <summary>Register R3 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R3")]
    public uint R3 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 16 x 8 tile at <paramref name="offset"/> of
    /// <paramref name="a"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_a<gpudsl_mma_a16x8_tf32, unsigned int>({0}, {1}, {2})")]
    public static MmaA16x8Tf32 Load(ReadOnlySpan<float> a, int offset, int stride) => CpuMma.LoadA<MmaA16x8Tf32, float>(a, offset, stride);

    /// <summary>Writes this lane's elements back where <see cref="Load"/> read them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_a<unsigned int>({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<float> a, int offset, int stride) => CpuMma.StoreA(this, a, offset, stride);
}

/// <summary>
/// This lane's part of the 8 x 8 (K x N) TF32 B operand of <c>mma.sync.aligned.m16n8k8 .tf32</c>: two registers of one
/// <see cref="float"/>. Register r holds column <c>lane / 4</c>, row <c>lane % 4 + 4 r</c>.
/// </summary>
[CudaIntrinsic("gpudsl_mma_b8x8_tf32")]
public struct MmaB8x8Tf32
{
    /// <summary>Register R0 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R0")]
    public uint R0 { readonly get; set; }

    /// <summary>Register R1 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R1")]
    public uint R1 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 8 x 8 (K x N) tile at <paramref name="offset"/> of
    /// <paramref name="b"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_b<gpudsl_mma_b8x8_tf32, unsigned int>({0}, {1}, {2})")]
    public static MmaB8x8Tf32 Load(ReadOnlySpan<float> b, int offset, int stride) => CpuMma.LoadB<MmaB8x8Tf32, float>(b, offset, stride);

    /// <summary>Writes this lane's elements back where <see cref="Load"/> read them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_b<unsigned int>({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<float> b, int offset, int stride) => CpuMma.StoreB(this, b, offset, stride);
}

/// <summary>
/// This lane's part of the 16 x 32 <see cref="sbyte"/> A operand of <c>mma.sync.aligned.m16n8k32 .s8</c>: four registers
/// of four bytes (the lowest column in the lowest byte). Register r holds row <c>lane / 4 + 8 (r % 2)</c>, columns
/// <c>4 (lane % 4) + 16 (r / 2)</c> and the next three.
/// </summary>
[CudaIntrinsic("gpudsl_mma_a16x32_s8")]
public struct MmaA16x32SByte
{
    /// <summary>Register R0 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R0")]
    public uint R0 { readonly get; set; }

    /// <summary>Register R1 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R1")]
    public uint R1 { readonly get; set; }

    /// <summary>Register R2 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R2")]
    public uint R2 { readonly get; set; }

    /// <summary>Register R3 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R3")]
    public uint R3 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 16 x 32 tile at <paramref name="offset"/> of
    /// <paramref name="a"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_a<gpudsl_mma_a16x32_s8, unsigned char>({0}, {1}, {2})")]
    public static MmaA16x32SByte Load(ReadOnlySpan<sbyte> a, int offset, int stride) => CpuMma.LoadA<MmaA16x32SByte, sbyte>(a, offset, stride);

    /// <summary>Writes this lane's elements back where <see cref="Load"/> read them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_a<unsigned char>({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<sbyte> a, int offset, int stride) => CpuMma.StoreA(this, a, offset, stride);
}

/// <summary>
/// This lane's part of the 32 x 8 (K x N) <see cref="sbyte"/> B operand of <c>mma.sync.aligned.m16n8k32 .s8</c>: two
/// registers of four bytes. Register r holds column <c>lane / 4</c>, rows <c>4 (lane % 4) + 16 r</c> and the next three.
/// </summary>
[CudaIntrinsic("gpudsl_mma_b32x8_s8")]
public struct MmaB32x8SByte
{
    /// <summary>Register R0 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R0")]
    public uint R0 { readonly get; set; }

    /// <summary>Register R1 (see the type for the elements it holds).</summary>
    [CudaIntrinsic("{0}.R1")]
    public uint R1 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 32 x 8 (K x N) tile at <paramref name="offset"/> of
    /// <paramref name="b"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_b<gpudsl_mma_b32x8_s8, unsigned char>({0}, {1}, {2})")]
    public static MmaB32x8SByte Load(ReadOnlySpan<sbyte> b, int offset, int stride) => CpuMma.LoadB<MmaB32x8SByte, sbyte>(b, offset, stride);

    /// <summary>Writes this lane's elements back where <see cref="Load"/> read them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_b<unsigned char>({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<sbyte> b, int offset, int stride) => CpuMma.StoreB(this, b, offset, stride);
}

/// <summary>
/// This lane's part of a 16 x 8 <see cref="float"/> accumulator (C and D of the fp16, bf16 and TF32 products): element i
/// is row <c>lane / 4 + 8 (i / 2)</c>, column <c>2 (lane % 4) + i % 2</c>. Start from <c>default</c> (zeros).
/// </summary>
[CudaIntrinsic("gpudsl_mma_c16x8_f32")]
public struct MmaC16x8Float
{
    /// <summary>Element C0 (see the type for its row and column).</summary>
    [CudaIntrinsic("{0}.C0")]
    public float C0 { readonly get; set; }

    /// <summary>Element C1 (see the type for its row and column).</summary>
    [CudaIntrinsic("{0}.C1")]
    public float C1 { readonly get; set; }

    /// <summary>Element C2 (see the type for its row and column).</summary>
    [CudaIntrinsic("{0}.C2")]
    public float C2 { readonly get; set; }

    /// <summary>Element C3 (see the type for its row and column).</summary>
    [CudaIntrinsic("{0}.C3")]
    public float C3 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 16 x 8 tile at <paramref name="offset"/> of
    /// <paramref name="c"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_c<gpudsl_mma_c16x8_f32>({0}, {1}, {2})")]
    public static MmaC16x8Float Load(ReadOnlySpan<float> c, int offset, int stride) => CpuMma.LoadC<MmaC16x8Float, float>(c, offset, stride);

    /// <summary>Writes this lane's elements where <see cref="Load"/> reads them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_c({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<float> c, int offset, int stride) => CpuMma.StoreC(this, c, offset, stride);
}

/// <summary>
/// This lane's part of a 16 x 8 <see cref="int"/> accumulator (C and D of the int8 product), laid out as
/// <see cref="MmaC16x8Float"/>. Start from <c>default</c> (zeros).
/// </summary>
[CudaIntrinsic("gpudsl_mma_c16x8_s32")]
public struct MmaC16x8Int
{
    /// <summary>Element C0 (see the type for its row and column).</summary>
    [CudaIntrinsic("{0}.C0")]
    public int C0 { readonly get; set; }

    /// <summary>Element C1 (see the type for its row and column).</summary>
    [CudaIntrinsic("{0}.C1")]
    public int C1 { readonly get; set; }

    /// <summary>Element C2 (see the type for its row and column).</summary>
    [CudaIntrinsic("{0}.C2")]
    public int C2 { readonly get; set; }

    /// <summary>Element C3 (see the type for its row and column).</summary>
    [CudaIntrinsic("{0}.C3")]
    public int C3 { readonly get; set; }

    /// <summary>Reads this lane's elements of the row-major 16 x 8 tile at <paramref name="offset"/> of
    /// <paramref name="c"/>, whose rows are <paramref name="stride"/> elements apart.</summary>
    [CudaIntrinsic("gpudsl_mma_load_c<gpudsl_mma_c16x8_s32>({0}, {1}, {2})")]
    public static MmaC16x8Int Load(ReadOnlySpan<int> c, int offset, int stride) => CpuMma.LoadC<MmaC16x8Int, int>(c, offset, stride);

    /// <summary>Writes this lane's elements where <see cref="Load"/> reads them.</summary>
    [CudaIntrinsic("gpudsl_mma_store_c({0}, {1}, {2}, {3})")]
    public readonly void Store(Span<int> c, int offset, int stride) => CpuMma.StoreC(this, c, offset, stride);
}
