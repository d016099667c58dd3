using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace GpuDsl;

/// <summary>
/// The rules every 2D view shares (<see cref="Span2D{T}"/>, <see cref="ReadOnlySpan2D{T}"/>, <see cref="DeviceSpan2D{T}"/>):
/// row <c>r</c> starts <c>r * pitch</c> elements after the first, so a view of <c>rows</c> rows needs
/// <c>(rows - 1) * pitch + columns</c> elements; the last row needs no padding after it.
/// </summary>
internal static class Shape2D
{
    /// <summary>
    /// Marks a view's constructor that skips <see cref="Check"/> because its shape was checked already: a device view
    /// handed to each emulated thread, a conversion between views.
    /// </summary>
    public readonly struct Checked
    {
    }

    /// <summary>How many elements a view of <paramref name="rows"/> x <paramref name="columns"/>, <paramref name="pitch"/> apart, covers.</summary>
    public static long Extent(int rows, int columns, int pitch) =>
        rows == 0 || columns == 0 ? 0 : (long)(rows - 1) * pitch + columns;

    /// <summary>Throws unless the shape is valid and fits in <paramref name="length"/> elements of <paramref name="view"/>.</summary>
    public static void Check(int length, int rows, int columns, int pitch, string view)
    {
        if (rows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "A 2D span has 0 rows or more.");
        }

        if (columns < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "A 2D span has 0 columns or more.");
        }

        if (pitch < columns)
        {
            throw new ArgumentOutOfRangeException(
                nameof(pitch), pitch, $"The pitch, the elements from one row's start to the next, must be at least the {columns} columns.");
        }

        long extent = Extent(rows, columns, pitch);
        if (extent > length)
        {
            throw new ArgumentException(
                $"{rows} rows of {columns} columns, {pitch} elements apart, need {extent} elements, but the {view} has {length}.", nameof(rows));
        }
    }

    /// <summary>The offset of element (<paramref name="row"/>, <paramref name="column"/>), or an <see cref="IndexOutOfRangeException"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Offset(int row, int column, int rows, int columns, int pitch)
    {
        if ((uint)row >= (uint)rows)
        {
            ThrowRow(row, rows);
        }

        if ((uint)column >= (uint)columns)
        {
            ThrowColumn(column, columns);
        }

        return row * pitch + column;
    }

    /// <summary>
    /// The offset of the start of <paramref name="row"/>, or an <see cref="IndexOutOfRangeException"/>. Rows of no
    /// columns all start at 0: such a view may have no elements at all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RowStart(int row, int rows, int columns, int pitch)
    {
        if ((uint)row >= (uint)rows)
        {
            ThrowRow(row, rows);
        }

        return columns == 0 ? 0 : row * pitch;
    }

    [DoesNotReturn]
    private static void ThrowRow(int row, int rows) =>
        throw new IndexOutOfRangeException($"Row {row} is out of range for a 2D span of {rows} rows.");

    [DoesNotReturn]
    private static void ThrowColumn(int column, int columns) =>
        throw new IndexOutOfRangeException($"Column {column} is out of range for a 2D span of {columns} columns.");
}
