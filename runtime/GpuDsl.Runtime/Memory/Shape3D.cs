using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace GpuDsl;

/// <summary>
/// The rules every 3D view shares (<see cref="Span3D{T}"/>, <see cref="ReadOnlySpan3D{T}"/>, <see cref="DeviceSpan3D{T}"/>):
/// <c>slices</c> slices of <c>rows</c> rows of <c>columns</c> elements, row <c>r</c> of slice <c>s</c> starting at element
/// <c>(s * rows + r) * pitch</c>: a 2D view of <c>slices * rows</c> rows, the slices one after another.
/// </summary>
internal static class Shape3D
{
    /// <summary>Throws unless the shape is valid and fits in <paramref name="length"/> elements of <paramref name="view"/>.</summary>
    public static void Check(int length, int slices, int rows, int columns, int pitch, string view)
    {
        if (slices < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slices), slices, "A 3D span has 0 slices or more.");
        }

        if ((long)slices * rows > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"{slices} slices of {rows} rows are more than {int.MaxValue} rows.");
        }

        Shape2D.Check(length, slices * rows, columns, pitch, view);
    }

    /// <summary>The offset of element (<paramref name="slice"/>, <paramref name="row"/>, <paramref name="column"/>), or an <see cref="IndexOutOfRangeException"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Offset(int slice, int row, int column, int slices, int rows, int columns, int pitch)
    {
        if ((uint)slice >= (uint)slices)
        {
            ThrowSlice(slice, slices);
        }

        if ((uint)row >= (uint)rows)
        {
            throw new IndexOutOfRangeException($"Row {row} is out of range for a 3D span of {rows} rows.");
        }

        if ((uint)column >= (uint)columns)
        {
            throw new IndexOutOfRangeException($"Column {column} is out of range for a 3D span of {columns} columns.");
        }

        return (slice * rows + row) * pitch + column;
    }

    [DoesNotReturn]
    private static void ThrowSlice(int slice, int slices) =>
        throw new IndexOutOfRangeException($"Slice {slice} is out of range for a 3D span of {slices} slices.");
}
