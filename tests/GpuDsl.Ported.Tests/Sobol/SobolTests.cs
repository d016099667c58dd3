// Host side of NVIDIA/cuda-samples, Samples/5_Domain_Specific/SobolQRNG: sobol_gold.cpp's initSobolDirectionVectors
// (with the first 12 primitive polynomials of sobol_primitives.cpp) and sobolCPU as the reference, sobol_gpu.cu's
// sobolGPU() launch shape (dimGrid.y dimensions, dimGrid.x four per multiprocessor capped by the vectors and rounded up
// to a power of two, 64 threads), and sobol.cpp's check (L1 error below 1e-6).
namespace GpuDsl.Ported.Tests.Sobol;

public sealed class SobolTests(Backends backends)
{
    private const int n_directions = SobolKernels.n_directions;

    /// <summary>The first 12 of sobol_primitives[]: dimension, degree, a, m.</summary>
    private static readonly (uint degree, uint a, uint[] m)[] Primitives =
    [
        (0, 0, []), (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]), (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]), (5, 2, [1, 1, 5, 5, 17]), (5, 4, [1, 1, 5, 5, 5]), (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]), (5, 13, [1, 1, 1, 3, 11]),
    ];

    [Theory, BackendData]
    public void Sobol_generator_matches_sobolCPU(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 100,000 vectors (of 100 dimensions); 4,096 on the CPU backend, and 12 dimensions on both.
        int n_vectors = Backends.IsCpu(backend) ? 4096 : 100000, n_dimensions = Primitives.Length;
        uint[] h_directions = new uint[n_dimensions * n_directions];
        InitSobolDirectionVectors(n_dimensions, h_directions);
        using DeviceBuffer<uint> d_directions = gpu.Allocate<uint>(h_directions);
        using DeviceBuffer<float> d_output = gpu.Allocate<float>(n_vectors * n_dimensions);

        // sobolGPU()
        const int threadsperblock = 64;
        int multiProcessorCount = gpu.Device.MultiprocessorCount;
        int dimGridY = n_dimensions;
        int dimGridX = n_dimensions < (4 * multiProcessorCount) ? 4 * multiProcessorCount : 1;
        if (dimGridX > n_vectors / threadsperblock) dimGridX = (n_vectors + threadsperblock - 1) / threadsperblock;
        int targetDimGridX = dimGridX;
        for (dimGridX = 1; dimGridX < targetDimGridX; dimGridX *= 2) { }
        SobolKernels.Launch(new Dim3(dimGridX, dimGridY), threadsperblock)
            .SobolGPU_kernel((uint)n_vectors, (uint)n_dimensions, d_directions, d_output);

        float[] h_outputGPU = d_output.ToArray(), h_outputCPU = new float[n_vectors * n_dimensions];
        SobolCPU(n_vectors, n_dimensions, h_directions, h_outputCPU);
        double l1norm_diff = 0, l1norm_ref = 0;
        for (int d = 0; d < n_dimensions; d++)
            for (int i = 0; i < n_vectors; i++)
            {
                l1norm_diff += Math.Abs(h_outputCPU[d * n_vectors + i] - h_outputGPU[d * n_vectors + i]);
                l1norm_ref += Math.Abs(h_outputCPU[d * n_vectors + i]);
            }

        Assert.True(l1norm_diff / l1norm_ref < 1e-6, $"L1 error {l1norm_diff / l1norm_ref}");
        Assert.Equal(h_outputCPU, h_outputGPU); // the same xors, so the same bits
    }

    private static void InitSobolDirectionVectors(int n_dimensions, uint[] directions)
    {
        for (int dim = 0; dim < n_dimensions; dim++)
        {
            Span<uint> v = directions.AsSpan(dim * n_directions, n_directions);
            if (dim == 0)
            {
                for (int i = 0; i < n_directions; i++) v[i] = 1u << (31 - i);
            }
            else
            {
                int d = (int)Primitives[dim].degree;
                for (int i = 0; i < d; i++) v[i] = Primitives[dim].m[i] << (31 - i);
                for (int i = d; i < n_directions; i++)
                {
                    v[i] = v[i - d] ^ (v[i - d] >> d);
                    for (int j = 1; j < d; j++) v[i] ^= ((Primitives[dim].a >> (d - 1 - j)) & 1) * v[i - j];
                }
            }
        }
    }

    private static void SobolCPU(int n_vectors, int n_dimensions, uint[] directions, float[] output)
    {
        for (int d = 0; d < n_dimensions; d++)
        {
            uint X = 0;
            output[n_vectors * d] = 0.0f;
            for (int i = 1; i < n_vectors; i++)
            {
                X ^= directions[d * n_directions + SobolKernels.Ffs(~(uint)(i - 1)) - 1];
                output[i + n_vectors * d] = X * SobolKernels.k_2powneg32;
            }
        }
    }
}
