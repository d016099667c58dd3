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

    /// <summary>A <c>ref</c> or <c>out</c> parameter of a device function: a C++ reference <c>T&amp;</c>.</summary>
    Reference,

    /// <summary>An <c>in</c> or <c>ref readonly</c> parameter of a device function: <c>const T&amp;</c>.</summary>
    ReadOnlyReference,
}

/// <summary>A parameter of a GPU method.</summary>
/// <param name="Name">The C# name.</param>
/// <param name="Kind">Scalar, span or reference.</param>
/// <param name="CSharpType">The fully qualified C# type of the value (the element type for spans).</param>
/// <param name="CudaType">The CUDA type of the value (the element type for spans).</param>
/// <param name="Size">Bytes the value takes in the packed argument buffer (a pointer for spans).</param>
/// <param name="Alignment">The alignment of the value in the packed argument buffer.</param>
internal sealed record ParameterModel(string Name, ParameterKind Kind, string CSharpType, string CudaType, int Size, int Alignment)
{
    public bool IsSpan => Kind is ParameterKind.Span or ParameterKind.ReadOnlySpan;
}
