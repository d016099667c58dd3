using GpuDsl;
using Layer;
using Samples;

// One dense layer, y = sigmoid(x · Wᵀ + b), on a batch: a tiled kernel with a fused bias + sigmoid epilogue, checked
// against double precision on the CPU, timed with CUDA events (median of 10 after a warm-up).
// Usage: Layer [batch inputs outputs]   (default 4096 4096 4096 on a GPU, 128 256 128 on the CPU backend, where blocks that synchronize are slow)
int[] given = args.Select(a => int.TryParse(a, out int n) ? n : 0).ToArray();
if (args.Length is not (0 or 3) || given.Any(n => n < 1))
{
    Console.Error.WriteLine("Usage: Layer [batch inputs outputs]   (three positive sizes)");
    return 2;
}

using GpuContext gpu = GpuContext.Create();
bool onGpu = gpu.Backend == GpuBackend.Cuda;
Console.WriteLine(onGpu ? $"Device: {gpu.Device}" : $"No CUDA device ({gpu.FallbackReason}); running on the CPU backend.");
int[] shape = args.Length == 3 ? given : onGpu ? [4096, 4096, 4096] : [128, 256, 128];
int batch = shape[0], inputs = shape[1], outputs = shape[2];

// nn.Linear's initialisation, W and b uniform in ±1/√inputs, and inputs uniform in ±1: pre-activations of order one,
// where the sigmoid is not saturated and an error in the product shows in the output.
Random random = new(7);
float scale = 1f / MathF.Sqrt(inputs);
float[] x = Uniform(batch * inputs, 1f), w = Uniform(outputs * inputs, scale), b = Uniform(outputs, scale);
using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dw = gpu.Allocate<float>(w), db = gpu.Allocate<float>(b);
using DeviceBuffer<float> dy = gpu.Allocate<float>(batch * outputs);

double ms = EventTiming.MedianMilliseconds(gpu, () => LayerKernels.Launch(LayerKernels.ForwardGrid(batch, outputs), LayerKernels.ForwardBlock)
    .Forward(dx, dw, db, dy, batch, inputs, outputs), repeats: onGpu ? 10 : 3);
float[] y = dy.ToArray();

// Check every element when the double-precision reference is quick, else a random sample of 4096.
long products = (long)batch * inputs * outputs;
bool everyElement = products <= 1L << 27;
int checks = everyElement ? batch * outputs : 4096;
double worstError = 0, worstExcess = double.NegativeInfinity;
for (int s = 0; s < checks; s++)
{
    int i = everyElement ? s / outputs : random.Next(batch), o = everyElement ? s % outputs : random.Next(outputs);
    (double expected, double bound) = Reference(i, o);
    double error = Math.Abs(y[i * outputs + o] - expected);
    worstError = Math.Max(worstError, error);
    worstExcess = Math.Max(worstExcess, error - bound);
}

bool ok = worstExcess <= 0;
double gflops = 2.0 * products / (ms * 1e6);
Console.WriteLine($"y = sigmoid(x · Wᵀ + b): batch {batch}, {inputs} inputs, {outputs} outputs, one fused kernel " +
    $"<<<({LayerKernels.ForwardGrid(batch, outputs).X}, {LayerKernels.ForwardGrid(batch, outputs).Y}), ({LayerKernels.Tile}, {LayerKernels.BlockRows})>>>");
Console.WriteLine($"{ms,9:F3} ms  {gflops,8:G4} GFLOP/s (2·batch·inputs·outputs; median of {(onGpu ? 10 : 3)}, " +
    $"{(onGpu ? "CUDA events" : "CPU backend")})");
Console.WriteLine($"max error {worstError:E1} against double precision over {(everyElement ? "every element" : $"{checks:N0} sampled elements")}: " +
    (ok ? "ok, within the float rounding bound" : "WRONG, beyond the float rounding bound"));
Console.WriteLine($"RESULT kernel=layer batch={batch} inputs={inputs} outputs={outputs} ms={ms:F4} gflops={gflops:F1} ok={ok}");
return ok ? 0 : 1;

float[] Uniform(int length, float limit)
{
    float[] values = new float[length];
    for (int i = 0; i < length; i++) values[i] = (2f * random.NextSingle() - 1f) * limit;
    return values;
}

// The exact output in double precision, and how far a float computation of it may be off: a sum of n float products
// in any order is within n·u·Σ|terms| of the exact sum (u = 2⁻²⁴; n counts the bias), the sigmoid's slope is at most
// 1/4, and the float sigmoid itself adds a few units in the last place, well under 1e-6.
(double Value, double Bound) Reference(int row, int output)
{
    double sum = b[output], magnitude = Math.Abs(b[output]);
    for (int k = 0; k < inputs; k++)
    {
        double term = (double)x[row * inputs + k] * w[output * inputs + k];
        sum += term;
        magnitude += Math.Abs(term);
    }

    double u = Math.ScaleB(1, -24);
    return (1 / (1 + Math.Exp(-sum)), 0.25 * (inputs + 1) * u * magnitude + 1e-6);
}
