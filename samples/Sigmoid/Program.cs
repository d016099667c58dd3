using GpuDsl;
using Sigmoid;

// Applies a [Device] sigmoid to a large vector and checks it against MathF on the CPU.
int n = args.Length > 0 ? int.Parse(args[0]) : 1 << 24;
using GpuContext gpu = GpuContext.Create();
Console.WriteLine(gpu.FallbackReason is null ? $"Device: {gpu.Device}" : $"No CUDA device ({gpu.FallbackReason}); running on the CPU backend.");

Random random = new(3);
float[] x = new float[n];
for (int i = 0; i < n; i++) x[i] = (random.NextSingle() - 0.5f) * 20f;
using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(n);
using GpuEvent start = gpu.CreateEvent(), stop = gpu.CreateEvent();
start.Record();
SigmoidKernels.Launch((n + 255) / 256, 256).Apply(dx, dy);
stop.Record();
stop.Synchronize();

float[] y = dy.ToArray();
double worst = 0;
for (int i = 0; i < n; i++) worst = Math.Max(worst, Math.Abs(y[i] - 1.0 / (1.0 + Math.Exp(-x[i]))));
bool ok = worst < 1e-6;
Console.WriteLine($"sigmoid over {n:N0} floats: max error {worst:E2} against double precision ({(ok ? "ok" : "TOO LARGE")}), kernel {stop.ElapsedMillisecondsSince(start):F3} ms");
return ok ? 0 : 1;
