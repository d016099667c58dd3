// Host side of NVIDIA/cuda-samples, Samples/5_Domain_Specific/fastWalshTransform: fastWalshTransform.cu's dyadic
// convolution (forward transforms of data and kernel, modulateGPU, inverse transform), fwtBatchGPU's launch sequence
// (fwtBatch2Kernel passes while log2N > ELEMENTARY_LOG2SIZE, then fwtBatch1Kernel) and the check against
// fastWalshTransform_gold.cpp's dyadicConvolutionCPU (relative L2 norm below 1e-6).
namespace GpuDsl.Ported.Tests.FastWalshTransform;

public sealed class FastWalshTransformTests(Backends backends)
{
    private const int log2Kernel = 7;

    [Theory, BackendData]
    public void Dyadic_convolution_through_the_transform_matches_dyadicConvolutionCPU(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 2^23 elements; 2^12 on the CPU backend (still above the elementary size, so both kernels run).
        int log2Data = Backends.IsCpu(backend) ? 12 : 23;
        int dataN = 1 << log2Data, kernelN = 1 << log2Kernel;
        Random random = new(2007);
        float[] h_Kernel = new float[kernelN], h_Data = new float[dataN];
        for (int i = 0; i < kernelN; i++) h_Kernel[i] = random.NextSingle();
        for (int i = 0; i < dataN; i++) h_Data[i] = random.NextSingle();

        using DeviceBuffer<float> d_Kernel = gpu.Allocate<float>(dataN), d_Data = gpu.Allocate<float>(h_Data);
        d_Kernel.Clear();
        d_Kernel.Slice(0, kernelN).CopyFrom(h_Kernel);

        FwtBatchGPU(d_Data, 1, log2Data);
        FwtBatchGPU(d_Kernel, 1, log2Data);
        FastWalshTransformKernels.Launch(128, 256).ModulateKernel(d_Data, d_Kernel, dataN);
        FwtBatchGPU(d_Data, 1, log2Data);

        float[] h_ResultGPU = d_Data.ToArray();
        double sum_delta2 = 0, sum_ref2 = 0;
        for (int i = 0; i < dataN; i++)
        {
            double sum = 0;
            for (int j = 0; j < kernelN; j++) sum += h_Data[i ^ j] * h_Kernel[j];
            float h_ResultCPU = (float)sum;
            double delta = h_ResultCPU - h_ResultGPU[i];
            sum_delta2 += delta * delta;
            sum_ref2 += (double)h_ResultCPU * h_ResultCPU;
        }

        double L2norm = Math.Sqrt(sum_delta2 / sum_ref2);
        Assert.True(L2norm < 1e-6, $"L2 norm {L2norm}");
    }

    private static void FwtBatchGPU(DeviceBuffer<float> d_Data, int M, int log2N)
    {
        const int THREAD_N = 256;
        int N = 1 << log2N;
        Dim3 grid = new((1 << log2N) / (4 * THREAD_N), M, 1);
        for (; log2N > FastWalshTransformKernels.ELEMENTARY_LOG2SIZE; log2N -= 2, N >>= 2, M <<= 2)
        {
            FastWalshTransformKernels.Launch(grid, THREAD_N).FwtBatch2Kernel(d_Data, d_Data, N / 4);
        }

        FastWalshTransformKernels.Launch(M, N / 4, N * sizeof(float)).FwtBatch1Kernel(d_Data, d_Data, log2N);
    }
}
