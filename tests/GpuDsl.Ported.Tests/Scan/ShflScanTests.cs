// Host side of NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/shfl_scan/shfl_scan.cu (shuffle_simple_test): the
// same input (all ones), launches (the scan of blocks of 256, the scan of the partial sums, uniform_add from the second
// block on) and check (CPUverify: the inclusive prefix sum).
namespace GpuDsl.Ported.Tests.Scan;

public sealed class ShflScanTests(Backends backends)
{
    [Theory, BackendData]
    public void Shuffle_scan_matches_CPUverify(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 65,536 elements; 4,096 on the CPU backend (its 16 partial sums are scanned by a block of 16 threads,
        // whose shuffles up read only lanes that exist).
        int n_elements = Backends.IsCpu(backend) ? 4096 : 65536;
        int[] h_data = Enumerable.Repeat(1, n_elements).ToArray();

        int blockSize = 256;
        int gridSize = n_elements / blockSize;
        int nWarps = blockSize / 32;
        int shmem_sz = nWarps * sizeof(int);
        int n_partialSums = n_elements / blockSize;
        int p_blockSize = Math.Min(n_partialSums, blockSize);
        int p_gridSize = (n_partialSums + p_blockSize - 1) / p_blockSize;

        using DeviceBuffer<int> d_data = gpu.Allocate<int>(h_data), d_partial_sums = gpu.Allocate<int>(n_partialSums);
        d_partial_sums.Clear();

        ShflScanKernels.Launch(gridSize, blockSize, shmem_sz).ShflScanTest(d_data, 32, d_partial_sums);
        ShflScanKernels.Launch(p_gridSize, p_blockSize, shmem_sz).ShflScanTest(d_partial_sums, 32, d_partial_sums.Slice(0, 0));
        ShflScanKernels.Launch(gridSize - 1, blockSize)
            .UniformAdd(d_data.Slice(blockSize, n_elements - blockSize), d_partial_sums, n_elements);

        int[] h_result = d_data.ToArray();
        for (int i = 0; i < n_elements - 1; i++) h_data[i + 1] = h_data[i] + h_data[i + 1];
        Assert.Equal(h_data, h_result);
        Assert.Equal(n_elements, d_partial_sums.ToArray()[n_partialSums - 1]); // "Test Sum"
    }
}
