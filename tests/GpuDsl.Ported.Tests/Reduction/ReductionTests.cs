// Host side of NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/reduction/reduction.cpp and the reduce() wrapper of
// reduction_kernel.cu: the same block and thread counts (getNumBlocksAndThreads), the same shared-memory sizes, the
// GPU passes over the partial sums down to one value, and the CPU reference sum (int, as the sample's default type).
namespace GpuDsl.Ported.Tests.Reduction;

public sealed class ReductionTests(Backends backends)
{
    public static TheoryData<int> Kernels => new(Enumerable.Range(0, 7));

    [Theory]
    [BackendMemberData(nameof(Kernels))]
    public void Reduction_kernel_sums_like_the_host(string backend, int whichKernel)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's defaults are 1 << 24 ints, 256 threads and 64 blocks; the CPU backend runs 4,096 ints in blocks
        // of 32, sized so that every pass of kernels 4 to 6 still runs whole warps, as the sample's sizes do.
        bool cpu = Backends.IsCpu(backend);
        int size = cpu ? 1 << 12 : 1 << 24, maxThreads = cpu ? 32 : 256, maxBlocks = 64;
        AssertSums(gpu, whichKernel, size, maxThreads, maxBlocks);
        if (whichKernel == 6) AssertSums(gpu, whichKernel, size - 96, maxThreads, maxBlocks); // nIsPow2 = false
    }

    private static void AssertSums(GpuContext gpu, int whichKernel, int size, int maxThreads, int maxBlocks)
    {
        Random random = new(size + whichKernel);
        int[] h_idata = new int[size];
        for (int i = 0; i < size; i++) h_idata[i] = random.Next() & 0xFF;

        GetNumBlocksAndThreads(whichKernel, size, maxBlocks, maxThreads, out int numBlocks, out int numThreads);
        using DeviceBuffer<int> d_idata = gpu.Allocate<int>(h_idata), d_odata = gpu.Allocate<int>(numBlocks);
        using DeviceBuffer<int> d_intermediateSums = gpu.Allocate<int>(numBlocks);

        Reduce(size, numThreads, numBlocks, whichKernel, d_idata, d_odata);

        // sum partial block sums on GPU (the sample's cpuFinalThreshold is 1)
        int s = numBlocks;
        while (s > 1)
        {
            GetNumBlocksAndThreads(whichKernel, s, maxBlocks, maxThreads, out int blocks, out int threads);
            d_odata.Slice(0, s).CopyTo(d_intermediateSums.Slice(0, s));
            Reduce(s, threads, blocks, whichKernel, d_intermediateSums, d_odata);
            s = whichKernel < 3 ? (s + threads - 1) / threads : (s + (threads * 2 - 1)) / (threads * 2);
        }

        int gpu_result = d_odata.ToArray()[0];
        int cpu_result = ReduceCpu(h_idata);
        Assert.Equal(cpu_result, gpu_result);
    }

    /// <summary>The sample's reduce&lt;T&gt;() wrapper: the launch shape and shared memory of each kernel.</summary>
    private static void Reduce(int size, int threads, int blocks, int whichKernel, DeviceBuffer<int> d_idata, DeviceBuffer<int> d_odata)
    {
        // when there is only one warp per block, we need to allocate two warps
        // worth of shared memory so that we don't index shared memory out of bounds
        int smemSize = (threads <= 32) ? 2 * threads * sizeof(int) : threads * sizeof(int);
        // (The generator instantiates a generic kernel for the types it sees at launches written out in full.)
        switch (whichKernel)
        {
            case 0: ReductionKernels.Launch(blocks, threads, smemSize).Reduce0<int>(d_idata, d_odata, (uint)size); break;
            case 1: ReductionKernels.Launch(blocks, threads, smemSize).Reduce1<int>(d_idata, d_odata, (uint)size); break;
            case 2: ReductionKernels.Launch(blocks, threads, smemSize).Reduce2<int>(d_idata, d_odata, (uint)size); break;
            case 3: ReductionKernels.Launch(blocks, threads, smemSize).Reduce3<int>(d_idata, d_odata, (uint)size); break;
            case 4: ReductionKernels.Launch(blocks, threads, smemSize).Reduce4(d_idata, d_odata, (uint)size, (uint)threads); break;
            case 5: ReductionKernels.Launch(blocks, threads, smemSize).Reduce5(d_idata, d_odata, (uint)size, (uint)threads); break;
            default:
                ReductionKernels.Launch(blocks, threads, smemSize).Reduce6(d_idata, d_odata, (uint)size, (uint)threads, IsPow2((uint)size));
                break;
        }
    }

    private static void GetNumBlocksAndThreads(int whichKernel, int n, int maxBlocks, int maxThreads, out int blocks, out int threads)
    {
        if (whichKernel < 3)
        {
            threads = (n < maxThreads) ? (int)NextPow2((uint)n) : maxThreads;
            blocks = (n + threads - 1) / threads;
        }
        else
        {
            threads = (n < maxThreads * 2) ? (int)NextPow2((uint)(n + 1) / 2) : maxThreads;
            blocks = (n + (threads * 2 - 1)) / (threads * 2);
        }

        if (whichKernel >= 6) blocks = Math.Min(maxBlocks, blocks);
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

    /// <summary>reduceCPU: the sample's Kahan sum, exact for ints.</summary>
    private static int ReduceCpu(int[] data)
    {
        int sum = data[0], c = 0;
        for (int i = 1; i < data.Length; i++)
        {
            int y = data[i] - c;
            int t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }

        return sum;
    }
}
