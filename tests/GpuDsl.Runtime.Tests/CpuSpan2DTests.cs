using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary>2D kernels on the CPU backend: DeviceSpan2D arguments, pitched layouts, and what an out-of-range index reports.</summary>
public sealed class CpuSpan2DTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(30, 20, 20)]
    [InlineData(37, 19, 32)]
    [InlineData(5, 100, 101)]
    public void Matrix_add_over_pitched_views_adds_every_element_and_leaves_the_padding_alone(int rows, int columns, int pitch)
    {
        int length = rows * pitch;
        float[] a = [.. Enumerable.Range(0, length).Select(i => (float)i)];
        float[] b = [.. Enumerable.Range(0, length).Select(i => 0.25f * i)];
        using DeviceBuffer<float> da = _context.Allocate<float>(a), db = _context.Allocate<float>(b), dc = _context.Allocate<float>(length);
        dc.CopyFrom(Enumerable.Repeat(-7f, length).ToArray());
        Dim3 block = new(8, 8), grid = new((columns + 7) / 8, (rows + 7) / 8);

        Span2DKernels.Launch(grid, block).MatrixAdd2D(da.AsSpan2D(rows, columns, pitch), db.AsSpan2D(rows, columns, pitch), dc.AsSpan2D(rows, columns, pitch));

        float[] c = dc.ToArray();
        for (int i = 0; i < length; i++)
        {
            float expected = i % pitch < columns ? a[i] + b[i] : -7f;
            Assert.True(c[i] == expected, $"c[{i / pitch}, {i % pitch}] is {c[i]}, expected {expected}");
        }
    }

    [Theory]
    [InlineData(4, 0, "Row 4 is out of range for a 2D span of 4 rows.")]
    [InlineData(0, 3, "Column 3 is out of range for a 2D span of 3 columns.")]
    public void Out_of_range_index_fails_the_launch_with_the_row_or_column_and_its_bound(int row, int column, string message)
    {
        using DeviceBuffer<int> m = _context.Allocate<int>(16);
        using DeviceBuffer<int> result = _context.Allocate<int>(1);

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(Span2DKernels.ReadCellKernel, new LaunchConfig(1, 1), m.Context,
                new ReadCellBody(m.AsSpan2D(4, 3, 4), result, row, column, isChecked: false)));

        IndexOutOfRangeException inner = Assert.IsType<IndexOutOfRangeException>(error.InnerException);
        Assert.Equal(message, inner.Message);
        Assert.Equal("Tests.ReadCell", error.Kernel);
    }

    [Theory]
    [InlineData(4, 0, "row 4 is out of range for a 2D span of 4 rows")]
    [InlineData(2, -1, "column -1 is out of range for a 2D span of 3 columns")]
    public void Out_of_range_index_in_a_checked_kernel_names_the_row_or_column_the_line_and_the_thread(int row, int column, string what)
    {
        using DeviceBuffer<int> m = _context.Allocate<int>(16);
        using DeviceBuffer<int> result = _context.Allocate<int>(1);

        KernelExecutionException error = Assert.Throws<KernelExecutionException>(() =>
            CpuLauncher.Launch(Span2DKernels.ReadCellKernel, new LaunchConfig(1, 1), m.Context,
                new ReadCellBody(m.AsSpan2D(4, 3, 4), result, row, column, isChecked: true)));

        Assert.Equal($"Kernel Tests.ReadCell, Span2DKernels.cs line 29: {what} (block (0, 0, 0), thread (0, 0, 0)).", error.Message);
        KernelIndexOutOfRangeException inner = Assert.IsType<KernelIndexOutOfRangeException>(error.InnerException);
        Assert.Equal(row == 4 ? (4, 4) : (-1, 3), (inner.Index, inner.Length));
    }

    [Fact]
    public void AsSpan2D_checks_the_pitch_and_the_sizes()
    {
        using DeviceBuffer<float> buffer = _context.Allocate<float>(20);

        ArgumentException tooFew = Assert.Throws<ArgumentException>(() => buffer.AsSpan2D(3, 5, 8));
        Assert.StartsWith("3 rows of 5 columns, 8 elements apart, need 21 elements, but the DeviceSpan<Single> has 20.", tooFew.Message);
        Assert.Equal("pitch", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan2D(2, 5, 4)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Slice(0, 4).AsSpan2D(-1, 2)).ParamName);
    }

    [Fact]
    public void Rows_of_a_view_with_no_columns_are_empty_and_a_row_past_the_end_is_still_out_of_range()
    {
        Span2D<int> span = new(Span<int>.Empty, 3, 0, 5);
        ReadOnlySpan2D<int> readOnly = span;
        using DeviceBuffer<int> buffer = _context.Allocate<int>(0);
        DeviceSpan2D<int> view = buffer.AsSpan().AsSpan2D(3, 0, 5);

        Assert.True(span.GetRow(2).IsEmpty);
        Assert.True(readOnly.GetRow(1).IsEmpty);
        Assert.Equal(0, view.GetRow(2).Length);
        Assert.Contains("Row 3 is out of range", Assert.Throws<IndexOutOfRangeException>(() => new Span2D<int>(Span<int>.Empty, 3, 0, 5).GetRow(3)).Message);
        Assert.Equal("row", Assert.Throws<ArgumentOutOfRangeException>(() => view.GetRow(3)).ParamName);
    }

    [Fact]
    public void A_view_covers_the_first_row_to_the_end_of_the_last_and_gives_its_rows()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>([.. Enumerable.Range(0, 24)]);

        DeviceSpan2D<int> view = buffer.Slice(2, 20).AsSpan2D(3, 4, 6);

        Assert.Equal((3, 4, 6), (view.Rows, view.Columns, view.Pitch));
        Assert.Equal(16, view.Elements.Length);
        Assert.Equal(new[] { 14, 15, 16, 17 }, view.GetRow(2).ToArray());
        Assert.Equal("row", Assert.Throws<ArgumentOutOfRangeException>(() => view.GetRow(3)).ParamName);
        Assert.Same(_context, view.Context);
        Assert.Equal("DeviceSpan2D<Int32>[3, 4] pitch 6", view.ToString());
    }

    [Fact]
    public void A_disposed_buffer_passed_as_a_2D_span_names_the_parameter_and_the_kernel()
    {
        using DeviceBuffer<float> a = _context.Allocate<float>(4), b = _context.Allocate<float>(4);
        DeviceBuffer<float> buffer = _context.Allocate<float>(4);
        DeviceSpan2D<float> view = buffer.AsSpan2D(2, 2);
        buffer.Dispose();

        ObjectDisposedException e = Assert.Throws<ObjectDisposedException>(() =>
            Span2DKernels.Launch(1, 4).MatrixAdd2D(a.AsSpan2D(2, 2), b.AsSpan2D(2, 2), view));
        Assert.Contains("The buffer passed as 'c' to kernel Span2DKernels.MatrixAdd2D was disposed.", e.Message);
    }

    [Fact]
    public void A_2D_span_of_another_context_is_rejected_at_the_launch()
    {
        using GpuContext other = GpuContext.Create(GpuBackend.Cpu);
        using DeviceBuffer<float> buffer = other.Allocate<float>(4), mine = _context.Allocate<float>(4);

        ArgumentException e = Assert.Throws<ArgumentException>(() =>
            Span2DKernels.Launch(1, 4, 0, _context.DefaultStream).MatrixAdd2D(buffer.AsSpan2D(2, 2), mine.AsSpan2D(2, 2), mine.AsSpan2D(2, 2)));
        Assert.Contains("The buffer passed as 'a' to kernel Span2DKernels.MatrixAdd2D belongs to another GpuContext", e.Message);
    }
}
