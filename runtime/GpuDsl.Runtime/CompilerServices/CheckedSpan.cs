using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GpuDsl.Cpu;

namespace GpuDsl.CompilerServices;

/// <summary>
/// Span indexing for the CPU backend in checked mode (the <c>GpuDslCheckedKernels</c> build property). In a checked
/// build the generator gives every <c>[Kernel]</c> and <c>[Device]</c> method a copy whose span indexes go through
/// <see cref="At{T}(Span{T}, int, SpanAccess, string, bool, string, int)"/>, with <c>#line</c> directives back to the method's own lines, and the CPU backend runs that copy:
/// an out-of-range index then throws <see cref="KernelIndexOutOfRangeException"/> with the index, the length and the
/// line, which a span's own <see cref="IndexOutOfRangeException"/> does not carry. Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CheckedSpan
{
    /// <summary>Element <paramref name="index"/> of <paramref name="span"/>, or a <see cref="KernelIndexOutOfRangeException"/>.</summary>
    /// <param name="span">The span indexed.</param>
    /// <param name="index">The index.</param>
    /// <param name="access">What the C# does with the element there, for the shared-memory race check.</param>
    /// <param name="function">The method that indexes, <c>Class.Method</c>.</param>
    /// <param name="isKernel">Whether <paramref name="function"/> is a kernel rather than a <c>[Device]</c> method.</param>
    /// <param name="file">The C# file name, without its directory.</param>
    /// <param name="line">The 1-based line of the access.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    public static ref T At<T>(Span<T> span, int index, SpanAccess access, string function, bool isKernel, string file, int line) =>
        ref Element(ref MemoryMarshal.GetReference(span), span.Length, index, access, function, isKernel, file, line);

    /// <summary>Element <paramref name="index"/> of a kernel's per-thread array, or a <see cref="KernelIndexOutOfRangeException"/>.</summary>
    /// <param name="array">The array indexed (<c>float[] a = new float[8];</c> in a kernel).</param>
    /// <param name="index">The index.</param>
    /// <param name="access">What the C# does with the element there, for the shared-memory race check.</param>
    /// <param name="function">The method that indexes, <c>Class.Method</c>.</param>
    /// <param name="isKernel">Whether <paramref name="function"/> is a kernel rather than a <c>[Device]</c> method.</param>
    /// <param name="file">The C# file name, without its directory.</param>
    /// <param name="line">The 1-based line of the access.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    public static ref T At<T>(T[] array, int index, SpanAccess access, string function, bool isKernel, string file, int line) =>
        ref At(array.AsSpan(), index, access, function, isKernel, file, line);

    /// <inheritdoc cref="At{T}(Span{T}, int, SpanAccess, string, bool, string, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    public static ref readonly T AtReadOnly<T>(ReadOnlySpan<T> span, int index, SpanAccess access, string function, bool isKernel, string file, int line) =>
        ref Element(ref MemoryMarshal.GetReference(span), span.Length, index, access, function, isKernel, file, line);

    /// <summary>
    /// Element (<paramref name="row"/>, <paramref name="column"/>) of <paramref name="span"/>, or a
    /// <see cref="KernelIndexOutOfRangeException"/> that says whether the row or the column is out of range.
    /// </summary>
    /// <param name="span">The 2D span indexed.</param>
    /// <param name="row">The row index.</param>
    /// <param name="column">The column index.</param>
    /// <param name="access">What the C# does with the element there, for the shared-memory race check.</param>
    /// <param name="function">The method that indexes, <c>Class.Method</c>.</param>
    /// <param name="isKernel">Whether <paramref name="function"/> is a kernel rather than a <c>[Device]</c> method.</param>
    /// <param name="file">The C# file name, without its directory.</param>
    /// <param name="line">The 1-based line of the access.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    public static ref T At<T>(Span2D<T> span, int row, int column, SpanAccess access, string function, bool isKernel, string file, int line)
        where T : unmanaged =>
        ref Element(ref MemoryMarshal.GetReference(span.Elements), span.Rows, span.Columns, span.Pitch, row, column, access, function, isKernel, file, line);

    /// <inheritdoc cref="At{T}(Span2D{T}, int, int, SpanAccess, string, bool, string, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    public static ref readonly T AtReadOnly<T>(ReadOnlySpan2D<T> span, int row, int column, SpanAccess access, string function, bool isKernel, string file, int line)
        where T : unmanaged =>
        ref Element(ref MemoryMarshal.GetReference(span.Elements), span.Rows, span.Columns, span.Pitch, row, column, access, function, isKernel, file, line);

    /// <summary>
    /// Element (<paramref name="slice"/>, <paramref name="row"/>, <paramref name="column"/>) of <paramref name="span"/>,
    /// or a <see cref="KernelIndexOutOfRangeException"/> that says which index is out of range.
    /// </summary>
    /// <param name="span">The 3D span indexed.</param>
    /// <param name="slice">The slice index.</param>
    /// <param name="row">The row index.</param>
    /// <param name="column">The column index.</param>
    /// <param name="access">What the C# does with the element there, for the shared-memory race check.</param>
    /// <param name="function">The method that indexes, <c>Class.Method</c>.</param>
    /// <param name="isKernel">Whether <paramref name="function"/> is a kernel rather than a <c>[Device]</c> method.</param>
    /// <param name="file">The C# file name, without its directory.</param>
    /// <param name="line">The 1-based line of the access.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    public static ref T At<T>(Span3D<T> span, int slice, int row, int column, SpanAccess access, string function, bool isKernel, string file, int line)
        where T : unmanaged =>
        ref Element(ref MemoryMarshal.GetReference(span.Elements), span.Slices, span.Rows, span.Columns, span.Pitch, slice, row, column, access, function, isKernel, file, line);

    /// <inheritdoc cref="At{T}(Span3D{T}, int, int, int, SpanAccess, string, bool, string, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    public static ref readonly T AtReadOnly<T>(ReadOnlySpan3D<T> span, int slice, int row, int column, SpanAccess access, string function, bool isKernel, string file, int line)
        where T : unmanaged =>
        ref Element(ref MemoryMarshal.GetReference(span.Elements), span.Slices, span.Rows, span.Columns, span.Pitch, slice, row, column, access, function, isKernel, file, line);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    private static ref T Element<T>(
        ref T first, int slices, int rows, int columns, int pitch, int slice, int row, int column, SpanAccess access, string function, bool isKernel, string file, int line)
    {
        if ((uint)slice >= (uint)slices)
        {
            ThrowOutOfRange(slice, slices, "slice", function, isKernel, file, line);
        }

        if ((uint)row >= (uint)rows)
        {
            ThrowOutOfRange(row, rows, "3D row", function, isKernel, file, line);
        }

        if ((uint)column >= (uint)columns)
        {
            ThrowOutOfRange(column, columns, "3D column", function, isKernel, file, line);
        }

        return ref CpuRaceCheck.Noted(ref Unsafe.Add(ref first, (slice * rows + row) * pitch + column), access);
    }

    /// <summary>The element at <paramref name="index"/> of the span starting at <paramref name="first"/>, checked and noted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    private static ref T Element<T>(ref T first, int length, int index, SpanAccess access, string function, bool isKernel, string file, int line)
    {
        if ((uint)index >= (uint)length)
        {
            ThrowOutOfRange(index, length, null, function, isKernel, file, line);
        }

        return ref CpuRaceCheck.Noted(ref Unsafe.Add(ref first, index), access);
    }

    /// <summary>The element at <paramref name="row"/>, <paramref name="column"/> of the 2D span starting at <paramref name="first"/>, checked and noted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [StackTraceHidden]
    private static ref T Element<T>(
        ref T first, int rows, int columns, int pitch, int row, int column, SpanAccess access, string function, bool isKernel, string file, int line)
    {
        if ((uint)row >= (uint)rows)
        {
            ThrowOutOfRange(row, rows, "row", function, isKernel, file, line);
        }

        if ((uint)column >= (uint)columns)
        {
            ThrowOutOfRange(column, columns, "column", function, isKernel, file, line);
        }

        return ref CpuRaceCheck.Noted(ref Unsafe.Add(ref first, row * pitch + column), access);
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private static void ThrowOutOfRange(int index, int length, string? dimension, string function, bool isKernel, string file, int line)
    {
        CpuThread? thread = CpuThread.t_current;
        throw new KernelIndexOutOfRangeException(
            new CheckedIndexSite(function, isKernel, file, line, dimension), index, length, thread?.BlockIdx ?? default, thread?.ThreadIdx ?? default);
    }
}

/// <summary>What a kernel does with a span element it indexes: tells the CPU backend's race check reads from writes.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum SpanAccess
{
    /// <summary>The element's value is read.</summary>
    Read,

    /// <summary>The element is assigned (<c>s[i] = x</c>, <c>out s[i]</c>).</summary>
    Write,

    /// <summary>The element is read, then written (<c>s[i] += x</c>, <c>s[i]++</c>).</summary>
    ReadWrite,

    /// <summary>The element is updated atomically (<c>Gpu.AtomicAdd(ref s[i], x)</c>, <c>Interlocked</c>), which is no race.</summary>
    Atomic,

    /// <summary>A reference to the element escapes (<c>ref s[i]</c>, a method on the element); not tracked.</summary>
    Reference,
}
