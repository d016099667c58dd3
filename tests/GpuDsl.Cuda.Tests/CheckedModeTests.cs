namespace GpuDsl.Cuda.Tests;

[CollectionDefinition(nameof(CheckedModeCollection), DisableParallelization = true)]
public sealed class CheckedModeCollection;

/// <summary>
/// Checked mode on the device: an out-of-range span index is reported as a <see cref="KernelIndexOutOfRangeException"/>
/// at the next synchronization (at the launch under GPUDSL_SYNC_LAUNCHES=1), and the context stays usable.
/// </summary>
/// <remarks>
/// The fault is the context's: any test synchronizing the shared context while this one's faulty kernel ran would be
/// handed it, so these tests run alone.
/// </remarks>
[Collection(nameof(CheckedModeCollection))]
public sealed class CheckedModeTests(Backends backends)
{
    private const int N = 1000;

    [CudaFact]
    public void Reading_one_past_the_end_is_reported_at_Synchronize_with_index_length_block_and_thread_and_the_context_stays_usable()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> a = gpu.Allocate<float>(Enumerable.Range(0, N).Select(i => (float)i).ToArray());
        using DeviceBuffer<float> b = gpu.Allocate<float>(N);

        KernelIndexOutOfRangeException e = Assert.Throws<KernelIndexOutOfRangeException>(() =>
        {
            CheckedKernels.Launch((N + 255) / 256, 256).ShiftLeft(a, b);
            gpu.Synchronize();
        });

        Assert.Equal("CheckedKernels.ShiftLeft", e.Kernel);
        Assert.Equal("CheckedKernels.cs", e.File);
        Assert.Equal(CheckedKernels.ReadLine, e.Line);
        Assert.Equal(N, e.Index);
        Assert.Equal(N, e.Length);
        Assert.Equal(new Dim3(3, 0, 0), e.BlockIdx);
        Assert.Equal(new Dim3(N - 1 - 3 * 256, 0, 0), e.ThreadIdx);
        Assert.Equal(
            $"Kernel CheckedKernels.ShiftLeft, CheckedKernels.cs line {CheckedKernels.ReadLine}: index 1000 is out of range for a span of length 1000 " +
            "(block (3, 0, 0), thread (231, 0, 0)).",
            e.Message);

        // Reported once, and the context still works: a correct launch runs and synchronizes cleanly.
        gpu.Synchronize();
        CheckedKernels.Launch((N + 255) / 256, 256).ShiftLeft(a, b.Slice(0, N - 1));
        float[] shifted = b.ToArray();
        Assert.Equal(Enumerable.Range(1, N - 1).Select(i => (float)i), shifted.Take(N - 1));
    }

    [CudaFact]
    public void A_copy_to_the_host_after_an_out_of_range_index_reports_it()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> a = gpu.Allocate<float>(N);
        using DeviceBuffer<float> b = gpu.Allocate<float>(N);

        KernelIndexOutOfRangeException e = Assert.Throws<KernelIndexOutOfRangeException>(() =>
        {
            CheckedKernels.Launch((N + 255) / 256, 256).ShiftLeft(a, b);
            _ = b.ToArray();
        });

        Assert.Equal(N, e.Index);
        gpu.Synchronize();
    }

    [CudaFact]
    public void A_2D_column_past_the_columns_but_inside_the_pitch_is_reported_as_a_column()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        const int rows = 8, cols = 16, pitch = 32;
        using DeviceBuffer<float> a = gpu.Allocate<float>(rows * pitch), b = gpu.Allocate<float>(rows * pitch);

        KernelIndexOutOfRangeException e = Assert.Throws<KernelIndexOutOfRangeException>(() =>
        {
            CheckedKernels.Launch(1, new Dim3(cols, rows)).ShiftLeft2D(a.AsSpan2D(rows, cols, pitch), b.AsSpan2D(rows, cols, pitch));
            gpu.Synchronize();
        });

        Assert.Equal((CheckedKernels.Read2DLine, cols, cols), (e.Line, e.Index, e.Length));
        Assert.Equal(cols - 1, e.ThreadIdx.X); // The last thread of whichever row got there first.
        Assert.StartsWith(
            $"Kernel CheckedKernels.ShiftLeft2D, CheckedKernels.cs line {CheckedKernels.Read2DLine}: column 16 is out of range for a 2D span of 16 columns",
            e.Message);
        gpu.Synchronize();
    }
}
