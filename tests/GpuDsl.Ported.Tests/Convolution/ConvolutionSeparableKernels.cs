// Ported from NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/convolutionSeparable/convolutionSeparable.cu
// (convolutionRowsKernel, convolutionColumnsKernel), line by line: the 2D __shared__ arrays are Gpu.Shared2D tiles,
// cg::sync(cta) is Gpu.SyncThreads(), #pragma unroll is dropped, `d_Src += baseY * pitch + baseX` (which may point before
// the image: the halo loads are guarded) an offset added to each index, and the __constant__ c_Kernel filled with
// cudaMemcpyToSymbol a ConstantArray<float> (FirstTranslations/ keeps the first version: a guessed [Constant]
// attribute, and `d_Src = d_Src.Slice(baseY * pitch + baseX)`).
namespace GpuDsl.Ported.Tests.Convolution;

public static partial class ConvolutionSeparableKernels
{
    public const int KERNEL_RADIUS = 8;
    public const int KERNEL_LENGTH = 2 * KERNEL_RADIUS + 1;

    // Convolution kernel storage (__constant__ float c_Kernel[KERNEL_LENGTH], set by setConvolutionKernel)
    public static readonly ConstantArray<float> c_Kernel = new(KERNEL_LENGTH);

    // Row convolution filter
    public const int ROWS_BLOCKDIM_X = 16;
    public const int ROWS_BLOCKDIM_Y = 4;
    public const int ROWS_RESULT_STEPS = 8;
    public const int ROWS_HALO_STEPS = 1;

    [Kernel]
    public static void ConvolutionRowsKernel(Span<float> d_Dst, Span<float> d_Src, int imageW, int imageH, int pitch)
    {
        Span2D<float> s_Data = Gpu.Shared2D<float>(ROWS_BLOCKDIM_Y, (ROWS_RESULT_STEPS + 2 * ROWS_HALO_STEPS) * ROWS_BLOCKDIM_X);

        // Offset to the left halo edge
        int baseX = (Gpu.BlockIdx.X * ROWS_RESULT_STEPS - ROWS_HALO_STEPS) * ROWS_BLOCKDIM_X + Gpu.ThreadIdx.X;
        int baseY = Gpu.BlockIdx.Y * ROWS_BLOCKDIM_Y + Gpu.ThreadIdx.Y;

        int offset = baseY * pitch + baseX;

        // Load main data
        for (int i = ROWS_HALO_STEPS; i < ROWS_HALO_STEPS + ROWS_RESULT_STEPS; i++)
        {
            s_Data[Gpu.ThreadIdx.Y, Gpu.ThreadIdx.X + i * ROWS_BLOCKDIM_X] = d_Src[offset + i * ROWS_BLOCKDIM_X];
        }

        // Load left halo
        for (int i = 0; i < ROWS_HALO_STEPS; i++)
        {
            s_Data[Gpu.ThreadIdx.Y, Gpu.ThreadIdx.X + i * ROWS_BLOCKDIM_X] =
                (baseX >= -i * ROWS_BLOCKDIM_X) ? d_Src[offset + i * ROWS_BLOCKDIM_X] : 0;
        }

        // Load right halo
        for (int i = ROWS_HALO_STEPS + ROWS_RESULT_STEPS; i < ROWS_HALO_STEPS + ROWS_RESULT_STEPS + ROWS_HALO_STEPS; i++)
        {
            s_Data[Gpu.ThreadIdx.Y, Gpu.ThreadIdx.X + i * ROWS_BLOCKDIM_X] =
                (imageW - baseX > i * ROWS_BLOCKDIM_X) ? d_Src[offset + i * ROWS_BLOCKDIM_X] : 0;
        }

        // Compute and store results
        Gpu.SyncThreads();

        for (int i = ROWS_HALO_STEPS; i < ROWS_HALO_STEPS + ROWS_RESULT_STEPS; i++)
        {
            float sum = 0;

            for (int j = -KERNEL_RADIUS; j <= KERNEL_RADIUS; j++)
            {
                sum += c_Kernel[KERNEL_RADIUS - j] * s_Data[Gpu.ThreadIdx.Y, Gpu.ThreadIdx.X + i * ROWS_BLOCKDIM_X + j];
            }

            d_Dst[offset + i * ROWS_BLOCKDIM_X] = sum;
        }
    }

    // Column convolution filter
    public const int COLUMNS_BLOCKDIM_X = 16;
    public const int COLUMNS_BLOCKDIM_Y = 8;
    public const int COLUMNS_RESULT_STEPS = 8;
    public const int COLUMNS_HALO_STEPS = 1;

    [Kernel]
    public static void ConvolutionColumnsKernel(Span<float> d_Dst, Span<float> d_Src, int imageW, int imageH, int pitch)
    {
        Span2D<float> s_Data = Gpu.Shared2D<float>(COLUMNS_BLOCKDIM_X, (COLUMNS_RESULT_STEPS + 2 * COLUMNS_HALO_STEPS) * COLUMNS_BLOCKDIM_Y + 1);

        // Offset to the upper halo edge
        int baseX = Gpu.BlockIdx.X * COLUMNS_BLOCKDIM_X + Gpu.ThreadIdx.X;
        int baseY = (Gpu.BlockIdx.Y * COLUMNS_RESULT_STEPS - COLUMNS_HALO_STEPS) * COLUMNS_BLOCKDIM_Y + Gpu.ThreadIdx.Y;
        int offset = baseY * pitch + baseX;

        // Main data
        for (int i = COLUMNS_HALO_STEPS; i < COLUMNS_HALO_STEPS + COLUMNS_RESULT_STEPS; i++)
        {
            s_Data[Gpu.ThreadIdx.X, Gpu.ThreadIdx.Y + i * COLUMNS_BLOCKDIM_Y] = d_Src[offset + i * COLUMNS_BLOCKDIM_Y * pitch];
        }

        // Upper halo
        for (int i = 0; i < COLUMNS_HALO_STEPS; i++)
        {
            s_Data[Gpu.ThreadIdx.X, Gpu.ThreadIdx.Y + i * COLUMNS_BLOCKDIM_Y] =
                (baseY >= -i * COLUMNS_BLOCKDIM_Y) ? d_Src[offset + i * COLUMNS_BLOCKDIM_Y * pitch] : 0;
        }

        // Lower halo
        for (int i = COLUMNS_HALO_STEPS + COLUMNS_RESULT_STEPS; i < COLUMNS_HALO_STEPS + COLUMNS_RESULT_STEPS + COLUMNS_HALO_STEPS; i++)
        {
            s_Data[Gpu.ThreadIdx.X, Gpu.ThreadIdx.Y + i * COLUMNS_BLOCKDIM_Y] =
                (imageH - baseY > i * COLUMNS_BLOCKDIM_Y) ? d_Src[offset + i * COLUMNS_BLOCKDIM_Y * pitch] : 0;
        }

        // Compute and store results
        Gpu.SyncThreads();

        for (int i = COLUMNS_HALO_STEPS; i < COLUMNS_HALO_STEPS + COLUMNS_RESULT_STEPS; i++)
        {
            float sum = 0;

            for (int j = -KERNEL_RADIUS; j <= KERNEL_RADIUS; j++)
            {
                sum += c_Kernel[KERNEL_RADIUS - j] * s_Data[Gpu.ThreadIdx.X, Gpu.ThreadIdx.Y + i * COLUMNS_BLOCKDIM_Y + j];
            }

            d_Dst[offset + i * COLUMNS_BLOCKDIM_Y * pitch] = sum;
        }
    }
}
