using GpuDsl;
using MatMul;
using MatrixAdd;
using Sigmoid;
using VectorAdd;

namespace Bench;

/// <summary>The samples' kernel modules, and one launch of a kernel of each: what a program does before its first step.</summary>
internal static class SampleModules
{
    /// <summary>
    /// The modules as the generator names them (the class's full name). A <see cref="GpuModule"/> is a record, so each
    /// equals the one in the generated launcher, and preloading it loads the module that launcher uses.
    /// </summary>
    public static GpuModule[] All =>
    [
        Of(typeof(VectorKernels), VectorKernels.CudaSource),
        Of(typeof(MatrixKernels), MatrixKernels.CudaSource),
        Of(typeof(SigmoidKernels), SigmoidKernels.CudaSource),
        Of(typeof(MatMulKernels), MatMulKernels.CudaSource),
        Of(typeof(BenchKernels), BenchKernels.CudaSource),
    ];

    /// <summary>The module of a kernel class, equal to the generated one.</summary>
    public static GpuModule Of(Type kernelClass, string cudaSource) => new(kernelClass.FullName!, cudaSource);

    /// <summary>Launches one kernel of each sample class on 32 x 32 floats and waits for them.</summary>
    public static void LaunchEach(GpuContext gpu)
    {
        const int side = 32, n = side * side;
        using DeviceBuffer<float> a = gpu.Allocate<float>(n), b = gpu.Allocate<float>(n), c = gpu.Allocate<float>(n);
        using DeviceBuffer<int> flag = gpu.Allocate<int>(1);
        VectorKernels.Launch(n / 256, 256).Add(a, b, c);
        MatrixKernels.Launch(1, new Dim3(side, side)).Add(a.AsSpan2D(side, side), b.AsSpan2D(side, side), c.AsSpan2D(side, side));
        SigmoidKernels.Launch(n / 256, 256).Apply(a, c);
        MatMulKernels.Launch(1, new Dim3(side, side)).Naive(a, b, c, side);
        BenchKernels.Launch(1, 32).Touch(flag, 1);
        gpu.Synchronize();
    }
}
