namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Pointer-style spans, ref locals and per-thread arrays (<see cref="PointerSpanKernels"/>) on the CUDA device and on
/// the CPU backend, each against the same kernel run as plain C#; the host side's Cast, Slice(start), buffer-inferred
/// generic launches and the read-only/writable overlap check.
/// </summary>
public sealed class PointerSpanKernelTests(Backends backends)
{
    [Theory, BackendData]
    public void A_span_walked_forward_with_Slice_sums_each_window_as_CSharp_does(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 1000, width = 7;
        float[] input = Enumerable.Range(0, n + width).Select(i => (i % 13) * 0.5f).ToArray();
        using DeviceBuffer<float> dInput = gpu.Allocate<float>(input), dSums = gpu.Allocate<float>(n);

        PointerSpanKernels.Launch((n + 127) / 128, 128).WindowSums(dInput, dSums, width);

        float[] expected = new float[n];
        for (int i = 0; i < n; i++)
        {
            float total = 0f;
            for (int k = 0; k < width; k++) total += input[i + k];
            float sum = 0f;
            for (int k = 0; k < width; k++) sum += input[i + k];
            expected[i] = total + sum - sum;
        }

        Assert.Equal(expected, dSums.ToArray());
    }

    [Theory, BackendData]
    public void Per_thread_arrays_ref_locals_and_chosen_spans_compute_what_CSharp_computes(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 500;
        float[] a = Enumerable.Range(0, n + 3).Select(i => i * 0.25f).ToArray();
        float[] b = Enumerable.Range(0, n + 3).Select(i => 100f - i * 0.5f).ToArray();
        Point[] points = Enumerable.Range(0, n).Select(i => new Point { X = i, Y = -i }).ToArray();
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dOut = gpu.Allocate<float>(n);
        using DeviceBuffer<Point> dPoints = gpu.Allocate<Point>(points);

        PointerSpanKernels.Launch((n + 63) / 64, 64).Filters(da, db, dOut, dPoints);

        // The same kernel as plain C#, one thread at a time.
        float[] expectedOut = new float[n];
        Point[] expectedPoints = (Point[])points.Clone();
        for (int i = 0; i < n; i++)
        {
            float[] source = i % 2 == 0 ? a : b;
            float[] taps = [0.25f, 0.5f, 0.25f];
            float[] squares = new float[4];
            for (int k = 0; k < 3; k++) squares[k] = source[i + k] * source[i + k];
            float value = 0f;
            for (int k = 0; k < 3; k++) value += taps[k] * source[i + k];
            foreach (float s in squares) value += s;
            float[] summed = i % 3 == 0 ? taps : squares;
            float sum = 0f;
            foreach (float s in summed) sum += s;
            expectedOut[i] = value + sum;
            expectedPoints[i].X += expectedOut[i];
            expectedPoints[i].Y = 1 + expectedPoints[i].X;
        }

        Assert.Equal(expectedOut, dOut.ToArray());
        Assert.Equal(expectedPoints, dPoints.ToArray());
    }

    [Theory, BackendData]
    public void A_uint_buffer_cast_to_16_byte_elements_is_updated_four_values_at_a_time(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        uint[] values = Enumerable.Range(0, 4 * 300 + 2).Select(i => (uint)i * 3u).ToArray();
        using DeviceBuffer<uint> buffer = gpu.Allocate<uint>(values);
        DeviceSpan<UInt4> quads = buffer.Slice(4).Cast<UInt4>();
        Assert.Equal(299, quads.Length); // (1,202 - 4) * 4 bytes / 16, the partial last quad left out

        PointerSpanKernels.Launch(3, 128).AddToQuads(quads, 5u);

        uint[] result = buffer.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            uint expected = i >= 4 && i < 4 + 4 * 299 ? values[i] + 5u : values[i];
            Assert.True(result[i] == expected, $"element {i} is {result[i]}, expected {expected}");
        }

