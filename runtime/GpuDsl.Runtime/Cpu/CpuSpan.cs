using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace GpuDsl.Cpu;

/// <summary>
/// A <see cref="Span{T}"/> that an iterator may keep across a <c>yield return</c>: the loop form of a kernel (see
/// <see cref="CpuLoopForm"/>) is a C# iterator, and an iterator cannot hold a ref struct across a yield, so its span
/// locals and parameters become this view of the same memory, a pointer and a length. Only for memory that does not
/// move: the CPU backend's device memory (native) and its shared memory (pinned). Called by generated code only.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly unsafe struct CpuSpan<T>
{
    private readonly void* _pointer;
    private readonly int _length;

    private CpuSpan(void* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    /// <summary>The number of elements.</summary>
    public int Length => _length;

    /// <summary>Whether the view has no elements.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>Element <paramref name="index"/>, bounds-checked as a span's.</summary>
    public ref T this[int index] => ref AsSpan()[index];

    /// <summary>The memory as a span again, for everything a span can do.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> AsSpan() => new(_pointer, _length);

    /// <summary>Views <paramref name="span"/>, whose memory must not move while the view is used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator CpuSpan<T>(Span<T> span) => new(Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(span)), span.Length);

    /// <summary>The memory as a span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator Span<T>(CpuSpan<T> view) => view.AsSpan();

    /// <summary>The memory as a read-only span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator ReadOnlySpan<T>(CpuSpan<T> view) => view.AsSpan();

    /// <summary>The read-only view of the same memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator CpuReadOnlySpan<T>(CpuSpan<T> view) => view.AsSpan();
}

/// <summary>The read-only counterpart of <see cref="CpuSpan{T}"/>, for <see cref="ReadOnlySpan{T}"/> locals and parameters.</summary>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly unsafe struct CpuReadOnlySpan<T>
{
    private readonly void* _pointer;
    private readonly int _length;

    private CpuReadOnlySpan(void* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    /// <summary>The number of elements.</summary>
    public int Length => _length;

    /// <summary>Whether the view has no elements.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>Element <paramref name="index"/>, bounds-checked as a span's.</summary>
    public ref readonly T this[int index] => ref AsSpan()[index];

    /// <summary>The memory as a read-only span again, for everything a span can do.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> AsSpan() => new(_pointer, _length);

    /// <summary>Views <paramref name="span"/>, whose memory must not move while the view is used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator CpuReadOnlySpan<T>(ReadOnlySpan<T> span) =>
        new(Unsafe.AsPointer(ref Unsafe.AsRef(in System.Runtime.InteropServices.MemoryMarshal.GetReference(span))), span.Length);

    /// <summary>Views <paramref name="span"/>, whose memory must not move while the view is used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator CpuReadOnlySpan<T>(Span<T> span) => (ReadOnlySpan<T>)span;

    /// <summary>The memory as a read-only span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator ReadOnlySpan<T>(CpuReadOnlySpan<T> view) => view.AsSpan();
}
