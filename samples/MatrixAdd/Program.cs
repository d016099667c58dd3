using GpuDsl;
using MatrixAdd;
using Samples;

// Adds two rows x cols matrices with 16 x 16 blocks on a 2D grid and checks every element.
int rows = args.Length > 0 ? int.Parse(args[0]) : 4000;
int cols = args.Length > 1 ? int.Parse(args[1]) : 3000;
using GpuContext gpu = GpuContext.Create();
Console.WriteLine(gpu.FallbackReason is null ? $"Device: {gpu.Device}" : $"No CUDA device ({gpu.FallbackReason}); running on the CPU backend.");

Random random = new(7);
float[] a = new float[rows * cols], b = new float[rows * cols];
for (int i = 0; i < a.Length; i++) { a[i] = random.NextSingle(); b[i] = random.NextSingle(); }

using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(a.Length);
Dim3 block = new(16, 16);
Dim3 grid = new((cols + block.X - 1) / block.X, (rows + block.Y - 1) / block.Y);
DeviceSpan2D<float> ma = da.AsSpan2D(rows, cols), mb = db.AsSpan2D(rows, cols), mc = dc.AsSpan2D(rows, cols);
double kernelMs = EventTiming.MedianMilliseconds(gpu, () => MatrixKernels.Launch(grid, block).Add(ma, mb, mc), repeats: 20);

float[] c = dc.ToArray();
int wrong = 0;
for (int i = 0; i < c.Length; i++) if (c[i] != a[i] + b[i]) wrong++;
Console.WriteLine($"grid {grid} x block {block} over a {rows} x {cols} matrix: {(wrong == 0 ? "all correct" : $"{wrong:N0} WRONG")}, " +
    $"kernel {kernelMs:F3} ms (median of 20 after a warm-up), {3.0 * sizeof(float) * a.Length / (kernelMs * 1e6):F0} GB/s");
return wrong == 0 ? 0 : 1;
