using System.Diagnostics;
using GpuDsl;
using VectorAdd;
using Samples;

// Adds two vectors of 2^24 floats (or the count given as the first argument) on the GPU, checks every element on the
// CPU, and prints each kernel's bandwidth (bytes read plus written) beside a device-to-device copy in the same run.
int n = args.Length > 0 ? int.Parse(args[0]) : 1 << 24;
const int Repeats = 20; // timed runs of each kernel and of the copy
using GpuContext gpu = GpuContext.Create();
Console.WriteLine(gpu.FallbackReason is null
    ? $"Device: {gpu.Device}"
    : $"No CUDA device ({gpu.FallbackReason}); running on the CPU backend.");

float[] a = new float[n], b = new float[n], c = new float[n];
Random random = new(42);
for (int i = 0; i < n; i++)
{
    a[i] = random.NextSingle();
    b[i] = random.NextSingle();
}

Stopwatch clock = Stopwatch.StartNew();
using DeviceBuffer<float> da = gpu.Allocate<float>(a);
using DeviceBuffer<float> db = gpu.Allocate<float>(b);
using DeviceBuffer<float> dc = gpu.Allocate<float>(n);
gpu.Synchronize();
double uploadMs = clock.Elapsed.TotalMilliseconds;

// The thread hierarchy: blocks of 256 threads, enough blocks to cover n.
int threads = 256;
int blocks = (n + threads - 1) / threads;
double kernelMs = EventTiming.MedianMilliseconds(gpu, () => VectorKernels.Launch(blocks, threads).Add(da, db, dc), Repeats);

clock.Restart();
dc.CopyTo(c);
double downloadMs = clock.Elapsed.TotalMilliseconds;
int wrong = Wrong();

// Four elements per thread: a quarter of the blocks.
dc.Clear();
double fourMs = EventTiming.MedianMilliseconds(gpu, () => VectorKernels.Launch(Math.Max(1, blocks / 4), threads).AddFour(da, db, dc), Repeats);
dc.CopyTo(c);
wrong += Wrong();

// Four floats per load and store, through Vector4 views of the same buffers.
dc.Clear();
double vectorMs = EventTiming.MedianMilliseconds(gpu, () => VectorKernels.Launch(Math.Max(1, blocks / 4), threads).AddVectors(da, db, dc), Repeats);
dc.CopyTo(c);
wrong += Wrong();

// The reference: a device-to-device copy of n floats moves the bytes of two of the kernel's three streams.
using DeviceBuffer<float> copy = gpu.Allocate<float>(n);
double copyMs = EventTiming.MedianMilliseconds(gpu, () => da.CopyTo(copy), Repeats);
double copyGBs = 2.0 * n * sizeof(float) / (copyMs * 1e6);

Console.WriteLine($"c = a + b over {n:N0} floats: {(wrong == 0 ? "all correct" : $"{wrong:N0} WRONG")}");
Report("Add", kernelMs, "one element per thread, <<<(n + 255) / 256, 256>>>");
Report("AddFour", fourMs, "four elements per thread");
Report("AddVectors", vectorMs, "a Vector4 (16 bytes) per load and store");
Console.WriteLine($"{"d2d copy",-10} {copyMs,9:F3} ms  {copyGBs,8:F1} GB/s  (the reference, median of 20)");
Console.WriteLine($"upload     {uploadMs,9:F3} ms  (2 x {n * 4L / 1e6:F0} MB, host to device, pageable)");
Console.WriteLine($"download   {downloadMs,9:F3} ms  ({n * 4L / 1e6:F0} MB, device to host, pageable)");

// A launch that breaks a device limit fails before anything runs, naming the limit and the value. The size here is a
// variable, as sizes computed at run time are: written as the constant <<<1, 500000>>>, the launch would not even
// build, because GPU0028 reports a constant grid or block beyond CUDA's limits at compile time.
int oversized = 500_000;
try
{
    VectorKernels.Launch(1, oversized).Add(da, db, dc);
}
catch (InvalidLaunchException e)
{
    Console.WriteLine($"<<<1, 500000>>> is refused: {e.Message}");
}

return wrong == 0 ? 0 : 1;

int Wrong()
{
    int count = 0;
    for (int i = 0; i < n; i++)
    {
        if (c[i] != a[i] + b[i]) count++;
    }

    return count;
}

void Report(string kernel, double ms, string how)
{
    double gbs = 3.0 * n * sizeof(float) / (ms * 1e6);
    Console.WriteLine($"{kernel,-10} {ms,9:F3} ms  {gbs,8:F1} GB/s  {100 * gbs / copyGBs,5:F1}% of copy bandwidth ({how}; median of 20, CUDA events)");
    Console.WriteLine($"RESULT kernel={kernel} n={n} ms={ms:F4} gbs={gbs:F1} copy_gbs={copyGBs:F1} ratio={gbs / copyGBs:F3}");
}
