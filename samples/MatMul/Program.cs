using GpuDsl;
using MatMul;
using Samples;

// Multiplies n x n float matrices with C# kernels (four on the CUDA cores in fp32, the rest on the tensor cores: fp16,
// bf16 and TF32 inputs with fp32 accumulation), checks each against a double-precision CPU reference on a sample of elements,
// and prints the kernel time (median of 10 after a warm-up, CUDA events) and GFLOP/s.
// Usage: MatMul [n ...] [kernel ...]   (default 1024 2048 4096 on a GPU, 128 on the CPU backend, where blocks that
// synchronize are slow; kernels: naive tiled blocked vector half half2 half3 half4 half5 bf16 tf32 tf32b tf32c, default all)
// The check allows 1e-5 n for fp32 accumulation, plus, for the tensor-core kernels, the rounding of each input to its
// format: 2 u sum_k |a_ik b_kj| with u = 2^-11 for fp16, 2^-8 for bf16 (both round to nearest) and 2^-10 for TF32
// (the tensor core drops the lower 13 bits of each float).
using GpuContext gpu = GpuContext.Create();
bool onGpu = gpu.Backend == GpuBackend.Cuda;
Console.WriteLine(onGpu ? $"Device: {gpu.Device}" : $"No CUDA device ({gpu.FallbackReason}); running on the CPU backend.");
int[] sizes = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).ToArray();
sizes = sizes.Length > 0 ? sizes : onGpu ? [1024, 2048, 4096] : [128];
string[] chosen = args.Where(a => !int.TryParse(a, out _)).Select(a => a.ToLowerInvariant()).ToArray();
bool allCorrect = true;
// Shared memory a block may use after the opt-in: the deep variants (half4, half5, tf32c) need more than 48 KiB, which
// the CPU backend does not emulate, so there they are skipped.
int maxShared = gpu is GpuDsl.Cuda.CudaContext cuda ? cuda.MaxSharedMemoryPerBlockOptIn : gpu.Device.MaxSharedMemoryPerBlock;

foreach (int n in sizes)
{
    Random random = new(n);
    float[] a = new float[n * n], b = new float[n * n];
    for (int i = 0; i < a.Length; i++) { a[i] = random.NextSingle() - 0.5f; b[i] = random.NextSingle() - 0.5f; }
    using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n * n);

    Run("naive", 0, () => MatMulKernels.Launch(new Dim3((n + 15) / 16, (n + 15) / 16), new Dim3(16, 16)).Naive(da, db, dc, n));
    Run("tiled", 0, () => MatMulKernels.Launch(new Dim3((n + 31) / 32, (n + 31) / 32), new Dim3(32, 32)).Tiled(da, db, dc, n));
    if (n % MatMulKernels.BlockM == 0)
    {
        Dim3 blocks = new(n / MatMulKernels.BlockN, n / MatMulKernels.BlockM);
        Run("blocked", 0, () => MatMulKernels.Launch(blocks, MatMulKernels.BlockedThreads).Blocked(da, db, dc, n));
        Run("vector", 0, () => MatMulKernels.Launch(blocks, MatMulKernels.BlockedThreads).Vectorized(da, db, dc, n));
    }

    if (n % MatMulKernels.TensorBlockM == 0)
    {
        Dim3 blocks = new(n / MatMulKernels.TensorBlockN, n / MatMulKernels.TensorBlockM);
        if (new[] { "half", "half2", "half3", "half4", "half5" }.Any(Chosen))
        {
            using DeviceBuffer<Half> ha = gpu.Allocate(a.Select(v => (Half)v).ToArray()), hb = gpu.Allocate(b.Select(v => (Half)v).ToArray());
            Run("half", Math.ScaleB(1, -11), () => MatMulKernels.Launch(blocks, MatMulKernels.TensorThreads).TensorHalf(ha, hb, dc, n));
            Run("half2", Math.ScaleB(1, -11), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads).TensorHalfWide(ha, hb, dc, n));
            Run("half3", Math.ScaleB(1, -11), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads).TensorHalfSwizzled(ha, hb, dc, n));
            if (MatMulKernels.DeepSharedBytes <= maxShared) Run("half4", Math.ScaleB(1, -11), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads, MatMulKernels.DeepSharedBytes).TensorHalfDeep(ha, hb, dc, n));
            if (n % MatMulKernels.TallBlockM == 0 && MatMulKernels.TallSharedBytes <= maxShared)
            {
                Dim3 tallBlocks = new(n / MatMulKernels.TensorBlockN, n / MatMulKernels.TallBlockM);
                Run("half5", Math.ScaleB(1, -11), () => MatMulKernels.Launch(tallBlocks, MatMulKernels.TallThreads, MatMulKernels.TallSharedBytes).TensorHalfTall(ha, hb, dc, n));
            }
        }

        if (Chosen("bf16"))
        {
            using DeviceBuffer<BFloat16> ba = gpu.Allocate(a.Select(v => (BFloat16)v).ToArray()), bb = gpu.Allocate(b.Select(v => (BFloat16)v).ToArray());
            Run("bf16", Math.ScaleB(1, -8), () => MatMulKernels.Launch(blocks, MatMulKernels.TensorThreads).TensorBFloat16(ba, bb, dc, n));
        }

        Run("tf32", Math.ScaleB(1, -10), () => MatMulKernels.Launch(blocks, MatMulKernels.TensorThreads).TensorTf32(da, db, dc, n));
        Run("tf32b", Math.ScaleB(1, -10), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads).TensorTf32Wide(da, db, dc, n));
        if (MatMulKernels.Tf32DeepSharedBytes <= maxShared) Run("tf32c", Math.ScaleB(1, -10), () => MatMulKernels.Launch(blocks, MatMulKernels.WideThreads, MatMulKernels.Tf32DeepSharedBytes).TensorTf32Deep(da, db, dc, n));
    }

    bool Chosen(string kernel) => chosen.Length == 0 || chosen.Contains(kernel);

    // unit: the relative rounding of each input to the kernel's format (0 for fp32).
    void Run(string kernel, double unit, Action launch)
    {
        if (!Chosen(kernel)) return;
        dc.Clear();
        double ms = EventTiming.MedianMilliseconds(gpu, launch, repeats: onGpu ? 10 : 1);
        float[] c = dc.ToArray();
        double worst = 0, worstAllowed = 0;
        bool ok = true;
        for (int s = 0; s < 64; s++)
        {
            int i = random.Next(n), j = random.Next(n);
            double expected = 0, magnitude = 0;
            for (int k = 0; k < n; k++)
            {
                double product = (double)a[i * n + k] * b[k * n + j];
                expected += product;
                magnitude += Math.Abs(product);
            }

            double error = Math.Abs(expected - c[i * n + j]), allowed = 1e-5 * n + 2 * unit * magnitude;
            ok &= error <= allowed;
            (worst, worstAllowed) = error > worst ? (error, allowed) : (worst, worstAllowed);
        }

        allCorrect &= ok;
        double gflops = 2.0 * n * n * n / (ms * 1e6);
        Console.WriteLine($"{kernel,-8} n={n,5}  {ms,9:F3} ms  {gflops,8:F0} GFLOP/s  max error {worst:E1} (allowed {worstAllowed:E1}) {(ok ? "ok" : "WRONG")}");
        Console.WriteLine($"RESULT kernel={kernel} n={n} ms={ms:F4} gflops={gflops:F1} ok={ok}");
    }
}

return allCorrect ? 0 : 1;
