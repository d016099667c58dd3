using GpuDsl;
using VectorAdd;

namespace Compare.Measurements;

/// <summary>
/// c = a + b over n floats: three CPU baselines in plain .NET, and the VectorAdd sample's <c>AddFour</c> kernel timed
/// alone and with its copies to and from the device.
/// </summary>
/// <param name="gpu">The context the kernel runs on: CUDA, or the CPU backend.</param>
/// <param name="budgetSeconds">The most one variant may spend at one size (see <see cref="SizeBudget"/>).</param>
/// <param name="log">Receives a progress line per measurement.</param>
public sealed class VectorAddBenchmark(GpuContext gpu, double budgetSeconds, Action<string> log)
{
    /// <summary>The largest n the kernel runs at on the CPU backend, which emulates the GPU and is slow.</summary>
    public const int CpuBackendLimit = 10_000_000;

    /// <summary>The benchmark's heading.</summary>
    public const string Title = "Vector add, c = a + b (float)";

    /// <summary>What its size counts.</summary>
    public const string SizeName = "n (floats)";

    private const int Threads = 256;

    private readonly bool _onGpu = gpu.Backend == GpuBackend.Cuda;

    /// <summary>The CPU variant that runs a plain loop on one thread.</summary>
    public static readonly Variant CpuPlain = new(
        "cpu-plain", "CPU 1 thread", "CPU: plain loop, 1 thread", "a plain `for` loop, `c[i] = a[i] + b[i]`, on one thread");

    /// <summary>The CPU variant that splits the loop over the cores.</summary>
    public static readonly Variant CpuParallel = new(
        "cpu-parallel", "CPU Parallel.For", $"CPU: Parallel.For, {Environment.ProcessorCount} threads",
        $"the same loop in 4 chunks per core by `Parallel.For` ({Environment.ProcessorCount} cores)");

    /// <summary>The CPU variant that uses System.Numerics.Tensors.</summary>
    public static readonly Variant CpuTensors = new(
        "cpu-tensors", "TensorPrimitives", "CPU: TensorPrimitives.Add, 1 thread",
        "`TensorPrimitives.Add` (System.Numerics.Tensors): SIMD on one thread");

    /// <summary>The kernel alone.</summary>
    public Variant Kernel => new(
        "gpu-kernel", _onGpu ? "GPU kernel" : "CPU backend kernel", $"GpuDsl AddFour kernel ({Where})",
        "the VectorAdd sample's `AddFour` kernel (four elements per thread), `<<<max(1, n / 1024), 256>>>`; " +
        (_onGpu ? "CUDA events around the launch, median of 20 after a warm-up" : "on the CPU backend, median of 3 after a warm-up"));

    /// <summary>The kernel with its copies.</summary>
    public Variant WithCopies => new(
        "gpu-copies", _onGpu ? "GPU + copies" : "CPU backend + copies", $"GpuDsl AddFour + copies, pinned ({Where})",
        "upload a and b, the kernel, download c, queued on one stream from and to pinned (page-locked) host buffers that " +
        "already hold the data; " + (_onGpu ? "CUDA events around all four, median of 10 after a warm-up" : "on the CPU backend, median of 3"));

    private string Where => _onGpu ? "GPU" : "CPU backend";

    /// <summary>Measures every variant at every size (in increasing order).</summary>
    public BenchmarkResults Run(IReadOnlyList<int> sizes)
    {
        Variant[] variants = [CpuPlain, CpuParallel, CpuTensors, Kernel, WithCopies];
        VariantRunner runner = new("vector-add", budgetSeconds * 1000, costExponent: 1, log);
        List<Measurement> results = new();
        GpuTiming timing = new(gpu);
        using GpuStream stream = gpu.CreateStream();
        // The CPU baselines first, at every size, so that the CPU backend's threads cannot disturb their timing.
        foreach (int n in sizes)
        {
            (float[] a, float[] b) = Inputs(n);
            float[] c = new float[n];
            results.Add(Cpu(runner, CpuPlain, n, () => VectorAddBaselines.Plain(a, b, c), a, b, c));
            results.Add(Cpu(runner, CpuParallel, n, () => VectorAddBaselines.Parallel(a, b, c), a, b, c));
            results.Add(Cpu(runner, CpuTensors, n, () => VectorAddBaselines.Tensors(a, b, c), a, b, c));
        }

        foreach (int n in sizes)
        {
            (float[] a, float[] b) = Inputs(n);
            results.AddRange(Device(runner, n, a, b, timing, stream));
        }

        List<string> notes = [.. variants.Select(v => $"{v.Column}: {v.Description}.")];
        notes.Add($"CPU baselines skip a size when one run there would take over {budgetSeconds:F0} s, predicted from the " +
            "size before; a run over 1 s is timed once, shorter ones are batched into samples of at least 1 ms, median of 7 (3 over 100 ms).");
        if (!_onGpu)
        {
            notes.Add($"No CUDA device: the GPU columns need a CUDA GPU. Here the kernel ran on the CPU backend up to n = " +
                $"{CpuBackendLimit:N0}, which checks it but says nothing about GPU speed.");
        }

        return new BenchmarkResults("vector-add", Title, SizeName, variants, sizes, results,
            _onGpu ? gpu.Device.Name : "the CPU backend (no GPU)", notes);
    }

    private static (float[] A, float[] B) Inputs(int n) => (References.RandomFloats(n, seed: n), References.RandomFloats(n, seed: n + 1));

    private static Measurement Cpu(VariantRunner runner, Variant variant, int n, Action work, float[] a, float[] b, float[] c)
    {
        Array.Clear(c);
        return runner.Run(variant, n, predicted => CpuTiming.Measure(work, predicted), () => References.VectorSumIsExact(a, b, c));
    }

    private List<Measurement> Device(VariantRunner runner, int n, float[] a, float[] b, GpuTiming timing, GpuStream stream)
    {
        if (!_onGpu && n > CpuBackendLimit)
        {
            string reason = $"needs a GPU (the CPU backend stops at {CpuBackendLimit:N0})";
            return [runner.Skip(Kernel, n, reason), runner.Skip(WithCopies, n, reason)];
        }

        int repeats = _onGpu ? 20 : 3;
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n);
        int blocks = Math.Max(1, (n + Threads - 1) / Threads / 4);
        void Launch(GpuStream? on) => VectorKernels.Launch(blocks, Threads, 0, on).AddFour(da, db, dc);

        dc.Clear();
        Measurement kernel = runner.Run(Kernel, n, _ => timing.Median(() => Launch(null), repeats),
            () => References.VectorSumIsExact(a, b, dc.ToArray()));

        using PinnedBuffer<float> pa = gpu.AllocatePinned<float>(a), pb = gpu.AllocatePinned<float>(b);
        using PinnedBuffer<float> pc = gpu.AllocatePinned<float>(n);
        dc.Clear();
        pc.Span.Clear();
        Measurement copies = runner.Run(WithCopies, n, _ => timing.Median(() =>
        {
            da.CopyFromAsync(pa, stream);
            db.CopyFromAsync(pb, stream);
            Launch(stream);
            dc.CopyToAsync(pc, stream);
        }, _onGpu ? 10 : 3, stream), () => References.VectorSumIsExact(a, b, pc.Span));
        return [kernel, copies];
    }
}
