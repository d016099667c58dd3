using System.ComponentModel;

namespace GpuDsl;

/// <summary>
/// A 3D view of device memory: what a kernel's <see cref="Span3D{T}"/> or <see cref="ReadOnlySpan3D{T}"/> parameter is
/// given. <see cref="Slices"/> slices of <see cref="Rows"/> rows of <see cref="Columns"/> elements, row <c>r</c> of slice
/// <c>s</c> starting <c>(s * Rows + r) * </c><see cref="Pitch"/> elements after the first. Made by
/// <see cref="DeviceSpan{T}.AsSpan3D(int, int, int, int)"/> or <see cref="DeviceBuffer{T}.AsSpan3D(int, int, int, int)"/>;
/// copy data in and out through the buffer, or through <see cref="Elements"/>.
/// </summary>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public readonly struct DeviceSpan3D<T> where T : unmanaged
{
    private readonly DeviceSpan<T> _elements;

    /// <summary>A view whose shape <see cref="Shape3D.Check"/> accepted for <paramref name="elements"/>.</summary>
    internal DeviceSpan3D(DeviceSpan<T> elements, int slices, int rows, int columns, int pitch)
    {
        _elements = elements;
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

    /// <summary>The elements the view covers, from the first row's start to the last row's end, as one 1D span.</summary>
    public DeviceSpan<T> Elements => _elements;

    /// <summary>The context the memory belongs to; <see langword="null"/> for a default (empty) view.</summary>
    public GpuContext? Context => _elements.Context;

    /// <summary>The memory as a host 3D span; only for the CPU backend. Generated CPU launch code uses it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Span3D<T> AsCpuSpan3D() => new(_elements.AsCpuSpan(), Slices, Rows, Columns, Pitch, default(Shape2D.Checked)); // checked by AsSpan3D

    /// <inheritdoc/>
    public override string ToString() => $"DeviceSpan3D<{typeof(T).Name}>[{Slices}, {Rows}, {Columns}] pitch {Pitch}";
}
