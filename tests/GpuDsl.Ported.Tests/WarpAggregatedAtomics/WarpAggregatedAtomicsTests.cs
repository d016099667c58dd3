// Host side of NVIDIA/cuda-samples, Samples/3_CUDA_Features/warpAggregatedAtomicsCG/warpAggregatedAtomicsCG.cu: the
// same input (rand() % numOfBuckets), launch shapes and checks (the filtered count against the host's filtering, each
// bucket's counter against a host count), plus the filtered values and bucket indices themselves.
namespace GpuDsl.Ported.Tests.WarpAggregatedAtomics;

public sealed class WarpAggregatedAtomicsTests(Backends backends)
{
    private const int NUM_THREADS_PER_BLOCK = WarpAggregatedAtomicsKernels.NUM_THREADS_PER_BLOCK;
    private const int numOfBuckets = 5;

    [Theory, BackendData]
    public void Filter_with_warp_aggregated_increments_keeps_every_positive_value(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int NUM_ELEMS = NumElems(backend);
        int[] data_to_filter = Input(NUM_ELEMS);
        using DeviceBuffer<int> d_data_to_filter = gpu.Allocate<int>(data_to_filter);
        using DeviceBuffer<int> d_filtered_data = gpu.Allocate<int>(NUM_ELEMS), d_nres = gpu.Allocate<int>(1);
        d_nres.Clear();

        WarpAggregatedAtomicsKernels.Launch((NUM_ELEMS / NUM_THREADS_PER_BLOCK) + 1, NUM_THREADS_PER_BLOCK)
            .FilterArr(d_filtered_data, d_nres, d_data_to_filter, NUM_ELEMS);

        int nres = d_nres.ToArray()[0];
        int[] host_filtered_data = data_to_filter.Where(v => v > 0).ToArray();
        Assert.Equal(host_filtered_data.Length, nres);
        int[] filtered = d_filtered_data.ToArray()[..nres];
        Array.Sort(filtered);
        Array.Sort(host_filtered_data);
        Assert.Equal(host_filtered_data, filtered);
    }

    [Theory, BackendData]
    public void Map_to_buckets_with_match_any_counts_each_bucket(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int NUM_ELEMS = NumElems(backend);
        int[] h_srcArr = Input(NUM_ELEMS);
        int[] h_bucketCounters = new int[numOfBuckets];
        // Initialize each bucket counters.
        for (int i = 0; i < numOfBuckets; i++) h_bucketCounters[i] = i * NUM_ELEMS;
        using DeviceBuffer<int> d_srcArr = gpu.Allocate<int>(h_srcArr), d_bucketCounters = gpu.Allocate<int>(h_bucketCounters);
        using DeviceBuffer<int> d_indicesBuckets = gpu.Allocate<int>(NUM_ELEMS * numOfBuckets);

        WarpAggregatedAtomicsKernels.Launch(NUM_ELEMS / NUM_THREADS_PER_BLOCK, NUM_THREADS_PER_BLOCK)
            .MapToBuckets(d_srcArr, d_indicesBuckets, d_bucketCounters, NUM_ELEMS, numOfBuckets);

        h_bucketCounters = d_bucketCounters.ToArray();
        int[] indices = d_indicesBuckets.ToArray();
        for (int bucket = 0; bucket < numOfBuckets; bucket++)
        {
            int[] expected = Enumerable.Range(0, NUM_ELEMS).Where(i => h_srcArr[i] == bucket).ToArray();
            Assert.Equal(expected.Length, h_bucketCounters[bucket] - bucket * NUM_ELEMS);
            int[] actual = indices[(bucket * NUM_ELEMS)..(bucket * NUM_ELEMS + expected.Length)];
            Array.Sort(actual);
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>The sample's 10,000,000 elements; 4,096 on the CPU backend (a whole number of blocks, as there).</summary>
    private static int NumElems(string backend) => Backends.IsCpu(backend) ? 4096 : 10000000;

    private static int[] Input(int count)
    {
        Random random = new(count);
        int[] data = new int[count];
        for (int i = 0; i < count; i++) data[i] = random.Next() % numOfBuckets;
        return data;
    }
}
