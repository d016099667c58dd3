using GpuDsl;
using MatMul;

namespace Compare.Measurements;

/// <summary>
/// C = A · B for n x n floats: three CPU baselines in plain .NET, the MatMul sample's three kernels, the best of them
/// with its copies to and from the device, and cuBLAS SGEMM from a file of <c>cublas.py</c> results.
/// </summary>
/// <param name="gpu">The context the kernels run on: CUDA, or the CPU backend.</param>
/// <param name="budgetSeconds">The most one variant may spend at one size (see <see cref="SizeBudget"/>).</param>
/// <param name="cublas">cuBLAS times by n, from the same GPU, or null when there are none.</param>
/// <param name="log">Receives a progress line per measurement.</param>
public sealed class MatMulBenchmark(GpuContext gpu, double budgetSeconds, CublasResults? cublas, Action<string> log)
{
    /// <summary>The largest n the kernels run at on the CPU backend, which emulates the GPU and is slow.</summary>
    public const int CpuBackendLimit = 256;

    /// <summary>The benchmark's heading.</summary>
    public const string Title = "Matrix multiply, C = A · B (n x n, float)";

    /// <summary>What its size counts.</summary>
    public const string SizeName = "n (matrix side)";

    private readonly bool _onGpu = gpu.Backend == GpuBackend.Cuda;

    /// <summary>The CPU variant that runs scalar loops on one thread.</summary>
    public static readonly Variant CpuPlain = new(
        "cpu-plain", "CPU 1 thread", "CPU: plain loops, 1 thread",
        "scalar loops in i, k, j order (B read along its rows) on one thread");

    /// <summary>The CPU variant that spreads the rows of C over the cores.</summary>
    public static readonly Variant CpuParallel = new(
        "cpu-parallel", "CPU Parallel.For", $"CPU: Parallel.For, {Environment.ProcessorCount} threads",
        $"the same loops, rows of C spread over the cores by `Parallel.For` ({Environment.ProcessorCount} cores)");

    /// <summary>The CPU variant that uses System.Numerics.Tensors.</summary>
    public static readonly Variant CpuTensors = new(
        "cpu-tensors", "TensorPrimitives", "CPU: TensorPrimitives.MultiplyAdd, 1 thread",
        "each row of C accumulated as A[i, k] times row k of B with `TensorPrimitives.MultiplyAdd`: SIMD on one thread");

    /// <summary>The cuBLAS reference.</summary>
    public static readonly Variant Cublas = new(
        "cublas", "cuBLAS", "cuBLAS SGEMM (PyTorch, TF32 off)",
        "cuBLAS SGEMM through PyTorch with TF32 off (`samples/MatMul/reference/cublas.py`), CUDA events, median of 10, from the same GPU run");

    /// <summary>The naive kernel.</summary>
    public Variant Naive => GpuKernel("naive", "one thread per element of C, `<<<(n / 16, n / 16), (16, 16)>>>`");

    /// <summary>The shared-memory tiled kernel.</summary>
    public Variant Tiled => GpuKernel("tiled", "32 x 32 tiles of A and B in shared memory, `<<<(n / 32, n / 32), (32, 32)>>>`");

    /// <summary>The register-blocked kernel.</summary>
    public Variant Blocked => GpuKernel("blocked", "128 x 128 blocks of C, 8 x 8 per thread in registers, `<<<(n / 128, n / 128), 256>>>`; n a multiple of 128");

    /// <summary>The vectorized, double-buffered kernel.</summary>
    public Variant Vectorized => GpuKernel("vectorized", "the blocked kernel with `Vector4` loads and two alternating shared tiles, `<<<(n / 128, n / 128), 256>>>`; n a multiple of 128");

    /// <summary>The best kernel with its copies.</summary>
    public Variant WithCopies => new(
        "gpu-copies", _onGpu ? "GPU best + copies" : "CPU backend best + copies", $"GpuDsl best kernel + copies, pinned ({Where})",
        "upload A and B, the vectorized kernel (tiled where n is not a multiple of 128), download C, queued on one stream from " +
        "and to pinned host buffers that already hold the data; " + (_onGpu ? "CUDA events around all of it, median of 10" : "median of 3"));

    private string Where => _onGpu ? "GPU" : "CPU backend";

