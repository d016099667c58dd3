// Host side of NVIDIA/cuda-samples, Samples/0_Introduction/simpleAtomicIntrinsics: simpleAtomicIntrinsics.cu's launch
// (64 blocks of 256 threads, 11 counters, 8 and 10 starting at 0xff) and simpleAtomicIntrinsics_cpu.cpp's computeGold.
namespace GpuDsl.Ported.Tests.Intrinsics;

public sealed class AtomicIntrinsicsTests(Backends backends)
{
    [Theory, BackendData]
    public void Every_atomic_matches_computeGold(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int numThreads = 256, numBlocks = 64, numData = 11;
        int[] hOData = new int[numData];
        // To make the AND and XOR tests generate something other than 0...
        hOData[8] = hOData[10] = 0xff;
        using DeviceBuffer<int> dOData = gpu.Allocate<int>(hOData);

        AtomicIntrinsicsKernels.Launch(numBlocks, numThreads).TestKernel(dOData);

        int[] gpuData = dOData.ToArray();
        int len = numThreads * numBlocks;
        Assert.Equal(len * 10, gpuData[0]); // atomicAdd
        Assert.Equal(-len * 10, gpuData[1]); // atomicSub
        Assert.InRange(gpuData[2], 0, len - 1); // atomicExch
        Assert.Equal(len - 1, gpuData[3]); // atomicMax
        Assert.Equal(0, gpuData[4]); // atomicMin
        int limit = 17, val = 0;
        for (int i = 0; i < len; ++i) val = (val >= limit) ? 0 : val + 1;
        Assert.Equal(val, gpuData[5]); // atomicInc
        limit = 137;
        val = 0;
        for (int i = 0; i < len; ++i) val = ((val == 0) || (val > limit)) ? limit : val - 1;
        Assert.Equal(val, gpuData[6]); // atomicDec
        Assert.InRange(gpuData[7], 0, len - 1); // atomicCAS
        val = 0xff;
        for (int i = 0; i < len; ++i) val &= (2 * i + 7);
        Assert.Equal(val, gpuData[8]); // atomicAnd
        val = 0;
        for (int i = 0; i < len; ++i) val |= (1 << i);
        Assert.Equal(val, gpuData[9]); // atomicOr
        val = 0xff;
        for (int i = 0; i < len; ++i) val ^= i;
        Assert.Equal(val, gpuData[10]); // atomicXor
    }
}
