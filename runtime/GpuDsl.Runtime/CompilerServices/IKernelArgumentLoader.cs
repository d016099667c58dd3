using System.ComponentModel;

namespace GpuDsl.CompilerServices;

/// <summary>
/// What a backend does with a kernel's arguments, one call per parameter in order (see
/// <see cref="IKernelArguments.Load"/>): the CUDA backend checks each buffer and writes the parameter block, the CPU
/// backend only checks. Implemented by the runtime's backends, called by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IKernelArgumentLoader
{
    /// <summary>A <see cref="Span{T}"/> or <see cref="ReadOnlySpan{T}"/> parameter.</summary>
    /// <param name="span">The argument.</param>
    /// <param name="name">The parameter's name, for messages.</param>
    /// <param name="readOnly">Whether the parameter is a read-only span (<c>const T* __restrict__</c> in CUDA), which no
    /// writable span argument may overlap.</param>
    void Span<T>(DeviceSpan<T> span, string name, bool readOnly) where T : unmanaged;

    /// <summary>A <see cref="Span2D{T}"/> or <see cref="ReadOnlySpan2D{T}"/> parameter; see <see cref="Span{T}"/>.</summary>
    void Span2D<T>(DeviceSpan2D<T> span, string name, bool readOnly) where T : unmanaged;

    /// <summary>A <see cref="Span3D{T}"/> or <see cref="ReadOnlySpan3D{T}"/> parameter; see <see cref="Span{T}"/>.</summary>
    void Span3D<T>(DeviceSpan3D<T> span, string name, bool readOnly) where T : unmanaged;

    /// <summary>A parameter passed by value: a number, an enum or a struct, whose C# and CUDA layouts agree.</summary>
    /// <param name="value">The argument.</param>
    /// <param name="alignment">The type's alignment in bytes (its largest field's), where CUDA places it.</param>
    void Value<T>(in T value, int alignment) where T : unmanaged;
}
