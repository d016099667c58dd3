using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GpuDsl;

/// <summary>
/// A 2D view of a <see cref="Span{T}"/>: <see cref="Rows"/> rows of <see cref="Columns"/> elements, each row starting
/// <see cref="Pitch"/> elements after the previous one. As a <see cref="KernelAttribute">[Kernel]</see> parameter it is
/// given a <see cref="DeviceSpan2D{T}"/> and becomes a pointer plus its rows, columns and pitch in CUDA, so a kernel reads
/// <c>c[row, col] = a[row, col] + b[row, col]</c>. Out-of-range indexes throw <see cref="IndexOutOfRangeException"/>,
/// as a span's do.
/// </summary>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public readonly ref struct Span2D<T> where T : unmanaged
{
    private readonly Span<T> _elements;

    /// <summary>A view of <paramref name="span"/> as <paramref name="rows"/> rows of <paramref name="columns"/> elements, one after another.</summary>
    /// <exception cref="ArgumentException">The shape is negative or does not fit in <paramref name="span"/>.</exception>
    public Span2D(Span<T> span, int rows, int columns)
        : this(span, rows, columns, columns)
    {
    }

    /// <summary>
    /// A view of <paramref name="span"/> as <paramref name="rows"/> rows of <paramref name="columns"/> elements, row
    /// <c>r</c> starting at element <c>r * pitch</c>; <paramref name="span"/> needs <c>(rows - 1) * pitch + columns</c> elements.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is negative, <paramref name="pitch"/> is less than
    /// <paramref name="columns"/>, or the rows do not fit in <paramref name="span"/>.</exception>
    public Span2D(Span<T> span, int rows, int columns, int pitch)
        : this(span, rows, columns, pitch, default(Shape2D.Checked))
    {
        Shape2D.Check(span.Length, rows, columns, pitch, "span");
    }

    /// <summary>A view whose shape was checked already (see <see cref="Shape2D.Checked"/>).</summary>
    internal Span2D(Span<T> span, int rows, int columns, int pitch, Shape2D.Checked _)
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
    public ref T this[int row, int column] =>
        ref Unsafe.Add(ref MemoryMarshal.GetReference(_elements), Shape2D.Offset(row, column, Rows, Columns, Pitch));

    /// <summary>The <see cref="Columns"/> elements of <paramref name="row"/>.</summary>
    /// <exception cref="IndexOutOfRangeException">The row is out of range.</exception>
    public Span<T> GetRow(int row) => _elements.Slice(Shape2D.RowStart(row, Rows, Columns, Pitch), Columns);

    /// <summary>The elements the view starts at, for the checked indexing of <see cref="CheckedSpan"/>.</summary>
    internal Span<T> Elements => _elements;

    /// <summary>A read-only view of the same elements.</summary>
    public static implicit operator ReadOnlySpan2D<T>(Span2D<T> span) => new(span._elements, span.Rows, span.Columns, span.Pitch, default(Shape2D.Checked));

    /// <inheritdoc/>
    public override string ToString() => $"Span2D<{typeof(T).Name}>[{Rows}, {Columns}]";
}
