namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Shared memory, barriers and atomics, on the CUDA device and on the CPU backend, checked against plain C#. Inputs are
/// random per run; the seed is in the failure message.
/// </summary>
public sealed class SharedMemoryKernelTests(Backends backends)
{
    private readonly int _seed = Random.Shared.Next();

    [Theory, BackendData]
    public void Shared_memory_reduction_with_barriers_sums_exactly(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // On the CPU each emulated thread of a block is an OS thread; twenty blocks, the last partial, prove the sum
        // as well as hundreds.
        int n = backend == "cuda" ? 3_000_017 : 5_003;
        Random random = new(_seed);
        int[] x = Enumerable.Range(0, n).Select(_ => random.Next(-1000, 1000)).ToArray();
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x);
        using DeviceBuffer<long> total = gpu.Allocate<long>(1);
        total.Clear();

        SharedMemoryKernels.Launch((n + 255) / 256, SharedMemoryKernels.Threads).Sum(dx, total);

        Assert.True(x.Sum(v => (long)v) == total.ToArray()[0], $"seed {_seed}");
    }

    [Theory, BackendData]
    public void Histogram_with_shared_and_global_atomics_counts_every_value(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int n = backend == "cuda" ? 4_000_000 : 200_000;
        byte[] values = new byte[n];
        new Random(_seed).NextBytes(values);
        using DeviceBuffer<byte> dv = gpu.Allocate<byte>(values);
        using DeviceBuffer<int> bins = gpu.Allocate<int>(64);
        bins.Clear();

        SharedMemoryKernels.Launch(64, 128).Histogram(dv, bins);

        int[] expected = new int[64];
        foreach (byte v in values) expected[v & 63]++;
        Assert.True(expected.SequenceEqual(bins.ToArray()), $"seed {_seed}");
    }

    [Theory, BackendData]
    public void Dynamic_shared_memory_is_sized_by_the_launch(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int block = 128, blocks = 40;
        float[] x = Enumerable.Range(0, block * blocks).Select(i => (float)i).ToArray();
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(x.Length);

        SharedMemoryKernels.Launch(blocks, block, block * sizeof(float)).ReverseBlocks(dx, dy);

        float[] expected = x.Chunk(block).SelectMany(c => c.Reverse()).ToArray();
        Assert.Equal(expected, dy.ToArray());
    }

    [Theory, BackendData]
    public void Tiled_matrix_multiply_matches_a_CPU_reference(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int n = backend == "cuda" ? 300 : 70;
        Random random = new(_seed);
        float[] a = Enumerable.Range(0, n * n).Select(_ => random.NextSingle() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, n * n).Select(_ => random.NextSingle() - 0.5f).ToArray();
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n * n);

        int tiles = (n + SharedMemoryKernels.Tile - 1) / SharedMemoryKernels.Tile;
        SharedMemoryKernels.Launch(new Dim3(tiles, tiles), new Dim3(SharedMemoryKernels.Tile, SharedMemoryKernels.Tile)).TiledMatMul(da, db, dc, n);

        float[] c = dc.ToArray();
        for (int i = 0; i < n; i += 7)
        {
            for (int j = 0; j < n; j += 5)
            {
                double expected = 0;
                for (int k = 0; k < n; k++) expected += (double)a[i * n + k] * b[k * n + j];
                Assert.True(Math.Abs(expected - c[i * n + j]) <= 1e-4 * n, $"seed {_seed}: c[{i},{j}] = {c[i * n + j]}, expected {expected}");
            }
        }
    }

    [Theory, BackendData]
    public void A_Shared3D_block_stages_a_3D_tile_with_its_halo(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int slices = 4, rows = 8, columns = 16;
        float[] u = Enumerable.Range(0, slices * rows * columns).Select(i => (float)(i % 13) - 6f).ToArray();
        using DeviceBuffer<float> du = gpu.Allocate<float>(u), dr = gpu.Allocate<float>(u.Length);

        SharedMemoryKernels.Launch(
            new Dim3(columns / SharedMemoryKernels.BlockX, rows / SharedMemoryKernels.BlockY, slices / SharedMemoryKernels.BlockZ),
            new Dim3(SharedMemoryKernels.BlockX, SharedMemoryKernels.BlockY, SharedMemoryKernels.BlockZ))
            .SmoothRows3D(du.AsSpan3D(slices, rows, columns), dr.AsSpan3D(slices, rows, columns));

        float[] expected = new float[u.Length];
        for (int i = 0; i < u.Length; i++)
        {
            int x = i % columns;
            expected[i] = (x > 0 ? u[i - 1] : 0f) + u[i] + (x + 1 < columns ? u[i + 1] : 0f);
        }

        Assert.Equal(expected, dr.ToArray());
    }

    [Fact]
    public void Launch_checks_static_shared_memory_declared_by_the_kernel()
    {
        GpuContext gpu = backends.Get(Backends.Cpu);
        using DeviceBuffer<float> x = gpu.Allocate<float>(256), y = gpu.Allocate<float>(256);

        // The kernel declares no static shared memory, so 48 KiB of dynamic is the whole budget.
        InvalidLaunchException e = Assert.Throws<InvalidLaunchException>(
            () => SharedMemoryKernels.Launch(1, 256, 64 * 1024).ReverseBlocks(x, y));
        Assert.Contains("MaxSharedMemoryPerBlock", e.Message);
    }
}
