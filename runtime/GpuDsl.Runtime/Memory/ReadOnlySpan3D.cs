using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GpuDsl;

/// <summary>
/// A read-only 3D view of a <see cref="ReadOnlySpan{T}"/>: <see cref="Slices"/> slices of <see cref="Rows"/> rows of <see cref="Columns"/>
/// elements, each row starting <see cref="Pitch"/> elements after the previous one and the slices one after another
/// (row <c>r</c> of slice <c>s</c> at element <c>(s * Rows + r) * Pitch</c>). As a <see cref="KernelAttribute">[Kernel]</see>
/// parameter it is given a <see cref="DeviceSpan3D{T}"/> and becomes a pointer plus its slices, rows, columns and pitch
/// in CUDA, so a stencil reads <c>v[z, y, x]</c>. Out-of-range indexes throw <see cref="IndexOutOfRangeException"/>.
/// </summary>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public readonly ref struct ReadOnlySpan3D<T> where T : unmanaged
{
    private readonly ReadOnlySpan<T> _elements;

    /// <summary>A view of <paramref name="span"/> as <paramref name="slices"/> x <paramref name="rows"/> x <paramref name="columns"/> elements, one after another.</summary>
    /// <exception cref="ArgumentException">The shape is negative or does not fit in <paramref name="span"/>.</exception>
    public ReadOnlySpan3D(ReadOnlySpan<T> span, int slices, int rows, int columns)
        : this(span, slices, rows, columns, columns)
    {
    }

    /// <summary>A view whose rows start <paramref name="pitch"/> elements apart; <paramref name="span"/> needs <c>(slices * rows - 1) * pitch + columns</c> elements.</summary>
    /// <exception cref="ArgumentException">The shape is negative, <paramref name="pitch"/> is less than <paramref name="columns"/>, or the view does not fit.</exception>
    public ReadOnlySpan3D(ReadOnlySpan<T> span, int slices, int rows, int columns, int pitch)
        : this(span, slices, rows, columns, pitch, default(Shape2D.Checked))
    {
        Shape3D.Check(span.Length, slices, rows, columns, pitch, "span");
    }

    internal ReadOnlySpan3D(ReadOnlySpan<T> span, int slices, int rows, int columns, int pitch, Shape2D.Checked _)
    {
        _elements = span;
        Slices = slices;
        Rows = rows;
        Columns = columns;
        Pitch = pitch;
    }

    /// <summary>The number of slices.</summary>
    public int Slices { get; }

    /// <summary>The number of rows in each slice.</summary>
    public int Rows { get; }

    /// <summary>The number of elements in each row.</summary>
    public int Columns { get; }

    /// <summary>The elements from the start of one row to the start of the next: <see cref="Columns"/> or more.</summary>
    public int Pitch { get; }

    /// <summary>The element at <paramref name="slice"/>, <paramref name="row"/>, <paramref name="column"/>.</summary>
    /// <exception cref="IndexOutOfRangeException">An index is out of range.</exception>
    public ref readonly T this[int slice, int row, int column] =>
        ref Unsafe.Add(ref MemoryMarshal.GetReference(_elements), Shape3D.Offset(slice, row, column, Slices, Rows, Columns, Pitch));

    /// <summary>The elements the view starts at, for the checked indexing of <see cref="CheckedSpan"/>.</summary>
    internal ReadOnlySpan<T> Elements => _elements;


    /// <inheritdoc/>
    public override string ToString() => $"ReadOnlySpan3D<{typeof(T).Name}>[{Slices}, {Rows}, {Columns}]";
}
