using GpuDsl;
using MatMul;
using Samples;

// Multiplies n x n float matrices with four C# kernels, checks each against a double-precision CPU reference on a
// sample of elements, and prints the kernel time (median of 10 after a warm-up, CUDA events) and GFLOP/s.
// Usage: MatMul [n ...]   (default 1024 2048 4096 on a GPU, 128 on the CPU backend, where blocks that synchronize are slow)
using GpuContext gpu = GpuContext.Create();
bool onGpu = gpu.Backend == GpuBackend.Cuda;
Console.WriteLine(onGpu ? $"Device: {gpu.Device}" : $"No CUDA device ({gpu.FallbackReason}); running on the CPU backend.");
int[] sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : onGpu ? [1024, 2048, 4096] : [128];
bool allCorrect = true;

foreach (int n in sizes)
{
    Random random = new(n);
    float[] a = new float[n * n], b = new float[n * n];
    for (int i = 0; i < a.Length; i++) { a[i] = random.NextSingle() - 0.5f; b[i] = random.NextSingle() - 0.5f; }
    using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n * n);

    Run("naive", () => MatMulKernels.Launch(new Dim3((n + 15) / 16, (n + 15) / 16), new Dim3(16, 16)).Naive(da, db, dc, n));
    Run("tiled", () => MatMulKernels.Launch(new Dim3((n + 31) / 32, (n + 31) / 32), new Dim3(32, 32)).Tiled(da, db, dc, n));
    if (n % MatMulKernels.BlockM == 0)
    {
        Dim3 blocks = new(n / MatMulKernels.BlockN, n / MatMulKernels.BlockM);
        Run("blocked", () => MatMulKernels.Launch(blocks, MatMulKernels.BlockedThreads).Blocked(da, db, dc, n));
        Run("vector", () => MatMulKernels.Launch(blocks, MatMulKernels.BlockedThreads).Vectorized(da, db, dc, n));
    }

    void Run(string kernel, Action launch)
    {
        dc.Clear();
        double ms = EventTiming.MedianMilliseconds(gpu, launch, repeats: onGpu ? 10 : 1);
        float[] c = dc.ToArray();
        double worst = 0;
        for (int s = 0; s < 64; s++)
        {
            int i = random.Next(n), j = random.Next(n);
            double expected = 0;
            for (int k = 0; k < n; k++) expected += (double)a[i * n + k] * b[k * n + j];
            worst = Math.Max(worst, Math.Abs(expected - c[i * n + j]));
        }

        bool ok = worst <= 1e-5 * n;
        allCorrect &= ok;
        double gflops = 2.0 * n * n * n / (ms * 1e6);
        Console.WriteLine($"{kernel,-8} n={n,5}  {ms,9:F3} ms  {gflops,8:F0} GFLOP/s  max error {worst:E1} {(ok ? "ok" : "WRONG")}");
        Console.WriteLine($"RESULT kernel={kernel} n={n} ms={ms:F4} gflops={gflops:F1} ok={ok}");
    }
}

return allCorrect ? 0 : 1;
