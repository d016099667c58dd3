namespace GpuDsl.Runtime.Tests;

/// <summary>Span2D and ReadOnlySpan2D as plain C#: the indexing the CPU backend runs and the GPU's pointer arithmetic mirrors.</summary>
public sealed class Span2DTests
{
    [Fact]
    public void Element_row_column_is_element_row_times_pitch_plus_column()
    {
        int[] data = [.. Enumerable.Range(0, 11)];
        Span2D<int> m = new(data, rows: 3, columns: 3, pitch: 4);

        Assert.Equal((3, 3, 4), (m.Rows, m.Columns, m.Pitch));
        Assert.Equal(0, m[0, 0]);
        Assert.Equal(6, m[1, 2]);
        Assert.Equal(10, m[2, 2]);
        m[2, 1] = -1;
        Assert.Equal(-1, data[9]);
    }

    [Fact]
    public void GetRow_is_the_columns_of_one_row_without_the_padding()
    {
        int[] data = [.. Enumerable.Range(0, 11)];
        Span2D<int> m = new(data, 3, 3, 4);

        Assert.Equal(new[] { 4, 5, 6 }, m.GetRow(1).ToArray());
        ReadOnlySpan2D<int> view = m;
        Assert.Equal(new[] { 8, 9, 10 }, view.GetRow(2).ToArray());
        Assert.Equal(5, view[1, 1]);
    }

    [Fact]
    public void Without_a_pitch_rows_follow_each_other()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        ReadOnlySpan2D<float> m = new(data, 2, 3);

        Assert.Equal(3, m.Pitch);
        Assert.Equal(4f, m[1, 0]);
    }

    [Theory]
    [InlineData(3, 0, "Row 3 is out of range for a 2D span of 3 rows.")]
    [InlineData(-1, 0, "Row -1 is out of range for a 2D span of 3 rows.")]
    [InlineData(0, 3, "Column 3 is out of range for a 2D span of 3 columns.")]
    [InlineData(1, -1, "Column -1 is out of range for a 2D span of 3 columns.")]
    public void Out_of_range_row_or_column_throws_IndexOutOfRangeException_naming_it_even_inside_the_padding(int row, int column, string message)
    {
        // (0, 3) is element 3, inside the span: a 2D span checks the column against its columns, not the memory.
        int[] data = new int[12];

        IndexOutOfRangeException e = Assert.Throws<IndexOutOfRangeException>(() => new Span2D<int>(data, 3, 3, 4)[row, column]);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void GetRow_of_a_missing_row_throws_IndexOutOfRangeException()
    {
        IndexOutOfRangeException e = Assert.Throws<IndexOutOfRangeException>(() => new ReadOnlySpan2D<int>(new int[4], 2, 2).GetRow(2).Length);
        Assert.Equal("Row 2 is out of range for a 2D span of 2 rows.", e.Message);
    }

    [Fact]
    public void The_last_row_needs_no_padding_but_every_row_must_fit()
    {
        Assert.Equal(3, new Span2D<int>(new int[11], 3, 3, 4).Rows);

        ArgumentException e = Assert.Throws<ArgumentException>(() => new Span2D<int>(new int[10], 3, 3, 4));
        Assert.Equal("rows", e.ParamName);
        Assert.StartsWith("3 rows of 3 columns, 4 elements apart, need 11 elements, but the span has 10.", e.Message);
    }

    [Fact]
    public void A_pitch_below_the_columns_or_a_negative_size_is_rejected_by_name()
    {
        ArgumentOutOfRangeException pitch = Assert.Throws<ArgumentOutOfRangeException>(() => new Span2D<int>(new int[16], 2, 4, 3));
        Assert.Equal("pitch", pitch.ParamName);
        Assert.Contains("must be at least the 4 columns", pitch.Message);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => new Span2D<int>(new int[4], -1, 2)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => new ReadOnlySpan2D<int>(new int[4], 2, -2, 2)).ParamName);
    }

    [Fact]
    public void An_empty_shape_fits_any_span()
    {
        Span2D<int> m = new(Span<int>.Empty, 0, 5, 8);
        Assert.Equal((0, 5), (m.Rows, m.Columns));
        Assert.Equal("Span2D<Int32>[0, 5]", m.ToString());
    }
}
