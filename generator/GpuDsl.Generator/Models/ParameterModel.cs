namespace GpuDsl.Generator.Models;

/// <summary>How a kernel parameter crosses from the launcher to CUDA.</summary>
internal enum ParameterKind
{
    /// <summary>An unmanaged value passed by value.</summary>
    Scalar,

    /// <summary>A <c>Span&lt;T&gt;</c>: a pointer and a length.</summary>
    Span,

    /// <summary>A <c>ReadOnlySpan&lt;T&gt;</c>: a <c>const T* __restrict__</c> and a length.</summary>
    ReadOnlySpan,
}

/// <summary>A parameter of a GPU method.</summary>
/// <param name="Name">The C# name.</param>
/// <param name="Kind">Scalar or span.</param>
/// <param name="CSharpType">The fully qualified C# type of the value (the element type for spans).</param>
/// <param name="CudaType">The CUDA type of the value (the element type for spans).</param>
/// <param name="Size">Bytes the value takes in the packed argument buffer (a pointer for spans).</param>
internal sealed record ParameterModel(string Name, ParameterKind Kind, string CSharpType, string CudaType, int Size)
{
    public bool IsSpan => Kind != ParameterKind.Scalar;
}
