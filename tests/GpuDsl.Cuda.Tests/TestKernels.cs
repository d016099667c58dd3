using System.Runtime.InteropServices;

namespace GpuDsl.Cuda.Tests;

/// <summary>Hand-written modules standing in for generated ones, and the argument packing generated code would do.</summary>
internal static class TestKernels
{
    public static readonly GpuModule FillModule = new("Test.FillKernels", """
        extern "C" __global__ void fill(float* p, int n, float v){int i=blockIdx.x*blockDim.x+threadIdx.x; if(i<n) p[i]=v;}
        """);

    public static readonly KernelDescriptor Fill = new(FillModule, "fill", "Test.Fill", false, parameterCount: 3);

    // Copies p through dynamic shared memory, so a launch proves the shared memory it asked for was there.
    public static readonly GpuModule SharedModule = new("Test.SharedKernels", """
        extern "C" __global__ void through_shared(float* p, int n)
        {
            extern __shared__ float s[];
            for (int i = threadIdx.x; i < n; i += blockDim.x) s[i] = p[i] + 1.0f;
            __syncthreads();
            for (int i = threadIdx.x; i < n; i += blockDim.x) p[i] = s[i];
        }
        """);

    public static readonly KernelDescriptor ThroughShared = new(SharedModule, "through_shared", "Test.ThroughShared", true, parameterCount: 2);

    public static readonly GpuModule AddModule = new("Test.AddKernels", """
        extern "C" __global__ void add(float* p, int n, float v){int i=blockIdx.x*blockDim.x+threadIdx.x; if(i<n) p[i]+=v;}
        """);

    public static readonly KernelDescriptor Add = new(AddModule, "add", "Test.Add", false, parameterCount: 3);

    /// <summary>Launches <c>fill(p, n, v)</c>, packing the arguments at offsets 0, 8 and 12.</summary>
    public static void LaunchFill(CudaContext gpu, in LaunchConfig config, DeviceBuffer<float> buffer, int n, float value)
    {
        Span<byte> arguments = stackalloc byte[16];
        MemoryMarshal.Write(arguments, buffer.AsSpan().GetArgumentAddress(gpu, Fill, "p"));
        MemoryMarshal.Write(arguments[8..], n);
        MemoryMarshal.Write(arguments[12..], value);
        gpu.Launch(Fill, config, arguments);
    }

    /// <summary>Launches <c>through_shared(p, n)</c> with <c>n</c> floats of dynamic shared memory.</summary>
    public static void LaunchThroughShared(CudaContext gpu, DeviceBuffer<float> buffer)
    {
        Span<byte> arguments = stackalloc byte[12];
        MemoryMarshal.Write(arguments, buffer.AsSpan().GetArgumentAddress(gpu, ThroughShared, "p"));
        MemoryMarshal.Write(arguments[8..], buffer.Length);
        gpu.Launch(ThroughShared, new LaunchConfig(1, 256, buffer.Length * sizeof(float)), arguments);
    }

    /// <summary>Launches <c>add(p, n, v)</c> (<c>p[i] += v</c>), or the same signature's <paramref name="kernel"/>.</summary>
    public static void LaunchAdd(CudaContext gpu, in LaunchConfig config, DeviceSpan<float> buffer, float value, KernelDescriptor? kernel = null)
    {
        kernel ??= Add;
        Span<byte> arguments = stackalloc byte[16];
        MemoryMarshal.Write(arguments, buffer.GetArgumentAddress(gpu, kernel, "p"));
        MemoryMarshal.Write(arguments[8..], buffer.Length);
        MemoryMarshal.Write(arguments[12..], value);
        gpu.Launch(kernel, config, arguments);
    }
}
