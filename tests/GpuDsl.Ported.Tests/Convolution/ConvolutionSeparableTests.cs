// Host side of NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/convolutionSeparable: main.cpp's input (filter
// taps and pixels rand() % 16), convolutionRowsGPU and convolutionColumnsGPU's launch shapes, and
// convolutionSeparable_gold.cpp's convolutionRowCPU and convolutionColumnCPU as the reference. The values are small
// integers, so every sum is exact and the comparison is too (the sample's L2 norm allows 1e-6).
using K = GpuDsl.Ported.Tests.Convolution.ConvolutionSeparableKernels;

namespace GpuDsl.Ported.Tests.Convolution;

public sealed class ConvolutionSeparableTests(Backends backends)
{
    [Theory, BackendData]
    public void Separable_convolution_matches_the_gold_rows_then_columns(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 3072 x 3072 image; 128 x 64 on the CPU backend (the smallest multiples of the tiles).
        int imageW = Backends.IsCpu(backend) ? 128 : 3072, imageH = Backends.IsCpu(backend) ? 64 : 3072;
        Random random = new(200);
        float[] h_Kernel = new float[K.KERNEL_LENGTH];
        for (int i = 0; i < K.KERNEL_LENGTH; i++) h_Kernel[i] = random.Next() % 16;
        float[] h_Input = new float[imageW * imageH];
        for (int i = 0; i < imageW * imageH; i++) h_Input[i] = random.Next() % 16;

        K.c_Kernel.Set(gpu, h_Kernel); // setConvolutionKernel
        using DeviceBuffer<float> d_Input = gpu.Allocate<float>(h_Input);
        using DeviceBuffer<float> d_Buffer = gpu.Allocate<float>(imageW * imageH), d_Output = gpu.Allocate<float>(imageW * imageH);

        // convolutionRowsGPU
        Assert.True(K.ROWS_BLOCKDIM_X * K.ROWS_HALO_STEPS >= K.KERNEL_RADIUS);
        Assert.Equal(0, imageW % (K.ROWS_RESULT_STEPS * K.ROWS_BLOCKDIM_X));
        Assert.Equal(0, imageH % K.ROWS_BLOCKDIM_Y);
        K.Launch(new Dim3(imageW / (K.ROWS_RESULT_STEPS * K.ROWS_BLOCKDIM_X), imageH / K.ROWS_BLOCKDIM_Y), new Dim3(K.ROWS_BLOCKDIM_X, K.ROWS_BLOCKDIM_Y))
            .ConvolutionRowsKernel(d_Buffer, d_Input, imageW, imageH, imageW);

        // convolutionColumnsGPU
        Assert.True(K.COLUMNS_BLOCKDIM_Y * K.COLUMNS_HALO_STEPS >= K.KERNEL_RADIUS);
        Assert.Equal(0, imageW % K.COLUMNS_BLOCKDIM_X);
        Assert.Equal(0, imageH % (K.COLUMNS_RESULT_STEPS * K.COLUMNS_BLOCKDIM_Y));
        K.Launch(new Dim3(imageW / K.COLUMNS_BLOCKDIM_X, imageH / (K.COLUMNS_RESULT_STEPS * K.COLUMNS_BLOCKDIM_Y)), new Dim3(K.COLUMNS_BLOCKDIM_X, K.COLUMNS_BLOCKDIM_Y))
            .ConvolutionColumnsKernel(d_Output, d_Buffer, imageW, imageH, imageW);

        float[] h_Buffer = new float[imageW * imageH], h_OutputCPU = new float[imageW * imageH];
        ConvolutionRowCPU(h_Buffer, h_Input, h_Kernel, imageW, imageH, K.KERNEL_RADIUS);
        ConvolutionColumnCPU(h_OutputCPU, h_Buffer, h_Kernel, imageW, imageH, K.KERNEL_RADIUS);
        Assert.Equal(h_Buffer, d_Buffer.ToArray());
        Assert.Equal(h_OutputCPU, d_Output.ToArray());
    }

    private static void ConvolutionRowCPU(float[] h_Dst, float[] h_Src, float[] h_Kernel, int imageW, int imageH, int kernelR)
    {
        for (int y = 0; y < imageH; y++)
            for (int x = 0; x < imageW; x++)
            {
                float sum = 0;
                for (int k = -kernelR; k <= kernelR; k++)
                {
                    int d = x + k;
                    if (d >= 0 && d < imageW) sum += h_Src[y * imageW + d] * h_Kernel[kernelR - k];
                }

                h_Dst[y * imageW + x] = sum;
            }
    }

    private static void ConvolutionColumnCPU(float[] h_Dst, float[] h_Src, float[] h_Kernel, int imageW, int imageH, int kernelR)
    {
        for (int y = 0; y < imageH; y++)
            for (int x = 0; x < imageW; x++)
            {
                float sum = 0;
                for (int k = -kernelR; k <= kernelR; k++)
                {
                    int d = y + k;
                    if (d >= 0 && d < imageH) sum += h_Src[d * imageW + x] * h_Kernel[kernelR - k];
                }

                h_Dst[y * imageW + x] = sum;
            }
    }
}
