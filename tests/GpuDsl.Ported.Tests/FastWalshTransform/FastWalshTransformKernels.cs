// Ported from NVIDIA/cuda-samples, Samples/5_Domain_Specific/fastWalshTransform/fastWalshTransform_kernel.cuh
// (fwtBatch1Kernel, fwtBatch2Kernel, modulateKernel), line by line: `extern __shared__ float s_data[]` is
// Gpu.DynamicShared<float>(), `float *d_Src = d_Input + base` a Slice, cg::sync(cta) Gpu.SyncThreads().
namespace GpuDsl.Ported.Tests.FastWalshTransform;

public static partial class FastWalshTransformKernels
{
    // Elementary(for vectors less than elementary size) in-shared memory
    // combined radix-2 + radix-4 Fast Walsh Transform
    public const int ELEMENTARY_LOG2SIZE = 11;

    [Kernel]
    public static void FwtBatch1Kernel(Span<float> d_Output, Span<float> d_Input, int log2N)
    {
        int N = 1 << log2N;
        int @base = Gpu.BlockIdx.X << log2N;

        //(2 ** 11) * 4 bytes == 8KB -- maximum s_data[] size for G80
        Span<float> s_data = Gpu.DynamicShared<float>();
        Span<float> d_Src = d_Input.Slice(@base);
        Span<float> d_Dst = d_Output.Slice(@base);

        for (int pos = Gpu.ThreadIdx.X; pos < N; pos += Gpu.BlockDim.X)
        {
            s_data[pos] = d_Src[pos];
        }

        // Main radix-4 stages
        {
            int pos = Gpu.ThreadIdx.X;

            for (int stride = N >> 2; stride > 0; stride >>= 2)
            {
                int lo = pos & (stride - 1);
                int i0 = ((pos - lo) << 2) + lo;
                int i1 = i0 + stride;
                int i2 = i1 + stride;
                int i3 = i2 + stride;

                Gpu.SyncThreads();
                float D0 = s_data[i0];
                float D1 = s_data[i1];
                float D2 = s_data[i2];
                float D3 = s_data[i3];

                float T;
                T = D0;
                D0 = D0 + D2;
                D2 = T - D2;
                T = D1;
                D1 = D1 + D3;
                D3 = T - D3;
                T = D0;
                s_data[i0] = D0 + D1;
                s_data[i1] = T - D1;
                T = D2;
                s_data[i2] = D2 + D3;
                s_data[i3] = T - D3;
            }
        }

        // Do single radix-2 stage for odd power of two
        if ((log2N & 1) != 0)
        {
            Gpu.SyncThreads();

            for (int pos = Gpu.ThreadIdx.X; pos < N / 2; pos += Gpu.BlockDim.X)
            {
                int i0 = pos << 1;
                int i1 = i0 + 1;

                float D0 = s_data[i0];
                float D1 = s_data[i1];
                s_data[i0] = D0 + D1;
                s_data[i1] = D0 - D1;
            }
        }

        Gpu.SyncThreads();

        for (int pos = Gpu.ThreadIdx.X; pos < N; pos += Gpu.BlockDim.X)
        {
            d_Dst[pos] = s_data[pos];
        }
    }

    // Single in-global memory radix-4 Fast Walsh Transform pass
    // (for strides exceeding elementary vector size)
    [Kernel]
    public static void FwtBatch2Kernel(Span<float> d_Output, Span<float> d_Input, int stride)
    {
        int pos = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int N = Gpu.BlockDim.X * Gpu.GridDim.X * 4;

        Span<float> d_Src = d_Input.Slice(Gpu.BlockIdx.Y * N);
        Span<float> d_Dst = d_Output.Slice(Gpu.BlockIdx.Y * N);

        int lo = pos & (stride - 1);
        int i0 = ((pos - lo) << 2) + lo;
        int i1 = i0 + stride;
        int i2 = i1 + stride;
        int i3 = i2 + stride;

        float D0 = d_Src[i0];
        float D1 = d_Src[i1];
        float D2 = d_Src[i2];
        float D3 = d_Src[i3];

        float T;
        T = D0;
        D0 = D0 + D2;
        D2 = T - D2;
        T = D1;
        D1 = D1 + D3;
        D3 = T - D3;
        T = D0;
        d_Dst[i0] = D0 + D1;
        d_Dst[i1] = T - D1;
        T = D2;
        d_Dst[i2] = D2 + D3;
        d_Dst[i3] = T - D3;
    }

    // Modulate two arrays
    [Kernel]
    public static void ModulateKernel(Span<float> d_A, Span<float> d_B, int N)
    {
        int tid = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int numThreads = Gpu.BlockDim.X * Gpu.GridDim.X;
        float rcpN = 1.0f / (float)N;

        for (int pos = tid; pos < N; pos += numThreads)
        {
            d_A[pos] *= d_B[pos] * rcpN;
        }
    }
}
