using GpuDsl;

float[] hostA = [1, 2, 3, 4], hostB = [10, 20, 30, 40];
int n = hostA.Length;

using GpuContext gpu = GpuContext.Create();             // CUDA device 0, or the CPU backend
using DeviceBuffer<float> a = gpu.Allocate<float>(hostA), b = gpu.Allocate<float>(hostB), c = gpu.Allocate<float>(n);
VectorKernels.Launch((n + 255) / 256, 256).Add(a, b, c); // <<<blocks, threads>>>
float[] result = c.ToArray();
Console.WriteLine(string.Join(", ", result));            // 11, 22, 33, 44

public static partial class VectorKernels
{
    [Kernel]
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < c.Length) c[i] = a[i] + b[i];
    }
}
