using System.ComponentModel;

namespace GpuDsl;

/// <summary>
/// A 2D view of device memory: what a kernel's <see cref="Span2D{T}"/> or <see cref="ReadOnlySpan2D{T}"/> parameter is
/// given. <see cref="Rows"/> rows of <see cref="Columns"/> elements, row <c>r</c> starting <c>r * </c><see cref="Pitch"/>
/// elements after the first. Made by <see cref="DeviceSpan{T}.AsSpan2D(int, int, int)"/> or
/// <see cref="DeviceBuffer{T}.AsSpan2D(int, int, int)"/>; copy data in and out through the buffer, or through
/// <see cref="Elements"/>. Small and copied by value, like <see cref="DeviceSpan{T}"/>.
/// </summary>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public readonly struct DeviceSpan2D<T> where T : unmanaged
{
    private readonly DeviceSpan<T> _elements;

    /// <summary>A view whose shape <see cref="Shape2D.Check"/> accepted for <paramref name="elements"/>.</summary>
    internal DeviceSpan2D(DeviceSpan<T> elements, int rows, int columns, int pitch)
    {
        _elements = elements;
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

    /// <summary>
    /// The elements the view covers, as one 1D span from the first row's start to the last row's end
    /// (<c>(Rows - 1) * Pitch + Columns</c> elements, the gaps between rows included).
    /// </summary>
    public DeviceSpan<T> Elements => _elements;

    /// <summary>The context the memory belongs to; <see langword="null"/> for a default (empty) view.</summary>
    public GpuContext? Context => _elements.Context;

    /// <summary>The <see cref="Columns"/> elements of <paramref name="row"/>, for copying one row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is out of range.</exception>
    public DeviceSpan<T> GetRow(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row {row} is out of range for a DeviceSpan2D<{typeof(T).Name}> of {Rows} rows.");
        }

        return _elements.Slice(Columns == 0 ? 0 : row * Pitch, Columns);
    }

    /// <summary>
    /// The memory as a host 2D span; only for the CPU backend, where device memory is host memory. Generated CPU launch
    /// code uses it to call the kernel's C# body.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Span2D<T> AsCpuSpan2D() => new(_elements.AsCpuSpan(), Rows, Columns, Pitch, default(Shape2D.Checked)); // checked by AsSpan2D

    /// <inheritdoc/>
    public override string ToString() => $"DeviceSpan2D<{typeof(T).Name}>[{Rows}, {Columns}] pitch {Pitch}";
}
