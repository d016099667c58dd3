using Compare.Measurements;
using Compare.Reporting;
using Layer;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// The Layer sample's fused kernel against double precision on both backends, and the Compare benchmark's parts: its
/// CPU baselines, its time budget, the cuBLAS file it reads, the CSV file it writes and reads back, and a small run of
/// each benchmark. Random inputs carry their seed in every failure message.
/// </summary>
public sealed class LayerAndCompareTests(Backends backends)
{
    // No time budget for the small benchmark runs: a slow machine would skip a variant and fail a test that checks what
    // the benchmarks run and report, not how fast (Size_budget_... tests the budget itself, with recorded times).
    private const double NoBudgetSeconds = double.PositiveInfinity;

    private readonly int _seed = Random.Shared.Next();

    [Theory]
    [BackendData(1, 1, 1)]
    [BackendData(33, 65, 31)]
    [BackendData(64, 96, 64)]
    [BackendData(300, 1000, 200, Only = Backends.Cuda)]
    public void Layer_forward_is_within_the_float_rounding_bound_of_double_precision(string backend, int batch, int inputs, int outputs)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        float scale = 1f / MathF.Sqrt(inputs);
        float[] x = Uniform(random, batch * inputs, 1f), w = Uniform(random, outputs * inputs, scale), b = Uniform(random, outputs, scale);
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dw = gpu.Allocate<float>(w), db = gpu.Allocate<float>(b);
        using DeviceBuffer<float> dy = gpu.Allocate<float>(batch * outputs);

        LayerKernels.Launch(LayerKernels.ForwardGrid(batch, outputs), LayerKernels.ForwardBlock).Forward(dx, dw, db, dy, batch, inputs, outputs);

