// Host side of NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/threadFenceReduction/threadFenceReduction.cu: the
// sample's getNumBlocksAndThreads, the single-pass reduction (one launch, the last block to retire sums the partial
// sums) and the multi-pass one (GPU passes over the partial sums), checked against reduceCPU (a Kahan sum).
namespace GpuDsl.Ported.Tests.ThreadFence;

public sealed class ThreadFenceReductionTests(Backends backends)
{
    [Theory]
    [BackendData(false)]
    [BackendData(true)]
    public void Reduction_matches_reduceCPU(string backend, bool multiPass)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 1 << 20 floats in blocks of 128; 4,096 in blocks of 64 on the CPU backend.
        bool cpu = Backends.IsCpu(backend);
        int size = cpu ? 1 << 12 : 1 << 20, maxThreads = cpu ? 64 : 128, maxBlocks = 64;
        Random random = new(size);
        float[] h_idata = new float[size];
        for (int i = 0; i < size; i++) h_idata[i] = (random.Next() & 0xFF) / (float)int.MaxValue;

        GetNumBlocksAndThreads(size, maxBlocks, maxThreads, out int numBlocks, out int numThreads);
        using DeviceBuffer<float> d_idata = gpu.Allocate<float>(h_idata), d_odata = gpu.Allocate<float>(numBlocks);

        float gpu_result;
        if (multiPass)
        {
            Reduce(size, numThreads, numBlocks, d_idata, d_odata);
            // sum partial block sums on GPU (cpuFinalThreshold 1)
            int s = numBlocks;
            while (s > 1)
            {
                GetNumBlocksAndThreads(s, maxBlocks, maxThreads, out int blocks, out int threads);
                using DeviceBuffer<float> partial = gpu.Allocate<float>(s);
                d_odata.Slice(0, s).CopyTo(partial);
                Reduce(s, threads, blocks, partial, d_odata);
                s = (s + (threads * 2 - 1)) / (threads * 2);
            }

            gpu_result = d_odata.ToArray()[0];
        }
        else
        {
            ThreadFenceReductionKernels.retirementCount.Set(gpu, 0); // setRetirementCount(0)
            int smemSize = numThreads * sizeof(float);
            ThreadFenceReductionKernels.Launch(numBlocks, numThreads, smemSize)
                .ReduceSinglePass(d_idata, d_odata, (uint)size, (uint)numThreads, IsPow2((uint)size));
            Assert.Equal(0u, ThreadFenceReductionKernels.retirementCount.Get(gpu)); // the last block resets it
            gpu_result = d_odata.ToArray()[0];
        }

        float cpu_result = ReduceCpu(h_idata);
        Assert.True(Math.Abs(gpu_result - cpu_result) <= 1e-5 * Math.Abs(cpu_result), $"GPU {gpu_result}, CPU {cpu_result}");
    }

    private static void Reduce(int size, int threads, int blocks, DeviceBuffer<float> d_idata, DeviceBuffer<float> d_odata)
    {
        int smemSize = (threads <= 32) ? 2 * threads * sizeof(float) : threads * sizeof(float);
        ThreadFenceReductionKernels.Launch(blocks, threads, smemSize)
            .ReduceMultiPass(d_idata, d_odata, (uint)size, (uint)threads, IsPow2((uint)size));
    }

    private static void GetNumBlocksAndThreads(int n, int maxBlocks, int maxThreads, out int blocks, out int threads)
    {
        if (n == 1)
        {
            threads = 1;
            blocks = 1;
        }
        else
        {
            threads = (n < maxThreads * 2) ? (int)NextPow2((uint)n / 2) : maxThreads;
            blocks = Math.Max(1, n / (threads * 2));
        }

        blocks = Math.Min(maxBlocks, blocks);
    }

    private static uint NextPow2(uint x)
    {
        --x;
        x |= x >> 1;
        x |= x >> 2;
        x |= x >> 4;
        x |= x >> 8;
        x |= x >> 16;
        return ++x;
    }

    private static bool IsPow2(uint x) => (x & (x - 1)) == 0;

    private static float ReduceCpu(float[] data)
    {
        float sum = data[0], c = 0f;
        for (int i = 1; i < data.Length; i++)
        {
            float y = data[i] - c;
            float t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }

        return sum;
    }
}
