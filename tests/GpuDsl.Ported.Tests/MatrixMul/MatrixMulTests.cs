// Host side of NVIDIA/cuda-samples, Samples/0_Introduction/matrixMul/matrixMul.cu: A filled with 1.0f and B with valB =
// 0.01f (ConstantInit), grid (wB / block, hA / block), and the sample's check of every element against wA * valB with
// a relative error below 1e-6 per element of the dot product.
namespace GpuDsl.Ported.Tests.MatrixMul;

public sealed class MatrixMulTests(Backends backends)
{
    [Theory]
    [BackendData(16)]
    [BackendData(32)]
    public void MatrixMulCUDA_matches_the_sample_check(string backend, int block_size)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's dimsA = (5 * 2 * block, 5 * 2 * block), dimsB = (5 * 4 * block, 5 * 2 * block); the CPU backend
        // drops the factor 5 for blocks of 16 and runs one row of blocks for blocks of 32.
        int scale = Backends.IsCpu(backend) ? 1 : 5;
        (int x, int y) dimsA = (scale * 2 * block_size, scale * 2 * block_size);
        (int x, int y) dimsB = (scale * 4 * block_size, scale * 2 * block_size);
        if (Backends.IsCpu(backend) && block_size == 32) (dimsA, dimsB) = ((32, 32), (64, 32));
        const float valB = 0.01f;
        float[] h_A = Enumerable.Repeat(1.0f, dimsA.x * dimsA.y).ToArray();
        float[] h_B = Enumerable.Repeat(valB, dimsB.x * dimsB.y).ToArray();
        (int x, int y) dimsC = (dimsB.x, dimsA.y);
        using DeviceBuffer<float> d_A = gpu.Allocate<float>(h_A), d_B = gpu.Allocate<float>(h_B), d_C = gpu.Allocate<float>(dimsC.x * dimsC.y);

        Dim3 threads = new(block_size, block_size);
        Dim3 grid = new(dimsB.x / threads.X, dimsA.y / threads.Y);
        if (block_size == 16) MatrixMulKernels.Launch(grid, threads).MatrixMulCUDA16(d_C, d_A, d_B, dimsA.x, dimsB.x);
        else MatrixMulKernels.Launch(grid, threads).MatrixMulCUDA32(d_C, d_A, d_B, dimsA.x, dimsB.x);

        float[] h_C = d_C.ToArray();
        // test relative error by the formula
        //     |<x, y>_cpu - <x,y>_gpu|/<|x|, |y|>  < eps
        double eps = 1.0e-6; // machine zero
        for (int i = 0; i < h_C.Length; i++)
        {
            double abs_err = Math.Abs(h_C[i] - (dimsA.x * valB));
            double dot_length = dimsA.x;
            double abs_val = Math.Abs(h_C[i]);
            double rel_err = abs_err / abs_val / dot_length;
            Assert.True(rel_err <= eps, $"Matrix[{i}]={h_C[i]}, ref={dimsA.x * valB} error term is > {eps}");
        }
    }
}
