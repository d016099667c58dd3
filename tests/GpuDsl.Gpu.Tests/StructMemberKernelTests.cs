using System.Runtime.CompilerServices;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Methods, properties, operators and conversions of user structs, translated as device functions: on the CUDA device
/// and on the CPU backend, each element compared with the same C# run here, bit for bit.
/// </summary>
public sealed class StructMemberKernelTests(CudaDeviceFixture cuda)
{
    public static TheoryData<string> Backends => new() { "cuda", "cpu" };

    private static readonly Lazy<GpuContext> CpuBackend = new(() => GpuContext.Create(GpuBackend.Cpu));

    [Fact]
    public void The_structs_have_the_layout_the_generated_CUDA_asserts()
    {
        Assert.Equal(8, Unsafe.SizeOf<Complex>());
        Assert.Equal(12, Unsafe.SizeOf<RunningStats>());
        RunningStats s = default;
        s.Add(3f);
        // Fields in declaration order (the sum, Max, then Count's backing field), as the CUDA struct declares them.
        ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<RunningStats>(in s));
        Assert.Equal((3f, 3f, 1), (BitConverter.ToSingle(bytes[..4]), BitConverter.ToSingle(bytes[4..8]), BitConverter.ToInt32(bytes[8..])));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Operators_properties_methods_and_conversions_of_a_readonly_struct_compute_as_in_CSharp(string backend)
    {
        GpuContext gpu = Context(backend);
        Random random = new(15);
        Complex[] c = Enumerable.Range(0, 1000).Select(_ => new Complex(random.NextSingle() * 3f - 2f, random.NextSingle() * 3f - 1.5f)).ToArray();
        c[0] = new Complex(-0.5f, 0f); // the expected values of one element are ones we can reason about too
        using DeviceBuffer<Complex> dc = gpu.Allocate<Complex>(c);
        using DeviceBuffer<Complex> dz = gpu.Allocate<Complex>(c.Length);
        using DeviceBuffer<int> steps = gpu.Allocate<int>(c.Length);

        StructMemberKernels.Launch((c.Length + 127) / 128, 128).Iterate(dc, dz, steps, 50);

        Complex[] z = dz.ToArray();
        int[] k = steps.ToArray();
        for (int i = 0; i < c.Length; i++)
        {
            (Complex expectedZ, int expectedSteps) = Iterate(c[i], 50);
            Assert.True(Bits(expectedZ) == Bits(z[i]), $"element {i}: ({z[i].Re}, {z[i].Im}) vs ({expectedZ.Re}, {expectedZ.Im})");
            Assert.Equal(expectedSteps, k[i]);
        }

        Assert.Equal(50, k[0]); // -0.5 is inside the set: all 50 iterations
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Mutating_methods_and_property_setters_change_the_variable_and_the_span_element_in_place(string backend)
    {
        GpuContext gpu = Context(backend);
        const int threads = 300, perThread = 7;
        Random random = new(16);
        float[] x = Enumerable.Range(0, threads * perThread).Select(_ => random.NextSingle() * 10f - 3f).ToArray();
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x);
        using DeviceBuffer<RunningStats> stats = gpu.Allocate<RunningStats>(threads);
        using DeviceBuffer<float> o = gpu.Allocate<float>(threads);

        StructMemberKernels.Launch((threads + 63) / 64, 64).Gather(dx, stats, o, perThread);

        RunningStats[] actualStats = stats.ToArray();
        float[] actualO = o.ToArray();
        for (int i = 0; i < threads; i++)
        {
            (RunningStats expected, float expectedO) = Gather(x.AsSpan(i * perThread, perThread));
            RunningStats a = actualStats[i];
            Assert.Equal((expected.Sum, expected.Max, expected.Count), (a.Sum, a.Max, a.Count));
            Assert.Equal(BitConverter.SingleToInt32Bits(expectedO), BitConverter.SingleToInt32Bits(actualO[i]));
        }
    }

    /// <summary>The kernel's work for one element, as plain C#.</summary>
    private static (Complex Z, int Steps) Iterate(Complex c, int iterations)
    {
        Complex value = Complex.Zero;
        int k = 0;
        for (; k < iterations && value.MagnitudeSquared <= 4f; k++) value = value * value + c;
        Complex mirrored = -value.Conjugate();
        mirrored += 0.5f;
        return (mirrored != value ? mirrored : (Complex)1f, k + (int)(float)c);
    }

    /// <summary>The kernel's work for one thread, as plain C#.</summary>
    private static (RunningStats Stats, float O) Gather(ReadOnlySpan<float> x)
    {
        RunningStats s = default;
        foreach (float v in x) s.Add(v);
        s.Sum = s.Sum * 2f;
        ++s;
        RunningStats element = s;
        element.Add(-1f);
        float ratio = s.Mean / (s.Max == 0f ? 1f : s.Max);
        return (element, ratio + element.Scaled(0.5f) + default(RunningStats).Mean);
    }

    private static (int, int) Bits(Complex z) => (BitConverter.SingleToInt32Bits(z.Re), BitConverter.SingleToInt32Bits(z.Im));

    private GpuContext Context(string backend) => backend == "cuda" ? cuda.RequireCompiler() : CpuBackend.Value;
}
