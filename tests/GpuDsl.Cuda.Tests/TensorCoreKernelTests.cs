namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Tensor-core operations on one warp, on the CUDA device and on the CPU backend, against plain C#: mma of every type
/// equals the matrix product (inputs whose sums are exact, so both backends must agree bit for bit), fragments store
/// back where they loaded, ldmatrix gives each lane the PTX ISA's elements, cp.async copies, ToTf32 rounds as cvt.rna.
/// </summary>
public sealed class TensorCoreKernelTests(Backends backends)
{
    private readonly int _seed = Random.Shared.Next();

    [Theory, BackendData]
    public void Fp16_mma_m16n8k16_equals_the_matrix_product_plus_c(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        float[] a = Small(random, 16 * 16), b = Small(random, 16 * 8), c = Small(random, 16 * 8);
        using DeviceBuffer<Half> da = gpu.Allocate(a.Select(v => (Half)v).ToArray()), db = gpu.Allocate(b.Select(v => (Half)v).ToArray());
        using DeviceBuffer<float> dc = gpu.Allocate(c), dd = gpu.Allocate<float>(16 * 8);

        TensorCoreKernels.Launch(1, 32).MmaHalf(da, db, dc, dd);

        Assert.Equal(Product(a, b, c, 16, 16, 8), dd.ToArray());
    }

    [Theory, BackendData]
    public void Bf16_mma_m16n8k16_through_ldmatrix_and_through_loads_equals_twice_the_matrix_product_plus_c(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        float[] a = Small(random, 16 * 16), b = Small(random, 16 * 8), c = Small(random, 16 * 8);
        using DeviceBuffer<BFloat16> da = gpu.Allocate(a.Select(v => (BFloat16)v).ToArray()), db = gpu.Allocate(b.Select(v => (BFloat16)v).ToArray());
        using DeviceBuffer<float> dc = gpu.Allocate(c), dd = gpu.Allocate<float>(16 * 8);

        TensorCoreKernels.Launch(1, 32).MmaBFloat16(da, db, dc, dd);

        float[] once = Product(a, b, c, 16, 16, 8);
        Assert.Equal(once.Select((v, i) => 2 * v - c[i]), dd.ToArray());
    }

    [Theory, BackendData]
    public void Tf32_mma_m16n8k8_equals_the_matrix_product_plus_c(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        // Quarters: exact in TF32, and every sum exact in float.
        float[] a = Small(random, 16 * 8).Select(v => v / 4).ToArray(), b = Small(random, 8 * 8), c = Small(random, 16 * 8);
        using DeviceBuffer<float> da = gpu.Allocate(a), db = gpu.Allocate(b), dc = gpu.Allocate(c), dd = gpu.Allocate<float>(16 * 8);

        TensorCoreKernels.Launch(1, 32).MmaTf32(da, db, dc, dd);

        Assert.Equal(Product(a, b, c, 16, 8, 8), dd.ToArray());
    }

