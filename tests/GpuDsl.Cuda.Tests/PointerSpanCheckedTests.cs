namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Checked mode over a span assigned again (<c>p = p.Slice(k)</c>): its index is checked against its current length on
/// the device and on the CPU backend, and the report names the line, the index, the length, the block and the thread.
/// </summary>
[Collection(nameof(CheckedModeCollection))]
public sealed class PointerSpanCheckedTests(Backends backends)
{
    private const int N = 64;

    [CudaFact]
    public void An_index_past_a_walked_span_is_reported_on_the_device_against_its_current_length()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> a = gpu.Allocate<float>(Enumerable.Range(0, N).Select(i => (float)i).ToArray());
        using DeviceBuffer<float> b = gpu.Allocate<float>(N);

        KernelIndexOutOfRangeException e = Assert.Throws<KernelIndexOutOfRangeException>(() =>
        {
            PointerSpanKernels.Launch(1, N).WalkOnePastTheEnd(a, b);
            gpu.Synchronize();
        });

        AssertReport(e);
        gpu.Synchronize(); // reported once; the context stays usable
    }

    [Fact]
    public void An_index_past_a_walked_span_fails_the_CPU_launch_with_the_same_report()
    {
        using GpuContext cpu = GpuContext.Create(GpuBackend.Cpu);
        using DeviceBuffer<float> a = cpu.Allocate<float>(Enumerable.Range(0, N).Select(i => (float)i).ToArray());
        using DeviceBuffer<float> b = cpu.Allocate<float>(N);

        KernelExecutionException e = Assert.Throws<KernelExecutionException>(() => PointerSpanKernels.Launch(1, N).WalkOnePastTheEnd(a, b));

        AssertReport(Assert.IsType<KernelIndexOutOfRangeException>(e.InnerException));
    }

    [CudaFact]
    public void A_3D_slice_out_of_range_is_reported_on_the_device_naming_the_slice_and_the_slices()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> u = gpu.Allocate<float>(2 * 3 * 4), output = gpu.Allocate<float>(1);

        KernelIndexOutOfRangeException e = Assert.Throws<KernelIndexOutOfRangeException>(() =>
        {
            VolumeKernels.Launch(1, 1).ReadSlice(u.AsSpan3D(2, 3, 4), output, 2);
            gpu.Synchronize();
        });

        Assert.Equal(VolumeKernels.ReadSliceLine, e.Line);
        Assert.Equal(2, e.Index);
        Assert.Equal(2, e.Length);
        Assert.Contains("slice 2 is out of range for a 3D span of 2 slices", e.Message);
        gpu.Synchronize();
    }

    private static void AssertReport(KernelIndexOutOfRangeException e)
    {
        Assert.Equal("PointerSpanKernels.WalkOnePastTheEnd", e.Kernel);
        Assert.Equal("PointerSpanKernels.cs", e.File);
        Assert.Equal(PointerSpanKernels.WalkReadLine, e.Line);
        Assert.Equal(1, e.Index);
        Assert.Equal(1, e.Length);
        Assert.Equal(new Dim3(0, 0, 0), e.BlockIdx);
        Assert.Equal(new Dim3(5, 0, 0), e.ThreadIdx);
    }
}
