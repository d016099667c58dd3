using GpuDsl.Cpu;
using MatMul;
using MatrixAdd;
using Sigmoid;
using VectorAdd;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Differential tests of every sample's kernels: fresh random inputs each run (the seed is in every failure message),
/// run on the CPU backend and on the CUDA device, each compared with plain C# (exact for integers and for float
/// additions, a stated relative tolerance otherwise). Without a GPU, CI still runs every kernel on the CPU backend.
/// </summary>
public sealed class SampleKernelTests(Backends backends)
{
    private readonly int _seed = Random.Shared.Next();

    [Theory, BackendData]
    public void VectorAdd_kernels_are_exact(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        int n = random.Next(1, 300_000);
        float[] a = Floats(random, n), b = Floats(random, n);
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n);

        VectorKernels.Launch((n + 255) / 256, 256).Add(da, db, dc);
        AssertExact(a.Zip(b, (x, y) => x + y).ToArray(), dc.ToArray(), "Add");

        dc.Clear();
        VectorKernels.Launch(Math.Max(1, n / 1024), 256).AddFour(da, db, dc);
        AssertExact(a.Zip(b, (x, y) => x + y).ToArray(), dc.ToArray(), "AddFour");

        dc.Clear();
        VectorKernels.Launch(Math.Max(1, n / 1024), 256).AddVectors(da, db, dc);
        AssertExact(a.Zip(b, (x, y) => x + y).ToArray(), dc.ToArray(), "AddVectors");
    }

    [Theory, BackendData]
    public void MatrixAdd_is_exact_for_any_shape(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        int rows = random.Next(1, 300), cols = random.Next(1, 300);
        float[] a = Floats(random, rows * cols), b = Floats(random, rows * cols);
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(a.Length);

        MatrixKernels.Launch(new Dim3((cols + 15) / 16, (rows + 15) / 16), new Dim3(16, 16))
            .Add(da.AsSpan2D(rows, cols), db.AsSpan2D(rows, cols), dc.AsSpan2D(rows, cols));

        AssertExact(a.Zip(b, (x, y) => x + y).ToArray(), dc.ToArray(), $"{rows} x {cols}");
    }

    [Theory, BackendData]
    public void MatrixAdd_over_views_of_three_pitches_is_exact_and_leaves_the_padding(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        int rows = random.Next(1, 200), cols = random.Next(1, 200);
        int pitchA = cols + random.Next(0, 40), pitchC = cols + random.Next(1, 40), offsetC = random.Next(0, 9);
        float[] a = Floats(random, rows * pitchA), b = Floats(random, rows * cols);
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(offsetC + rows * pitchC);
        dc.CopyFrom(Enumerable.Repeat(-1f, dc.Length).ToArray());

        MatrixKernels.Launch(new Dim3((cols + 15) / 16, (rows + 15) / 16), new Dim3(16, 16)).Add(
            da.AsSpan2D(rows, cols, pitchA), db.AsSpan2D(rows, cols), dc.Slice(offsetC, rows * pitchC).AsSpan2D(rows, cols, pitchC));

        float[] expected = new float[dc.Length];
        for (int i = 0; i < expected.Length; i++)
        {
            int r = (i - offsetC) / pitchC, col = (i - offsetC) % pitchC;
            expected[i] = i >= offsetC && col < cols ? a[r * pitchA + col] + b[r * cols + col] : -1f;
        }

        AssertExact(expected, dc.ToArray(), $"{rows} x {cols}, pitches {pitchA}, {cols} and {pitchC} from {offsetC}");
    }

    [Theory, BackendData]
    public void Sigmoid_is_within_1e_6_of_double_precision(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        int n = random.Next(1, 200_000);
        float[] x = Floats(random, n).Select(v => (v - 0.5f) * 40f).ToArray();
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(n);

        SigmoidKernels.Launch((n + 255) / 256, 256).Apply(dx, dy);

        float[] y = dy.ToArray();
        for (int i = 0; i < n; i++)
        {
            double expected = 1 / (1 + Math.Exp(-x[i]));
            Assert.True(Math.Abs(y[i] - expected) <= 1e-6, $"seed {_seed}: sigmoid({x[i]}) = {y[i]}, expected {expected}");
        }
    }

    [Theory, BackendData]
    public void MatMul_kernels_agree_with_double_precision_within_1e_5_n(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        int n = backend == "cuda" ? 256 : 128; // a multiple of 128, so the blocked kernel runs too
        float[] a = Floats(random, n * n).Select(v => v - 0.5f).ToArray();
        float[] b = Floats(random, n * n).Select(v => v - 0.5f).ToArray();
        double[] expected = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) expected[i * n + j] += aik * b[k * n + j];
            }
        }

        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n * n);
        (string Name, Action Launch)[] kernels =
        {
            ("Naive", () => MatMulKernels.Launch(new Dim3(n / 16, n / 16), new Dim3(16, 16)).Naive(da, db, dc, n)),
            ("Tiled", () => MatMulKernels.Launch(new Dim3(n / 32, n / 32), new Dim3(32, 32)).Tiled(da, db, dc, n)),
            ("Blocked", () => MatMulKernels.Launch(new Dim3(n / 128, n / 128), MatMulKernels.BlockedThreads).Blocked(da, db, dc, n)),
            ("Vectorized", () => MatMulKernels.Launch(new Dim3(n / 128, n / 128), MatMulKernels.BlockedThreads).Vectorized(da, db, dc, n)),
        };
        foreach ((string name, Action launch) in kernels)
        {
            dc.Clear();
            launch();
            float[] c = dc.ToArray();
            double worst = c.Select((v, i) => Math.Abs(v - expected[i])).Max();
            Assert.True(worst <= 1e-5 * n, $"seed {_seed}: {name} is off by {worst} at n = {n}");
        }
    }

    [Theory, BackendData]
    public void Tensor_core_matmul_kernels_agree_with_double_precision_within_each_formats_rounding(string backend)
    {
        using CpuContext? cpu = backend == Backends.Cpu ? HopperSizedCpu() : null;
        GpuContext gpu = cpu ?? backends.Get(backend);
        Random random = new(_seed);
        int n = backend == "cuda" ? 512 : 128; // a multiple of the 128 x 128 block tile
        float[] a = Floats(random, n * n).Select(v => v - 0.5f).ToArray();
        float[] b = Floats(random, n * n).Select(v => v - 0.5f).ToArray();
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n * n);
        using DeviceBuffer<Half> ha = gpu.Allocate(a.Select(v => (Half)v).ToArray()), hb = gpu.Allocate(b.Select(v => (Half)v).ToArray());
        using DeviceBuffer<BFloat16> ba = gpu.Allocate(a.Select(v => (BFloat16)v).ToArray()), bb = gpu.Allocate(b.Select(v => (BFloat16)v).ToArray());
        Dim3 blocks = new(n / MatMulKernels.TensorBlockN, n / MatMulKernels.TensorBlockM);
        // The rounding of each input to the format: fp16 and bf16 to nearest (2^-11, 2^-8), TF32 by dropping 13 bits (2^-10).
        (string Name, double Unit, Action Launch)[] kernels =
        {
            ("TensorHalf", Math.ScaleB(1, -11), () => MatMulKernels.Launch(blocks, MatMulKernels.TensorThreads).TensorHalf(ha, hb, dc, n)),
            ("TensorBFloat16", Math.ScaleB(1, -8), () => MatMulKernels.Launch(blocks, MatMulKernels.TensorThreads).TensorBFloat16(ba, bb, dc, n)),
            ("TensorTf32", Math.ScaleB(1, -10), () => MatMulKernels.Launch(blocks, MatMulKernels.TensorThreads).TensorTf32(da, db, dc, n)),
            ("TensorHalfWide", Math.ScaleB(1, -11), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads).TensorHalfWide(ha, hb, dc, n)),
            ("TensorHalfSwizzled", Math.ScaleB(1, -11), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads).TensorHalfSwizzled(ha, hb, dc, n)),
            ("TensorHalfDeep", Math.ScaleB(1, -11), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads, MatMulKernels.DeepSharedBytes).TensorHalfDeep(ha, hb, dc, n)),
            ("TensorTf32Wide", Math.ScaleB(1, -10), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads).TensorTf32Wide(da, db, dc, n)),
            ("TensorTf32Deep", Math.ScaleB(1, -10), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads, MatMulKernels.Tf32DeepSharedBytes).TensorTf32Deep(da, db, dc, n)),
        };
        foreach ((string name, double unit, Action launch) in kernels)
        {
            dc.Clear();
            launch();
            AssertWithinRounding(a, b, dc.ToArray(), n, unit, name, random);
        }
    }

    [Theory, BackendData]
    public void Tall_tensor_core_matmul_on_256_by_128_block_tiles_agrees_with_double_precision(string backend)
    {
        using CpuContext? cpu = backend == Backends.Cpu ? HopperSizedCpu() : null;
        GpuContext gpu = cpu ?? backends.Get(backend);
        Random random = new(_seed);
        int n = backend == "cuda" ? 512 : MatMulKernels.TallBlockM; // a multiple of the 256 x 128 block tile
        float[] a = Floats(random, n * n).Select(v => v - 0.5f).ToArray();
        float[] b = Floats(random, n * n).Select(v => v - 0.5f).ToArray();
        using DeviceBuffer<float> dc = gpu.Allocate<float>(n * n);
        using DeviceBuffer<Half> ha = gpu.Allocate(a.Select(v => (Half)v).ToArray()), hb = gpu.Allocate(b.Select(v => (Half)v).ToArray());
        Dim3 blocks = new(n / MatMulKernels.TensorBlockN, n / MatMulKernels.TallBlockM);
        MatMulKernels.Launch(blocks, MatMulKernels.TallThreads, MatMulKernels.TallSharedBytes).TensorHalfTall(ha, hb, dc, n);
        AssertWithinRounding(a, b, dc.ToArray(), n, Math.ScaleB(1, -11), "TensorHalfTall", random);
    }

    // A CPU context that, like an H100 after the opt-in, lets a block use 227 KiB of shared memory: the deep-pipelined
    // tensor-core kernels ask for more than the 48 KiB the CPU backend allows by default.
    private static CpuContext HopperSizedCpu() => new(fallbackReason: null) { MaxSharedMemoryPerBlockOptIn = 227 * 1024 };

    // Checks 256 random elements of c = a b against double precision, allowing 1e-5 n for fp32 accumulation plus
    // 2 unit sum_k |a_ik b_kj| for the rounding of each input to the kernel's format.
    private void AssertWithinRounding(float[] a, float[] b, float[] c, int n, double unit, string name, Random random)
    {
        for (int s = 0; s < 256; s++)
        {
            int i = random.Next(n), j = random.Next(n);
            double expected = 0, magnitude = 0;
            for (int k = 0; k < n; k++)
            {
                expected += (double)a[i * n + k] * b[k * n + j];
                magnitude += Math.Abs((double)a[i * n + k] * b[k * n + j]);
            }

            double allowed = 1e-5 * n + 2 * unit * magnitude;
            Assert.True(Math.Abs(c[i * n + j] - expected) <= allowed, $"seed {_seed}: {name} C[{i}, {j}] = {c[i * n + j]}, expected {expected} within {allowed}");
        }
    }

    private void AssertExact(float[] expected, float[] actual, string what)
    {
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                at = i;
                break;
            }
        }

        Assert.True(at < 0, at < 0 ? "" : $"seed {_seed}, {what}: element {at} is {actual[at]}, expected {expected[at]}");
    }

    private static float[] Floats(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.NextSingle()).ToArray();
}