    [Theory, BackendData]
    public void Int8_mma_m16n8k32_equals_the_matrix_product_plus_c(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        sbyte[] a = Enumerable.Range(0, 16 * 32).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
        sbyte[] b = Enumerable.Range(0, 32 * 8).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
        int[] c = Enumerable.Range(0, 16 * 8).Select(_ => random.Next(-100_000, 100_000)).ToArray();
        using DeviceBuffer<sbyte> da = gpu.Allocate(a), db = gpu.Allocate(b);
        using DeviceBuffer<int> dc = gpu.Allocate(c), dd = gpu.Allocate<int>(16 * 8);

        TensorCoreKernels.Launch(1, 32).MmaSByte(da, db, dc, dd);

        int[] expected = new int[16 * 8];
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 8; j++)
                expected[i * 8 + j] = c[i * 8 + j] + Enumerable.Range(0, 32).Sum(k => a[i * 32 + k] * b[k * 8 + j]);
        Assert.Equal(expected, dd.ToArray());
    }

    [Theory, BackendData]
    public void Every_fragment_stores_each_element_where_it_loaded_it(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Half[] h = Enumerable.Range(0, 256 + 128).Select(i => (Half)i).ToArray();
        float[] f = Enumerable.Range(0, 192 + 128).Select(i => i + 0.5f).ToArray();
        sbyte[] s = Enumerable.Range(0, 512 + 256).Select(i => (sbyte)(i * 7)).ToArray();
        using DeviceBuffer<Half> dh = gpu.Allocate(h), hOut = gpu.Allocate<Half>(16 * 24);
        using DeviceBuffer<float> df = gpu.Allocate(f), fOut = gpu.Allocate<float>(256 + 128);
        using DeviceBuffer<sbyte> ds = gpu.Allocate(s), sOut = gpu.Allocate<sbyte>(32 * 40);
        hOut.Clear();
        fOut.Clear();
        sOut.Clear();

        TensorCoreKernels.Launch(1, 32).RoundTrips(dh, hOut, df, fOut, ds, sOut);

        Half[] ho = hOut.ToArray();
        float[] fo = fOut.ToArray();
        sbyte[] so = sOut.ToArray();
        for (int r = 0; r < 16; r++)
        {
            for (int k = 0; k < 16; k++) Assert.Equal(h[r * 16 + k], ho[r * 24 + k]);
            for (int n = 0; n < 8; n++) Assert.Equal(h[256 + r * 8 + n], ho[r * 24 + 16 + n]);
            for (int k = 0; k < 8; k++) Assert.Equal(f[r * 8 + k], fo[r * 16 + k]);
            for (int n = 0; n < 8; n++) Assert.Equal(f[192 + r * 8 + n], fo[256 + r * 8 + n]);
            for (int k = 0; k < 32; k++) Assert.Equal(s[r * 32 + k], so[r * 40 + k]);
        }

        for (int k = 0; k < 8; k++)
            for (int n = 0; n < 8; n++) Assert.Equal(f[128 + k * 8 + n], fo[k * 16 + 8 + n]);
        for (int k = 0; k < 32; k++)
            for (int n = 0; n < 8; n++) Assert.Equal(s[512 + k * 8 + n], so[k * 40 + 32 + n]);
    }

    [Theory, BackendData]
    public void Ldmatrix_gives_each_lane_the_elements_the_ptx_isa_assigns_it(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Half[] tile = Enumerable.Range(0, 256).Select(i => (Half)i).ToArray();
        using DeviceBuffer<Half> dt = gpu.Allocate(tile), a = gpu.Allocate<Half>(256), b = gpu.Allocate<Half>(256), b2 = gpu.Allocate<Half>(128), bn = gpu.Allocate<Half>(128);
        using DeviceBuffer<uint> x1 = gpu.Allocate<uint>(32), x1t = gpu.Allocate<uint>(32);

        TensorCoreKernels.Launch(1, 32).LoadMatrices(dt, a, b, b2, bn, x1, x1t);

        Assert.Equal(tile, a.ToArray());
        Assert.Equal(tile, b.ToArray());
        Assert.Equal(tile.Where((_, i) => i % 16 < 8), b2.ToArray());
        Half[] n = bn.ToArray();
        for (int k = 0; k < 16; k++)
            for (int c = 0; c < 8; c++) Assert.Equal(tile[c * 16 + k], n[k * 8 + c]);
        uint Pair(int first, int second) => BitConverter.HalfToUInt16Bits(tile[first]) | (uint)BitConverter.HalfToUInt16Bits(tile[second]) << 16;
        Assert.Equal(Enumerable.Range(0, 32).Select(l => Pair(l / 4 * 16 + 2 * (l % 4), l / 4 * 16 + 2 * (l % 4) + 1)), x1.ToArray());
        Assert.Equal(Enumerable.Range(0, 32).Select(l => Pair(2 * (l % 4) * 16 + l / 4, (2 * (l % 4) + 1) * 16 + l / 4)), x1t.ToArray());
    }

    [Theory, BackendData]
    public void Cp_async_copies_4_8_and_16_bytes_and_ToTf32_rounds_to_nearest_ties_away(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        float[] x = Enumerable.Range(0, 224).Select(_ => (random.NextSingle() - 0.5f) * 1000f).ToArray();
        // Ties at the TF32 rounding bit (away from zero), just below and above it, and the special values.
        float One(uint low) => BitConverter.UInt32BitsToSingle(0x3F80_0000u | low);
        x[0] = One(0x1000);
        x[1] = -One(0x1000);
        x[2] = One(0x0FFF);
        x[3] = One(0x3000);
        x[4] = float.PositiveInfinity;
        x[5] = float.MaxValue;
        x[6] = float.Epsilon;
        using DeviceBuffer<float> dx = gpu.Allocate(x), copied = gpu.Allocate<float>(224), rounded = gpu.Allocate<float>(224);

        TensorCoreKernels.Launch(1, 32).CopiesAndTf32(dx, copied, rounded);

        Assert.Equal(x, copied.ToArray());
        float[] r = rounded.ToArray();
        Assert.Equal(One(0x2000), r[0]);
        Assert.Equal(-One(0x2000), r[1]);
        Assert.Equal(1f, r[2]);
        Assert.Equal(One(0x4000), r[3]);
        Assert.Equal(float.PositiveInfinity, r[4]);
        Assert.Equal(float.PositiveInfinity, r[5]);
        Assert.Equal(0f, r[6]);
        for (int i = 7; i < 224; i++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(r[i]);
            Assert.True((bits & 0x1FFF) == 0 && Math.Abs(r[i] - x[i]) <= Math.Abs(x[i]) / 2048f, $"seed {_seed}: {x[i]} -> {r[i]}");
        }
    }

    [Theory, BackendData]
    public void The_readme_warp_product_over_k_64_equals_the_matrix_product(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        const int k = 64;
        float[] a = Small(random, 16 * k), b = Small(random, k * 8);
        using DeviceBuffer<Half> da = gpu.Allocate(a.Select(v => (Half)v).ToArray()), db = gpu.Allocate(b.Select(v => (Half)v).ToArray());
        using DeviceBuffer<float> dc = gpu.Allocate<float>(16 * 8);

        TensorCoreKernels.Launch(1, 32).WarpProduct(da, db, dc, k);

        Assert.Equal(Product(a, b, new float[16 * 8], 16, k, 8), dc.ToArray());
    }

    /// <summary>Small integers, so that every product and sum of the test is exact in float.</summary>
    private static float[] Small(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)random.Next(-8, 9)).ToArray();

    private static float[] Product(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        float[] d = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                d[i * n + j] = c[i * n + j] + Enumerable.Range(0, k).Sum(x => a[i * k + x] * b[x * n + j]);
        return d;
    }
}