        float[] y = dy.ToArray();
        for (int r = 0; r < batch; r++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = b[o], magnitude = Math.Abs(b[o]);
                for (int k = 0; k < inputs; k++)
                {
                    double term = (double)x[r * inputs + k] * w[o * inputs + k];
                    sum += term;
                    magnitude += Math.Abs(term);
                }

                double expected = 1 / (1 + Math.Exp(-sum));
                double bound = 0.25 * (inputs + 1) * Math.ScaleB(1, -24) * magnitude + 1e-6;
                Assert.True(Math.Abs(y[r * outputs + o] - expected) <= bound,
                    $"seed {_seed}, {batch} x {inputs} -> {outputs}: y[{r}, {o}] = {y[r * outputs + o]}, expected {expected} within {bound:E1}");
            }
        }
    }

    [Fact]
    public void Cpu_baselines_of_vector_add_are_exact_and_of_matmul_agree_with_double_precision()
    {
        Random random = new(_seed);
        int length = random.Next(1, 100_000), n = random.Next(1, 90);
        float[] a = References.RandomFloats(length, _seed), b = References.RandomFloats(length, _seed + 1);
        foreach ((string name, Action<float[], float[], float[]> add) in new (string, Action<float[], float[], float[]>)[]
            { ("Plain", VectorAddBaselines.Plain), ("Parallel", VectorAddBaselines.Parallel), ("Tensors", VectorAddBaselines.Tensors) })
        {
            float[] c = new float[length];
            add(a, b, c);
            Assert.True(References.VectorSumIsExact(a, b, c), $"seed {_seed}: vector add {name} is wrong at n = {length}");
        }

        float[] ma = References.RandomFloats(n * n, _seed, low: -0.5f), mb = References.RandomFloats(n * n, _seed + 1, low: -0.5f);
        foreach ((string name, Action<float[], float[], float[], int> multiply) in new (string, Action<float[], float[], float[], int>)[]
            { ("Plain", MatMulBaselines.Plain), ("Parallel", MatMulBaselines.Parallel), ("Tensors", MatMulBaselines.Tensors) })
        {
            float[] c = Enumerable.Repeat(float.NaN, n * n).ToArray(); // a baseline must overwrite C, not add to it
            multiply(ma, mb, c, n);
            Assert.True(References.MatMulAgrees(ma, mb, c, n, seed: _seed, samples: n * n), $"seed {_seed}: matmul {name} is wrong at n = {n}");
        }
    }

    [Fact]
    public void Size_budget_skips_the_first_size_predicted_over_budget_and_every_larger_one()
    {
        SizeBudget budget = new(budgetMilliseconds: 1000, costExponent: 3);

        Assert.True(budget.Allows(64, out double? first, out _));
        Assert.Null(first);
        budget.Record(64, 10);
        Assert.True(budget.Allows(256, out double? allowed, out _));
        Assert.Equal(640, allowed!.Value, precision: 6);
        budget.Record(256, 640);
        Assert.False(budget.Allows(512, out double? over, out string reason));
        Assert.Equal(5120, over!.Value, precision: 6);
        Assert.Equal("skipped: about 5 s a run, over the 1 s budget", reason);
        Assert.False(budget.Allows(1024, out _, out string later));
        Assert.Equal(reason, later);
    }

    [Fact]
    public void Cublas_results_take_the_cublas_lines_of_cublas_py_and_ignore_the_rest()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cublas-{_seed}.txt");
        File.WriteAllLines(path,
        [
            "# cuBLAS SGEMM through PyTorch 2.11.0 on NVIDIA H200, TF32 off",
            "RESULT kernel=cublas n=64 ms=0.0061 gflops=86.0 ok=True",
            "RESULT kernel=blocked n=64 ms=9.9 gflops=1.0 ok=True",
            "RESULT kernel=cublas n=4096 ms=2.6935 gflops=51027.0 ok=True",
        ]);
        try
        {
            CublasResults results = CublasResults.Read(path);

            Assert.Equal(new Dictionary<int, double> { [64] = 0.0061, [4096] = 2.6935 }, results.Milliseconds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cublas_results_reject_a_file_without_cublas_lines_naming_the_script()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cublas-empty-{_seed}.txt");
        File.WriteAllText(path, "Traceback (most recent call last):\n");
        try
        {
            FormatException e = Assert.Throws<FormatException>(() => CublasResults.Read(path));
            Assert.Contains("cublas.py", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Csv_file_reads_back_what_it_wrote_including_skipped_cells_and_commas()
    {
        Variant cpu = new("cpu-parallel", "CPU Parallel.For", "CPU: Parallel.For, 16 threads", "");
        Variant gpu = new("gpu-blocked", "GPU blocked", "GpuDsl Blocked kernel (GPU)", "");
        Measurement[] measurements =
        [
            new("cpu-parallel", 64, 0.125, 7, Measurement.Ok),
            Measurement.NotRun("cpu-parallel", 4096, "skipped: about 40 s a run, over the 20 s budget"),
            Measurement.NotRun("gpu-blocked", 64, "n is not a multiple of 128"),
            new("gpu-blocked", 4096, 4.8125, 10, Measurement.Ok),
        ];
        BenchmarkResults written = new("matmul", MatMulBenchmark.Title, MatMulBenchmark.SizeName, [cpu, gpu], [64, 4096],
            measurements, "NVIDIA H200", []);

        string path = Path.Combine(Path.GetTempPath(), $"matmul-{_seed}.csv");
        File.WriteAllText(path, CsvFile.Write(written, "AMD EPYC 9654, 16 logical cores"));
        try
        {
            BenchmarkResults read = CsvFile.Read(path);

            Assert.Equal(["cpu-parallel", "gpu-blocked"], read.Variants.Select(v => v.Id));
            Assert.Equal("CPU: Parallel.For, 16 threads", read.Variants[0].Legend);
            Assert.Equal([64, 4096], read.Sizes);
            Assert.Equal("NVIDIA H200", read.Device);
            Assert.Equal(measurements.OrderBy(m => m.Size).ThenBy(m => m.VariantId), read.Measurements.OrderBy(m => m.Size).ThenBy(m => m.VariantId));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory, BackendData]
    public void Vector_add_benchmark_checks_and_times_every_variant(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        List<string> log = new();

        BenchmarkResults results = new VectorAddBenchmark(gpu, NoBudgetSeconds, log.Add).Run([1_000, 54_321]);

        Assert.Equal(10, results.Measurements.Count);
        Assert.All(results.Measurements, m => Assert.True(m.Status == Measurement.Ok && m.Milliseconds > 0, $"{m}"));
        Assert.Equal(10, log.Count(line => line.StartsWith("RESULT benchmark=vector-add ", StringComparison.Ordinal)));
    }

    [Theory, BackendData]
    public void Matmul_benchmark_leaves_blocked_and_vectorized_out_where_n_is_not_a_multiple_of_128_and_compares_with_cublas(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        CublasResults cublas = new("cublas.txt", new Dictionary<int, double> { [16] = 0.004 });

        BenchmarkResults results = new MatMulBenchmark(gpu, NoBudgetSeconds, cublas, _ => { }).Run([16, 48]);

        Assert.Equal("n is not a multiple of 128", results.Find("gpu-blocked", 48)!.Status);
        Assert.Equal("n is not a multiple of 128", results.Find("gpu-vectorized", 48)!.Status);
        Assert.Equal("not in cublas.txt", results.Find("cublas", 48)!.Status);
        Assert.All(results.Measurements.Where(m => m.VariantId is not ("gpu-blocked" or "gpu-vectorized") && !(m.VariantId == "cublas" && m.Size == 48)),
            m => Assert.True(m.Status == Measurement.Ok, $"{m}"));
        string markdown = Tables.Markdown(results, "test CPU", DateTimeOffset.UnixEpoch);
        Assert.Contains("/ cuBLAS", markdown);
        Assert.Contains("| 48 |", markdown);
    }

    private static float[] Uniform(Random random, int length, float limit) =>
        Enumerable.Range(0, length).Select(_ => (2f * random.NextSingle() - 1f) * limit).ToArray();
}
