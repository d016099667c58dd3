namespace GpuDsl.Cuda.Tests;

/// <summary>
/// NVRTC's <c>--fmad</c>: off unless the module carries the line the generator writes for
/// <c>GpuDslContractFloatingPoint</c>, so a plain <c>a * a - c</c> rounds twice, as C# does.
/// </summary>
public sealed class MathContractionModuleTests(Backends backends)
{
    private const string Body = """
        extern "C" __global__ void mad(float* p, int n, float v) { if (threadIdx.x == 0 && n > 0) p[0] = p[0] * p[0] - v; }
        """;

    [CudaTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_module_is_compiled_with_fmad_only_when_it_asks(bool contracts)
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        string marker = contracts ? "#define GPUDSL_CONTRACT_FLOATING_POINT 1\n" : "";
        KernelDescriptor kernel = new(new GpuModule($"Test.Contraction{contracts}", marker + Body), "mad", $"Test.Mad{contracts}", false, parameterCount: 3);
        // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: rounded, the product is 1 + 2^-11 and the difference 0; fused, it is 2^-24.
        float a = 1f + MathF.Pow(2, -12), c = 1f + MathF.Pow(2, -11);
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(new[] { a });

        TestKernels.LaunchAdd(gpu, new LaunchConfig(1, 32, 0, null), buffer, c, kernel);

        Assert.Equal(contracts ? MathF.Pow(2, -24) : 0f, buffer.ToArray()[0]);
    }
}
