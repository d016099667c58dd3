namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Launches kernels that the generator translated from C#, on the CUDA device and on the CPU backend, and checks every
/// element against plain C# computed here. On a machine without a GPU the CUDA cases skip and the CPU cases still run.
/// </summary>
public sealed class GeneratedKernelTests(Backends backends)
{
    [Theory, BackendData]
    public void Vector_add_over_a_ragged_size_is_exact(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int n = backend == "cuda" ? 1_000_003 : 100_003; // on the CPU, still more blocks than one worker's share
        float[] a = Random(n, 1), b = Random(n, 2);
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n);

        GeneratedKernels.Launch((n + 255) / 256, 256).Add(da, db, dc);

        float[] c = dc.ToArray();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(a[i] + b[i], c[i]);
        }
    }

    [Theory, BackendData]
    public void Device_function_sigmoid_matches_CSharp_within_2_ulp_scale(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 100_000;
        float[] x = Random(n, 3).Select(v => (v - 0.5f) * 40f).ToArray();
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(n);

        GeneratedKernels.Launch((n + 127) / 128, 128).ApplySigmoid(dx, dy);

        float[] y = dy.ToArray();
        for (int i = 0; i < n; i++)
        {
            float expected = 1f / (1f + MathF.Exp(-x[i]));
            Assert.True(MathF.Abs(y[i] - expected) <= 1e-6f * MathF.Max(1f, MathF.Abs(expected)), $"x={x[i]}: {y[i]} vs {expected}");
        }
    }

    [Theory, BackendData]
    public void Matrix_add_with_2D_grid_and_block_covers_every_element_once(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int rows = 123, cols = 77;
        int[] a = Enumerable.Range(0, rows * cols).ToArray();
        int[] b = a.Select(v => v * 3).ToArray();
        using DeviceBuffer<int> da = gpu.Allocate<int>(a), db = gpu.Allocate<int>(b), dc = gpu.Allocate<int>(rows * cols);
        dc.Clear();

        Dim3 block = new(16, 8);
        Dim3 grid = new((cols + 15) / 16, (rows + 7) / 8);
        GeneratedKernels.Launch(grid, block).MatrixAdd(da, db, dc, rows, cols);

        Assert.Equal(a.Select(v => v * 4).ToArray(), dc.ToArray());
    }

    [Theory, BackendData]
    public void Loops_branches_and_mixed_signedness_match_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int[] start = Enumerable.Range(1, 5000).ToArray();
        using DeviceBuffer<int> ds = gpu.Allocate<int>(start), dsteps = gpu.Allocate<int>(start.Length);

        GeneratedKernels.Launch((start.Length + 63) / 64, 64).Collatz(ds, dsteps, 200u);

        int[] expected = start.Select(s => CollatzSteps(s, 200u)).ToArray();
        Assert.Equal(expected, dsteps.ToArray());
    }

    [Theory, BackendData]
    public void Scalar_arguments_of_every_width_arrive_intact(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<double> o = gpu.Allocate<double>(8);

        GeneratedKernels.Launch(1, 32).Scalars(o, true, 200, -1234, -7, 1L << 40, 0.25f, Math.PI, 1UL << 53);

        Assert.Equal(new[] { 1, 200, -1234, -7, (double)(1L << 40), 0.25, Math.PI, (double)(1UL << 53) }, o.ToArray());
    }

    [Theory, BackendData]
    public void Math_functions_follow_NET_semantics_including_NaN(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        float[] x = { -2.5f, -0.5f, 0f, 0.5f, 1.5f, 2.5f, 3.7f, float.NaN, 100f };
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(x.Length);

        GeneratedKernels.Launch(1, 32).Maths(dx, dy);

        float[] y = dy.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            float expected = MathF.Max(v, 0f) + MathF.Sqrt(MathF.Abs(v)) + MathF.Min(v, 1f) + MathF.Floor(v) + MathF.Round(v);
            Assert.True(float.IsNaN(expected) ? float.IsNaN(y[i]) : MathF.Abs(expected - y[i]) <= 1e-5f, $"x={v}: {y[i]} vs {expected}");
        }
    }

    [Theory, BackendData]
    public void Generated_Preload_compiles_the_module_before_the_first_launch(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        GeneratedKernels.Preload(gpu);
        gpu.Preload(GeneratedKernels.KernelModule, SharedMemoryKernels.KernelModule);
        using DeviceBuffer<float> a = gpu.Allocate<float>(new float[] { 1, 2 }), b = gpu.Allocate<float>(new float[] { 3, 4 }), c = gpu.Allocate<float>(2);

        GeneratedKernels.Launch(1, 32).Add(a, b, c);

        Assert.Equal(new float[] { 4, 6 }, c.ToArray());
        Assert.Equal("GpuDsl.Cuda.Tests.GeneratedKernels", GeneratedKernels.KernelModule.Name);
    }

    [Theory, BackendData]
    public void Foreach_over_spans_reads_by_value_and_writes_by_reference(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int[] x = { 3, -1, 4, 0, 5, -9, 2 };
        long[] y = { 10, 20, 30 };
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x);
        using DeviceBuffer<long> dy = gpu.Allocate<long>(y);

        GeneratedKernels.Launch(1, 32).ForEachSum(dx, dy);

        Assert.Equal(new long[] { 24, 34, 44 }, dy.ToArray());
    }

    [Theory, BackendData]
    public void Stencil_2D_with_a_shared_halo_tile_over_pitched_views_matches_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int rows = 37, cols = 53, pitch = 64;
        float[] x = Random(rows * pitch, 11);
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(rows * pitch);
        dy.CopyFrom(Enumerable.Repeat(-1f, rows * pitch).ToArray());

        int t = GeneratedKernels.StencilTile;
        GeneratedKernels.Launch(new Dim3((cols + t - 1) / t, (rows + t - 1) / t), new Dim3(t, t))
            .Laplacian(dx.AsSpan2D(rows, cols, pitch), dy.AsSpan2D(rows, cols, pitch));

        float[] y = dy.ToArray();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < pitch; c++)
            {
                int i = r * pitch + c;
                bool edge = r == 0 || c == 0 || r == rows - 1 || c == cols - 1;
                float expected = c >= cols ? -1f : edge ? x[i] : x[i - pitch] + x[i + pitch] + x[i - 1] + x[i + 1] - 4f * x[i];
                Assert.True(MathF.Abs(expected - y[i]) <= 1e-5f, $"({r}, {c}): {y[i]}, expected {expected}");
            }
        }
    }

    [Theory, BackendData]
    public void Row_sums_through_a_device_method_taking_a_2D_span_and_a_row_local_match_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int rows = 300, cols = 41, pitch = 48;
        float[] m = Random(rows * pitch, 14);
        using DeviceBuffer<float> dm = gpu.Allocate<float>(m), sums = gpu.Allocate<float>(rows);

        GeneratedKernels.Launch((rows + 63) / 64, 64).RowSums(dm.AsSpan2D(rows, cols, pitch), sums);

        float[] result = sums.ToArray();
        for (int r = 0; r < rows; r++)
        {
            float expected = 0f;
            for (int c = 0; c < cols; c++) expected += m[r * pitch + c];
            expected += m[r * pitch + cols - 1];
            Assert.True(MathF.Abs(expected - result[r]) <= 1e-4f, $"row {r}: {result[r]}, expected {expected}");
        }
    }

    [Theory, BackendData]
    public void Interlocked_on_span_elements_is_atomic_and_returns_the_new_value(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 40, threads = 128, n = blocks * threads;
        using DeviceBuffer<long> sum = gpu.Allocate<long>(1);
        using DeviceBuffer<int> count = gpu.Allocate<int>(1), lastSeen = gpu.Allocate<int>(1);
        sum.Clear();
        count.Clear();
        lastSeen.Clear();

        GeneratedKernels.Launch(blocks, threads).InterlockedCount(sum, count, lastSeen);

        Assert.Equal((long)n * (n - 1) / 2, sum.ToArray()[0]);
        Assert.Equal(n, count.ToArray()[0]);
        Assert.Equal(n, lastSeen.ToArray()[0]); // Increment returned the new count, so the largest is n, not n - 1
    }

    private static int CollatzSteps(int start, uint limit)
    {
        long n = start;
        int count = 0;
        while (n != 1 && count < limit)
        {
            n = (n & 1) == 0 ? n >> 1 : 3 * n + 1;
            count++;
        }

        return -count < limit ? count : -1;
    }

    private static float[] Random(int n, int seed)
    {
        Random random = new(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextSingle()).ToArray();
    }
}