    /// <summary>Measures every variant at every size (in increasing order).</summary>
    public BenchmarkResults Run(IReadOnlyList<int> sizes)
    {
        List<Variant> variants = [CpuPlain, CpuParallel, CpuTensors, Naive, Tiled, Blocked, Vectorized, WithCopies];
        if (cublas is not null) variants.Add(Cublas);
        VariantRunner runner = new("matmul", budgetSeconds * 1000, costExponent: 3, log);
        List<Measurement> results = new();
        GpuTiming timing = new(gpu);
        using GpuStream stream = gpu.CreateStream();
        // The CPU baselines first, at every size, so that the CPU backend's threads cannot disturb their timing.
        foreach (int n in sizes)
        {
            (float[] a, float[] b) = Inputs(n);
            float[] c = new float[n * n];
            results.Add(Cpu(runner, CpuPlain, n, () => MatMulBaselines.Plain(a, b, c, n), a, b, c));
            results.Add(Cpu(runner, CpuParallel, n, () => MatMulBaselines.Parallel(a, b, c, n), a, b, c));
            results.Add(Cpu(runner, CpuTensors, n, () => MatMulBaselines.Tensors(a, b, c, n), a, b, c));
        }

        foreach (int n in sizes)
        {
            (float[] a, float[] b) = Inputs(n);
            results.AddRange(Device(runner, n, a, b, timing, stream));
            if (cublas is not null)
            {
                results.Add(cublas.Milliseconds.TryGetValue(n, out double ms)
                    ? runner.Run(Cublas, n, _ => new Timing(ms, cublas.Repeats), () => true)
                    : runner.Skip(Cublas, n, $"not in {Path.GetFileName(cublas.Source)}"));
            }
        }

        List<string> notes = [.. variants.Select(v => $"{v.Column}: {v.Description}.")];
        notes.Add($"CPU baselines skip a size when one run there would take over {budgetSeconds:F0} s, predicted from the size " +
            "before (time grows as n³); a run over 1 s is timed once, shorter ones are the median of 7 samples (3 over 100 ms).");
        notes.Add("Every result is checked against double precision at 48 sampled elements (within 1e-5 · n).");
        if (!_onGpu)
        {
            notes.Add($"No CUDA device: the GPU columns need a CUDA GPU. Here the kernels ran on the CPU backend up to n = " +
                $"{CpuBackendLimit}, which checks them but says nothing about GPU speed.");
        }

        if (cublas is null)
        {
            notes.Add("No cuBLAS column: run `python3 samples/MatMul/reference/cublas.py SIZES > FILE` on the GPU and pass `--cublas FILE`.");
        }

        return new BenchmarkResults("matmul", Title, SizeName, variants, sizes,
            results, _onGpu ? gpu.Device.Name : "the CPU backend (no GPU)", notes);
    }

    private Variant GpuKernel(string name, string how) => new(
        $"gpu-{name}", _onGpu ? $"GPU {name}" : $"CPU backend {name}", $"GpuDsl {char.ToUpperInvariant(name[0])}{name[1..]} kernel ({Where})",
        $"the MatMul sample's `{char.ToUpperInvariant(name[0])}{name[1..]}` kernel: {how}; " +
        (_onGpu ? "CUDA events around the launch, median of 10 after a warm-up" : "on the CPU backend, median of 3 after a warm-up"));

    private static (float[] A, float[] B) Inputs(int n) =>
        (References.RandomFloats(n * n, seed: n, low: -0.5f), References.RandomFloats(n * n, seed: n + 1, low: -0.5f));

    private static Measurement Cpu(VariantRunner runner, Variant variant, int n, Action work, float[] a, float[] b, float[] c)
    {
        Array.Clear(c);
        return runner.Run(variant, n, predicted => CpuTiming.Measure(work, predicted), () => References.MatMulAgrees(a, b, c, n, seed: n));
    }

    private List<Measurement> Device(VariantRunner runner, int n, float[] a, float[] b, GpuTiming timing, GpuStream stream)
    {
        Variant[] device = [Naive, Tiled, Blocked, Vectorized, WithCopies];
        if (!_onGpu && n > CpuBackendLimit)
        {
            return [.. device.Select(v => runner.Skip(v, n, $"needs a GPU (the CPU backend stops at n = {CpuBackendLimit})"))];
        }

        int repeats = _onGpu ? 10 : 3;
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n * n);
        void LaunchNaive(GpuStream? on) => MatMulKernels.Launch(new Dim3((n + 15) / 16, (n + 15) / 16), new Dim3(16, 16), 0, on).Naive(da, db, dc, n);
        void LaunchTiled(GpuStream? on) => MatMulKernels.Launch(new Dim3((n + 31) / 32, (n + 31) / 32), new Dim3(32, 32), 0, on).Tiled(da, db, dc, n);
        void LaunchBlocked(GpuStream? on) => MatMulKernels.Launch(
            new Dim3(n / MatMulKernels.BlockN, n / MatMulKernels.BlockM), MatMulKernels.BlockedThreads, 0, on).Blocked(da, db, dc, n);
        void LaunchVectorized(GpuStream? on) => MatMulKernels.Launch(
            new Dim3(n / MatMulKernels.BlockN, n / MatMulKernels.BlockM), MatMulKernels.BlockedThreads, 0, on).Vectorized(da, db, dc, n);
        bool blockedFits = n % MatMulKernels.BlockM == 0;
        Action<GpuStream?> best = blockedFits ? LaunchVectorized : LaunchTiled;

        List<Measurement> results = [Kernel(Naive, LaunchNaive), Kernel(Tiled, LaunchTiled)];
        results.Add(blockedFits ? Kernel(Blocked, LaunchBlocked) : runner.Skip(Blocked, n, $"n is not a multiple of {MatMulKernels.BlockM}"));
        results.Add(blockedFits ? Kernel(Vectorized, LaunchVectorized) : runner.Skip(Vectorized, n, $"n is not a multiple of {MatMulKernels.BlockM}"));

        using PinnedBuffer<float> pa = gpu.AllocatePinned<float>(a), pb = gpu.AllocatePinned<float>(b);
        using PinnedBuffer<float> pc = gpu.AllocatePinned<float>(n * n);
        pc.Span.Clear();
        results.Add(runner.Run(WithCopies, n, _ => timing.Median(() =>
        {
            da.CopyFromAsync(pa, stream);
            db.CopyFromAsync(pb, stream);
            best(stream);
            dc.CopyToAsync(pc, stream);
        }, repeats, stream), () => References.MatMulAgrees(a, b, pc.Span, n, seed: n)));
        return results;

        Measurement Kernel(Variant variant, Action<GpuStream?> launch)
        {
            dc.Clear();
            return runner.Run(variant, n, _ => timing.Median(() => launch(null), repeats),
                () => References.MatMulAgrees(a, b, dc.ToArray(), n, seed: n));
        }
    }
}