        Assert.Equal(result.AsSpan(4, 4 * 299).ToArray(), System.Runtime.InteropServices.MemoryMarshal.Cast<UInt4, uint>(quads.ToArray()).ToArray());
    }

    [Theory, BackendData]
    public void A_generic_kernel_infers_T_from_whole_buffers(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        double[] values = Enumerable.Range(0, 300).Select(i => i / 7.0).ToArray();
        using DeviceBuffer<double> source = gpu.Allocate<double>(values), destination = gpu.Allocate<double>(values.Length);

        PointerSpanKernels.Launch(3, 128).CopyOf(source, destination);

        Assert.Equal(values, destination.ToArray());
    }

    [Theory, BackendData]
    public void Passing_one_buffer_as_a_read_only_and_a_writable_argument_is_refused_before_anything_runs(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        float[] values = Enumerable.Range(0, 64).Select(i => (float)i).ToArray();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(values);

        ArgumentException e = Assert.Throws<ArgumentException>(() =>
            PointerSpanKernels.Launch(1, 64).WindowSums(buffer.Slice(0, 40), buffer.Slice(32), 4));

        Assert.Contains("PointerSpanKernels.WindowSums", e.Message);
        Assert.Contains("'input' and the writable argument 'sums' overlap", e.Message);
        Assert.Contains("32 bytes", e.Message);
        Assert.Equal("sums", e.ParamName);
        Assert.Equal(values, buffer.ToArray()); // nothing ran

        // Neighbouring slices of one buffer do not overlap.
        PointerSpanKernels.Launch(1, 64).WindowSums(buffer.Slice(0, 32), buffer.Slice(32, 28), 4);
    }

    [Theory, BackendData]
    public void A_Laplacian_over_a_pitched_3D_volume_matches_CSharp_and_leaves_the_border_and_padding_alone(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int slices = 6, rows = 9, columns = 13, pitch = 16;
        int length = (slices * rows - 1) * pitch + columns;
        float[] u = Enumerable.Range(0, length).Select(i => (i * 37 % 101) * 0.125f).ToArray();
        using DeviceBuffer<float> du = gpu.Allocate<float>(u), dResult = gpu.Allocate<float>(length);
        dResult.CopyFrom(Enumerable.Repeat(-1f, length).ToArray());

        VolumeKernels.Launch(new Dim3(2, 2, 2), new Dim3(8, 8, 4))
            .Laplacian(du.AsSpan3D(slices, rows, columns, pitch), dResult.AsSpan3D(slices, rows, columns, pitch));

        float[] result = dResult.ToArray();
        float At(int z, int y, int x) => u[(z * rows + y) * pitch + x];
        for (int i = 0; i < length; i++)
        {
            int x = i % pitch, y = i / pitch % rows, z = i / pitch / rows;
            bool inside = x >= 1 && y >= 1 && z >= 1 && x < columns - 1 && y < rows - 1 && z < slices - 1;
            float expected = inside
                ? At(z - 1, y, x) + At(z + 1, y, x) + At(z, y - 1, x) + At(z, y + 1, x) + At(z, y, x - 1) + At(z, y, x + 1) - 6f * At(z, y, x)
                : -1f;
            Assert.True(result[i] == expected, $"({z}, {y}, {x}) is {result[i]}, expected {expected}");
        }
    }

    [Fact]
    public void A_3D_slice_out_of_range_fails_the_CPU_launch_naming_the_slice_and_the_slices()
    {
        using DeviceBuffer<float> u = backends.Get(Backends.Cpu).Allocate<float>(2 * 3 * 4), output = backends.Get(Backends.Cpu).Allocate<float>(1);

        KernelExecutionException e = Assert.Throws<KernelExecutionException>(() =>
            VolumeKernels.Launch(1, 1).ReadSlice(u.AsSpan3D(2, 3, 4), output, 2));

        KernelIndexOutOfRangeException inner = Assert.IsType<KernelIndexOutOfRangeException>(e.InnerException);
        Assert.Equal(VolumeKernels.ReadSliceLine, inner.Line);
        Assert.Contains("slice 2 is out of range for a 3D span of 2 slices", inner.Message);
    }
}
