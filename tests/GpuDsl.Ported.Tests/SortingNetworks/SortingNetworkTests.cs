// Host side of NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/sortingNetworks: bitonicSort() and
// oddEvenMergeSort() launch the kernels as the sample does (blocks of SHARED_SIZE_LIMIT / 2 threads, merges of 256),
// and the results are checked as main.cpp and sortingNetworks_validate.cpp check them: every array sorted, the same keys
// as the input, and each value the index its key came from.
namespace GpuDsl.Ported.Tests.SortingNetworks;

public sealed class SortingNetworkTests(Backends backends)
{
    private const uint SHARED_SIZE_LIMIT = SortingNetworkKernels.SHARED_SIZE_LIMIT;

    public static TheoryData<string, int> Sorts
    {
        get
        {
            TheoryData<string, int> sorts = new();
            foreach (string sort in new[] { "bitonic", "oddEvenMerge" })
                foreach (int arrayLength in new[] { 64, 1024, 2048 }) sorts.Add(sort, arrayLength);
            return sorts;
        }
    }

    [Theory]
    [BackendMemberData(nameof(Sorts))]
    public void Sorting_network_sorts_every_array_of_the_batch(string backend, string sort, int arrayLength)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample sorts N = 1,048,576 keys as batches of arrays of 64 up to N; the CPU backend sorts 2,048.
        uint N = Backends.IsCpu(backend) ? 2048u : 1048576u;
        const uint numValues = 65536;
        const uint DIR = 0;
        Random random = new(arrayLength);
        uint[] h_InputKey = new uint[N], h_InputVal = new uint[N];
        for (uint i = 0; i < N; i++)
        {
            h_InputKey[i] = (uint)random.Next() % numValues;
            h_InputVal[i] = i;
        }

        using DeviceBuffer<uint> d_InputKey = gpu.Allocate<uint>(h_InputKey), d_InputVal = gpu.Allocate<uint>(h_InputVal);
        using DeviceBuffer<uint> d_OutputKey = gpu.Allocate<uint>((int)N), d_OutputVal = gpu.Allocate<uint>((int)N);
        uint batchSize = N / (uint)arrayLength;
        if (sort == "bitonic") BitonicSort(d_OutputKey, d_OutputVal, d_InputKey, d_InputVal, batchSize, (uint)arrayLength, DIR);
        else OddEvenMergeSort(d_OutputKey, d_OutputVal, d_InputKey, d_InputVal, batchSize, (uint)arrayLength, DIR);

        uint[] keys = d_OutputKey.ToArray(), values = d_OutputVal.ToArray();
        for (int array = 0; array < batchSize; array++)
        {
            int start = array * arrayLength;
            uint[] expected = h_InputKey[start..(start + arrayLength)];
            Array.Sort(expected);
            if (DIR == 0) Array.Reverse(expected);
            Assert.Equal(expected, keys[start..(start + arrayLength)]);
        }

        for (int i = 0; i < N; i++) Assert.Equal(h_InputKey[values[i]], keys[i]);
    }

    private static void BitonicSort(DeviceBuffer<uint> d_DstKey, DeviceBuffer<uint> d_DstVal, DeviceBuffer<uint> d_SrcKey, DeviceBuffer<uint> d_SrcVal,
        uint batchSize, uint arrayLength, uint dir)
    {
        dir = dir != 0 ? 1u : 0u;
        int blockCount = (int)(batchSize * arrayLength / SHARED_SIZE_LIMIT);
        int threadCount = (int)(SHARED_SIZE_LIMIT / 2);
        if (arrayLength <= SHARED_SIZE_LIMIT)
        {
            Assert.Equal(0u, (batchSize * arrayLength) % SHARED_SIZE_LIMIT);
            SortingNetworkKernels.Launch(blockCount, threadCount).BitonicSortShared(d_DstKey, d_DstVal, d_SrcKey, d_SrcVal, arrayLength, dir);
        }
        else
        {
            SortingNetworkKernels.Launch(blockCount, threadCount).BitonicSortShared1(d_DstKey, d_DstVal, d_SrcKey, d_SrcVal);
            for (uint size = 2 * SHARED_SIZE_LIMIT; size <= arrayLength; size <<= 1)
                for (uint stride = size / 2; stride > 0; stride >>= 1)
                    if (stride >= SHARED_SIZE_LIMIT)
                    {
                        SortingNetworkKernels.Launch((int)(batchSize * arrayLength / 512), 256)
                            .BitonicMergeGlobal(d_DstKey, d_DstVal, d_DstKey, d_DstVal, arrayLength, size, stride, dir);
                    }
                    else
                    {
                        SortingNetworkKernels.Launch(blockCount, threadCount)
                            .BitonicMergeShared(d_DstKey, d_DstVal, d_DstKey, d_DstVal, arrayLength, size, dir);
                        break;
                    }
        }
    }

    private static void OddEvenMergeSort(DeviceBuffer<uint> d_DstKey, DeviceBuffer<uint> d_DstVal, DeviceBuffer<uint> d_SrcKey, DeviceBuffer<uint> d_SrcVal,
        uint batchSize, uint arrayLength, uint dir)
    {
        dir = dir != 0 ? 1u : 0u;
        int blockCount = (int)(batchSize * arrayLength / SHARED_SIZE_LIMIT);
        int threadCount = (int)(SHARED_SIZE_LIMIT / 2);
        if (arrayLength <= SHARED_SIZE_LIMIT)
        {
            Assert.Equal(0u, SHARED_SIZE_LIMIT % arrayLength);
            SortingNetworkKernels.Launch(blockCount, threadCount).OddEvenMergeSortShared(d_DstKey, d_DstVal, d_SrcKey, d_SrcVal, arrayLength, dir);
        }
        else
        {
            SortingNetworkKernels.Launch(blockCount, threadCount)
                .OddEvenMergeSortShared(d_DstKey, d_DstVal, d_SrcKey, d_SrcVal, SHARED_SIZE_LIMIT, dir);
            for (uint size = 2 * SHARED_SIZE_LIMIT; size <= arrayLength; size <<= 1)
                for (uint stride = size / 2; stride > 0; stride >>= 1)
                {
                    SortingNetworkKernels.Launch((int)(batchSize * arrayLength / 512), 256)
                        .OddEvenMergeGlobal(d_DstKey, d_DstVal, d_DstKey, d_DstVal, arrayLength, size, stride, dir);
                }
        }
    }
}
