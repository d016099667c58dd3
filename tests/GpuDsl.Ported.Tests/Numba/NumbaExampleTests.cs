// Host side of numba/numba's CUDA documentation examples (numba/cuda/tests/doc_examples): test_matmul.py's square
// (4 x 4) and non-square (5 x 23 times 23 x 7) cases with their launch shapes, checked against the host product as the
// example does; test_reduction.py's array_sum of arange(1024) (523776); test_laplace.py's heat equation on 1001 points
// with the middle one at 10000, whose integral must stay 10000, checked also step for step against the same update
// computed on the host.
namespace GpuDsl.Ported.Tests.Numba;

public sealed class NumbaExampleTests(Backends backends)
{
    private const int TPB = NumbaExampleKernels.TPB;

    [Theory]
    [BackendData(false)]
    [BackendData(true)]
    public void Matmul_examples_match_the_host_product(string backend, bool fast)
    {
        GpuContext gpu = backends.Get(backend);
        // square case
        AssertProduct(gpu, fast, 4, 4, 4, (TPB, TPB), (int)Math.Ceiling(4.0 / TPB), (int)Math.Ceiling(4.0 / TPB));
        // non-square case: the grid covers the largest dimension
        int grid_y_max = Math.Max(5, 23), grid_x_max = Math.Max(23, 7);
        AssertProduct(gpu, fast, 5, 23, 7, (TPB, TPB), (int)Math.Ceiling((double)grid_x_max / TPB), (int)Math.Ceiling((double)grid_y_max / TPB));
    }

    private static void AssertProduct(GpuContext gpu, bool fast, int n, int m, int p, (int x, int y) threadsperblock, int blockspergrid_x, int blockspergrid_y)
    {
        double[] x_h = Enumerable.Range(0, n * m).Select(v => (double)v).ToArray(); // np.arange(n * m).reshape([n, m])
        double[] y_h = Enumerable.Repeat(1.0, m * p).ToArray(); // np.ones([m, p])
        using DeviceBuffer<double> x_d = gpu.Allocate<double>(x_h), y_d = gpu.Allocate<double>(y_h), z_d = gpu.Allocate<double>(n * p);
        z_d.Clear();

        Dim3 grid = new(blockspergrid_x, blockspergrid_y), block = new(threadsperblock.x, threadsperblock.y);
        if (fast) NumbaExampleKernels.Launch(grid, block).FastMatmul(x_d.AsSpan2D(n, m), y_d.AsSpan2D(m, p), z_d.AsSpan2D(n, p));
        else NumbaExampleKernels.Launch(grid, block).Matmul(x_d.AsSpan2D(n, m), y_d.AsSpan2D(m, p), z_d.AsSpan2D(n, p));

        double[] z_h = z_d.ToArray();
        for (int r = 0; r < n; r++)
            for (int c = 0; c < p; c++)
            {
                double expected = 0;
                for (int k = 0; k < m; k++) expected += x_h[r * m + k] * y_h[k * p + c];
                Assert.Equal(expected, z_h[r * p + c]);
            }
    }

    [Theory, BackendData]
    public void Array_sum_of_arange_1024_is_523776(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<int> a = gpu.Allocate<int>(Enumerable.Range(0, 1024).ToArray());
        // forall(len(a)): one block of 1024 threads covers the array
        NumbaExampleKernels.Launch(1, 1024).ArraySum(a);
        Assert.Equal(Enumerable.Range(0, 1024).Sum(), a.ToArray()[0]);
        Assert.Equal(523776, a.ToArray()[0]);
    }

    [Theory, BackendData]
    public void Heat_equation_keeps_its_integral_and_matches_the_host_steps(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // Use an odd problem size.
        // This is so there can be an element truly in the "middle" for symmetry.
        const int size = 1001;
        double[] data = new double[size];
        // Middle element is made very hot
        data[500] = 10000;
        using DeviceBuffer<double> buf_0 = gpu.Allocate<double>(data), buf_1 = gpu.Allocate<double>(size);
        // The example's 10,000 steps; 1,000 launches on the CPU backend.
        int niter = Backends.IsCpu(backend) ? 1000 : 10000;
        const double k = 0.25;

        for (int step = 0; step < niter; step++)
        {
            // Select the buffer from the previous timestep
            DeviceBuffer<double> cur = (step % 2) == 0 ? buf_0 : buf_1, next = (step % 2) == 0 ? buf_1 : buf_0;
            NumbaExampleKernels.Launch((size + 127) / 128, 128).SolveHeatEquationStep(cur, next, k);
        }

        double[] results = buf_1.ToArray();
        Assert.Equal(10000, results.Sum(), 1e-7 * 10000);

        double[] host0 = (double[])data.Clone(), host1 = new double[size];
        for (int step = 0; step < niter; step++)
        {
            double[] cur = step % 2 == 0 ? host0 : host1, next = step % 2 == 0 ? host1 : host0;
            for (int i = 0; i < size; i++)
            {
                double curr_temp = cur[i];
                next[i] = i == 0 ? curr_temp + k * (cur[i + 1] - (2 * curr_temp))
                    : i == size - 1 ? curr_temp + k * (cur[i - 1] - (2 * curr_temp))
                    : curr_temp + k * (cur[i - 1] - (2 * curr_temp) + cur[i + 1]);
            }
        }

        Assert.Equal(host1, results);
    }
}
