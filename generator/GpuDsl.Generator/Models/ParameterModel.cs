namespace GpuDsl.Generator.Models;

/// <summary>How a parameter crosses from the caller to CUDA.</summary>
internal enum ParameterKind
{
    /// <summary>An unmanaged value passed by value.</summary>
    Scalar,

    /// <summary>A <c>Span&lt;T&gt;</c>: a pointer and a length.</summary>
    Span,

    /// <summary>A <c>ReadOnlySpan&lt;T&gt;</c>: a <c>const T* __restrict__</c> and a length.</summary>
    ReadOnlySpan,

    /// <summary>A <c>Span2D&lt;T&gt;</c>: a pointer and the rows, columns and pitch.</summary>
    Span2D,

    /// <summary>A <c>ReadOnlySpan2D&lt;T&gt;</c>: a <c>const T* __restrict__</c> and the rows, columns and pitch.</summary>
    ReadOnlySpan2D,

    /// <summary>A <c>Span3D&lt;T&gt;</c>: a pointer and the slices, rows, columns and pitch.</summary>
    Span3D,

    /// <summary>A <c>ReadOnlySpan3D&lt;T&gt;</c>: a <c>const T* __restrict__</c> and the slices, rows, columns and pitch.</summary>
    ReadOnlySpan3D,

    /// <summary>A <c>ref</c> or <c>out</c> parameter of a device function: a C++ reference <c>T&amp;</c>.</summary>
    Reference,

    /// <summary>An <c>in</c> or <c>ref readonly</c> parameter of a device function: <c>const T&amp;</c>.</summary>
    ReadOnlyReference,
}

/// <summary>A parameter of a GPU method.</summary>
/// <param name="Name">The C# name.</param>
/// <param name="Kind">Scalar, span, 2D span or reference.</param>
/// <param name="CSharpType">The fully qualified C# type of the value (the element type for spans and 2D spans).</param>
/// <param name="CudaType">The CUDA type of the value (the element type for spans and 2D spans).</param>
/// <param name="Size">Bytes the value takes in the packed argument buffer (the pointer for spans and 2D spans).</param>
/// <param name="Alignment">The alignment of the value in the packed argument buffer.</param>
internal sealed record ParameterModel(string Name, ParameterKind Kind, string CSharpType, string CudaType, int Size, int Alignment)
{
    /// <summary>A <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c>.</summary>
    public bool IsSpan => Kind is ParameterKind.Span or ParameterKind.ReadOnlySpan;

    /// <summary>A <c>Span2D&lt;T&gt;</c> or <c>ReadOnlySpan2D&lt;T&gt;</c>.</summary>
    public bool IsSpan2D => Kind is ParameterKind.Span2D or ParameterKind.ReadOnlySpan2D;

    /// <summary>A view of device memory, 1D or 2D: the launcher takes a <c>DeviceSpan</c> or <c>DeviceSpan2D</c> for it.</summary>
    public bool IsView => IsSpan || IsSpan2D || IsSpan3D;

    /// <summary>A <c>Span3D&lt;T&gt;</c> or <c>ReadOnlySpan3D&lt;T&gt;</c>.</summary>
    public bool IsSpan3D => Kind is ParameterKind.Span3D or ParameterKind.ReadOnlySpan3D;

    /// <summary>Read-only memory: <c>const</c> and <c>__restrict__</c> in CUDA.</summary>
    public bool IsReadOnlyView => Kind is ParameterKind.ReadOnlySpan or ParameterKind.ReadOnlySpan2D or ParameterKind.ReadOnlySpan3D;
}
