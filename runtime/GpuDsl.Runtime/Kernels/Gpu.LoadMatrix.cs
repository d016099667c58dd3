using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// Loads of 8 x 8 matrices of 16-bit elements (<see cref="Half"/> or <see cref="BFloat16"/>) from shared memory straight into mma fragments (PTX
/// <c>ldmatrix.sync.aligned.m8n8.shared.b16</c>, sm_75 and later): a warp collective in which lanes 0-7 give the
/// rows of the first matrix (each offset is the first of eight consecutive elements, 16 bytes, 16-byte
/// aligned), lanes 8-15 those of the second, and so on; lane l then holds in register j the elements at row l / 4,
/// columns 2 (l % 4) and the next, of matrix j. The <c>Transposed</c> forms give each lane the transposed matrix's
/// elements instead (<c>.trans</c>): row 2 (l % 4) and the next, column l / 4. The span must be shared memory
/// (<see cref="Shared{T}"/>). The CPU backend exchanges the rows through shuffles and gives every lane the same registers.
/// </summary>
public static partial class Gpu
{
    /// <summary>One 8 x 8 matrix, rows given by lanes 0-7: <c>ldmatrix.sync.aligned.m8n8.x1.shared.b16</c>.</summary>
    /// <param name="shared">Shared memory holding the matrix.</param>
    /// <param name="offset">This lane's row: the index of its first element (read in lanes 0-7 only).</param>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<1, false, unsigned int>(0xffffffffu, {0}, {1})")]
    public static uint LoadMatrixX1(ReadOnlySpan<Half> shared, int offset) => CpuMma.LoadMatrix<uint, Half>(shared, offset, 1, false);

    /// <summary>Two 8 x 8 matrices, rows given by lanes 0-15, as a B fragment whose K x N tile is stored N-major (each
    /// row of shared memory is a column of B): <c>ldmatrix.sync.aligned.m8n8.x2.shared.b16</c>.</summary>
    /// <inheritdoc cref="LoadMatrixX1(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<2, false, gpudsl_mma_b16x8_f16>(0xffffffffu, {0}, {1})")]
    public static MmaB16x8Half LoadMatrixX2(ReadOnlySpan<Half> shared, int offset) => CpuMma.LoadMatrix<MmaB16x8Half, Half>(shared, offset, 2, false);

    /// <summary>Four 8 x 8 matrices, rows given by all 32 lanes, as an A fragment of a row-major 16 x 16 tile when lane l
    /// gives row l % 16, columns 8 (l / 16) onward: <c>ldmatrix.sync.aligned.m8n8.x4.shared.b16</c>.</summary>
    /// <inheritdoc cref="LoadMatrixX1(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<4, false, gpudsl_mma_a16x16_f16>(0xffffffffu, {0}, {1})")]
    public static MmaA16x16Half LoadMatrixX4(ReadOnlySpan<Half> shared, int offset) => CpuMma.LoadMatrix<MmaA16x16Half, Half>(shared, offset, 4, false);

    /// <summary>One 8 x 8 matrix, transposed: <c>ldmatrix.sync.aligned.m8n8.x1.trans.shared.b16</c>.</summary>
    /// <inheritdoc cref="LoadMatrixX1(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<1, true, unsigned int>(0xffffffffu, {0}, {1})")]
    public static uint LoadMatrixX1Transposed(ReadOnlySpan<Half> shared, int offset) => CpuMma.LoadMatrix<uint, Half>(shared, offset, 1, true);

    /// <summary>Two 8 x 8 matrices, transposed, as the B fragment of a row-major 16 x 8 (K x N) tile when lane l gives
    /// row l % 16: <c>ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16</c>.</summary>
    /// <inheritdoc cref="LoadMatrixX1(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<2, true, gpudsl_mma_b16x8_f16>(0xffffffffu, {0}, {1})")]
    public static MmaB16x8Half LoadMatrixX2Transposed(ReadOnlySpan<Half> shared, int offset) => CpuMma.LoadMatrix<MmaB16x8Half, Half>(shared, offset, 2, true);

    /// <summary>Four 8 x 8 matrices, transposed: two B fragments of a row-major 16 x 16 (K x N) tile when lane l gives
    /// row l % 16, columns 8 (l / 16) onward (registers R0, R1 are the first 8 columns, R2, R3 the next; split them with
    /// <see cref="MmaB16x8Half.FromRegisters"/>): <c>ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16</c>.</summary>
    /// <inheritdoc cref="LoadMatrixX1(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<4, true, gpudsl_mma_a16x16_f16>(0xffffffffu, {0}, {1})")]
    public static MmaA16x16Half LoadMatrixX4Transposed(ReadOnlySpan<Half> shared, int offset) => CpuMma.LoadMatrix<MmaA16x16Half, Half>(shared, offset, 4, true);

    /// <inheritdoc cref="LoadMatrixX1(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<1, false, unsigned int>(0xffffffffu, {0}, {1})")]
    public static uint LoadMatrixX1(ReadOnlySpan<BFloat16> shared, int offset) => CpuMma.LoadMatrix<uint, BFloat16>(shared, offset, 1, false);

    /// <inheritdoc cref="LoadMatrixX2(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<2, false, gpudsl_mma_b16x8_bf16>(0xffffffffu, {0}, {1})")]
    public static MmaB16x8BFloat16 LoadMatrixX2(ReadOnlySpan<BFloat16> shared, int offset) => CpuMma.LoadMatrix<MmaB16x8BFloat16, BFloat16>(shared, offset, 2, false);

    /// <inheritdoc cref="LoadMatrixX4(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<4, false, gpudsl_mma_a16x16_bf16>(0xffffffffu, {0}, {1})")]
    public static MmaA16x16BFloat16 LoadMatrixX4(ReadOnlySpan<BFloat16> shared, int offset) => CpuMma.LoadMatrix<MmaA16x16BFloat16, BFloat16>(shared, offset, 4, false);

    /// <inheritdoc cref="LoadMatrixX1Transposed(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<1, true, unsigned int>(0xffffffffu, {0}, {1})")]
    public static uint LoadMatrixX1Transposed(ReadOnlySpan<BFloat16> shared, int offset) => CpuMma.LoadMatrix<uint, BFloat16>(shared, offset, 1, true);

    /// <inheritdoc cref="LoadMatrixX2Transposed(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<2, true, gpudsl_mma_b16x8_bf16>(0xffffffffu, {0}, {1})")]
    public static MmaB16x8BFloat16 LoadMatrixX2Transposed(ReadOnlySpan<BFloat16> shared, int offset) => CpuMma.LoadMatrix<MmaB16x8BFloat16, BFloat16>(shared, offset, 2, true);

    /// <inheritdoc cref="LoadMatrixX4Transposed(ReadOnlySpan{Half}, int)"/>
    [CudaIntrinsic("gpudsl_mma_ldmatrix_sync<4, true, gpudsl_mma_a16x16_bf16>(0xffffffffu, {0}, {1})")]
    public static MmaA16x16BFloat16 LoadMatrixX4Transposed(ReadOnlySpan<BFloat16> shared, int offset) => CpuMma.LoadMatrix<MmaA16x16BFloat16, BFloat16>(shared, offset, 4, true);
}
