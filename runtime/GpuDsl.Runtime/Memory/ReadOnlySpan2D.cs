using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GpuDsl;

/// <summary>
/// A read-only 2D view of a <see cref="ReadOnlySpan{T}"/>: the read-only <see cref="Span2D{T}"/>. As a
/// <see cref="KernelAttribute">[Kernel]</see> parameter it becomes a <c>const T* __restrict__</c> plus its rows, columns
/// and pitch in CUDA.
/// </summary>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public readonly ref struct ReadOnlySpan2D<T> where T : unmanaged
{
    private readonly ReadOnlySpan<T> _elements;

    /// <inheritdoc cref="Span2D{T}(Span{T}, int, int)"/>
    public ReadOnlySpan2D(ReadOnlySpan<T> span, int rows, int columns)
        : this(span, rows, columns, columns)
    {
    }

    /// <inheritdoc cref="Span2D{T}(Span{T}, int, int, int)"/>
    public ReadOnlySpan2D(ReadOnlySpan<T> span, int rows, int columns, int pitch)
        : this(span, rows, columns, pitch, default(Shape2D.Checked))
    {
        Shape2D.Check(span.Length, rows, columns, pitch, "span");
    }

    /// <summary>A view whose shape was checked already (see <see cref="Shape2D.Checked"/>).</summary>
    internal ReadOnlySpan2D(ReadOnlySpan<T> span, int rows, int columns, int pitch, Shape2D.Checked _)
    {
        _elements = span;
        Rows = rows;
        Columns = columns;
        Pitch = pitch;
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of elements in each row.</summary>
    public int Columns { get; }

    /// <summary>The elements from the start of one row to the start of the next: <see cref="Columns"/> or more.</summary>
    public int Pitch { get; }

    /// <summary>The element at <paramref name="row"/>, <paramref name="column"/>.</summary>
    /// <exception cref="IndexOutOfRangeException">The row or the column is out of range.</exception>
    public ref readonly T this[int row, int column] =>
        ref Unsafe.Add(ref MemoryMarshal.GetReference(_elements), Shape2D.Offset(row, column, Rows, Columns, Pitch));

    /// <summary>The <see cref="Columns"/> elements of <paramref name="row"/>.</summary>
    /// <exception cref="IndexOutOfRangeException">The row is out of range.</exception>
    public ReadOnlySpan<T> GetRow(int row) => _elements.Slice(Shape2D.RowStart(row, Rows, Columns, Pitch), Columns);

    /// <summary>The elements the view starts at, for the checked indexing of <see cref="CheckedSpan"/>.</summary>
    internal ReadOnlySpan<T> Elements => _elements;

    /// <inheritdoc/>
    public override string ToString() => $"ReadOnlySpan2D<{typeof(T).Name}>[{Rows}, {Columns}]";
}
