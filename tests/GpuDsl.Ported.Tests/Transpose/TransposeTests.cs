// Host side of NVIDIA/cuda-samples, Samples/6_Performance/transpose/transpose.cu: grid (size_x / TILE_DIM,
// size_y / TILE_DIM), blocks of TILE_DIM x BLOCK_ROWS threads, checked against computeTransposeGold.
namespace GpuDsl.Ported.Tests.Transpose;

public sealed class TransposeTests(Backends backends)
{
    [Theory]
    [BackendData("naive")]
    [BackendData("coalesced")]
    [BackendData("noBankConflicts")]
    [BackendData("diagonal")]
    public void Transpose_kernel_matches_computeTransposeGold(string backend, string kernel)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 1024 x 1024; 64 x 96 on the CPU backend (6 blocks of 512 threads), not square, so the diagonal
        // kernel's general mapping runs too.
        int size_x = Backends.IsCpu(backend) ? 64 : 1024, size_y = Backends.IsCpu(backend) ? 96 : 1024;
        Dim3 grid = new(size_x / TransposeKernels.TILE_DIM, size_y / TransposeKernels.TILE_DIM);
        Dim3 threads = new(TransposeKernels.TILE_DIM, TransposeKernels.BLOCK_ROWS);

        float[] h_idata = new float[size_x * size_y];
        for (int i = 0; i < size_x * size_y; ++i) h_idata[i] = i;
        using DeviceBuffer<float> d_idata = gpu.Allocate<float>(h_idata), d_odata = gpu.Allocate<float>(size_x * size_y);

        TransposeKernels.KernelLauncher launch = TransposeKernels.Launch(grid, threads);
        switch (kernel)
        {
            case "naive": launch.TransposeNaive(d_odata, d_idata, size_x, size_y); break;
            case "coalesced": launch.TransposeCoalesced(d_odata, d_idata, size_x, size_y); break;
            case "noBankConflicts": launch.TransposeNoBankConflicts(d_odata, d_idata, size_x, size_y); break;
            default: launch.TransposeDiagonal(d_odata, d_idata, size_x, size_y); break;
        }

        float[] gold = new float[size_x * size_y];
        ComputeTransposeGold(gold, h_idata, size_x, size_y);
        Assert.Equal(gold, d_odata.ToArray());
    }

    private static void ComputeTransposeGold(float[] gold, float[] idata, int size_x, int size_y)
    {
        for (int y = 0; y < size_y; ++y)
            for (int x = 0; x < size_x; ++x)
                gold[(x * size_y) + y] = idata[(y * size_x) + x];
    }
}
