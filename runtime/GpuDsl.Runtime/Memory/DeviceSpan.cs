using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GpuDsl;

/// <summary>
/// A view of contiguous elements of a <see cref="DeviceBuffer{T}"/>: what a kernel's <see cref="Span{T}"/> or
/// <see cref="ReadOnlySpan{T}"/> parameter is given. Small and copied by value; it keeps the buffer alive but does not
/// own it, so using it after the buffer is disposed throws <see cref="ObjectDisposedException"/>.
/// </summary>
public readonly partial struct DeviceSpan<T> where T : unmanaged
{
    private readonly DeviceMemory? _memory;
    private readonly int _start;

    internal DeviceSpan(DeviceMemory memory, int start, int length)
    {
        _memory = memory;
        _start = start;
        Length = length;
    }

    /// <summary>The number of elements in view.</summary>
    public int Length { get; }

    /// <summary>The context the memory belongs to; <see langword="null"/> for a default (empty) span.</summary>
    public GpuContext? Context => _memory?.Context;

    /// <summary>A narrower view.</summary>
    public DeviceSpan<T> Slice(int start, int length)
    {
        if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start))
        {
            throw new ArgumentOutOfRangeException(
                nameof(start), $"Slice({start}, {length}) does not fit in a DeviceSpan<{typeof(T).Name}> of {Length} elements.");
        }

        return new DeviceSpan<T>(Memory, _start + start, length);
    }

    /// <summary>The view from element <paramref name="start"/> to the end, as <see cref="Span{T}.Slice(int)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> is negative or past the end.</exception>
    public DeviceSpan<T> Slice(int start)
    {
        if ((uint)start > (uint)Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(start), $"Slice({start}) does not fit in a DeviceSpan<{typeof(T).Name}> of {Length} elements.");
        }

        return new DeviceSpan<T>(Memory, _start + start, Length - start);
    }

    /// <summary>
    /// The same memory viewed as elements of another unmanaged type, as <see cref="MemoryMarshal.Cast{TFrom, TTo}(Span{TFrom})"/>
    /// views a span: <c>Length * sizeof(T) / sizeof(TTo)</c> elements (a partial last element is left out). A buffer of
    /// <c>uint</c> cast to a 16-byte struct is read 16 bytes at a time by a kernel, and back again.
    /// </summary>
    /// <typeparam name="TTo">The element type of the new view.</typeparam>
    /// <exception cref="ArgumentException">The view starts at a byte that is not a multiple of <c>sizeof(TTo)</c>, so no
    /// element of <typeparamref name="TTo"/> starts there (on the GPU it would also be misaligned).</exception>
    public DeviceSpan<TTo> Cast<TTo>() where TTo : unmanaged
    {
        if (_memory is null)
        {
            return default;
        }

        long startByte = (long)_start * Unsafe.SizeOf<T>();
        int size = Unsafe.SizeOf<TTo>();
        if (startByte % size != 0)
        {
            throw new ArgumentException(
                $"A DeviceSpan<{typeof(T).Name}> starting at element {_start} (byte {startByte}) cannot be viewed as {typeof(TTo).Name} " +
                $"elements: {typeof(TTo).Name} is {size} bytes, and byte {startByte} is not a multiple of {size}. " +
                $"Slice the span so that it starts at a multiple of {size} bytes (element {NextFit(startByte, size) / Unsafe.SizeOf<T>()} or another).");
        }

        return new DeviceSpan<TTo>(_memory, (int)(startByte / size), (int)((long)Length * Unsafe.SizeOf<T>() / size));
    }

    private static long NextFit(long startByte, int size) => (startByte + size - 1) / size * size;

    /// <summary>
    /// A 2D view of this span as <paramref name="rows"/> rows of <paramref name="columns"/> elements, one after another:
    /// what a kernel's <see cref="Span2D{T}"/> parameter takes.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is negative or needs more elements than the span has.</exception>
    public DeviceSpan2D<T> AsSpan2D(int rows, int columns) => AsSpan2D(rows, columns, columns);

    /// <summary>
    /// A 2D view of this span as <paramref name="rows"/> rows of <paramref name="columns"/> elements, row <c>r</c>
    /// starting at element <c>r * pitch</c> (a padded layout, or a block of a wider matrix); the span needs
    /// <c>(rows - 1) * pitch + columns</c> elements.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is negative, <paramref name="pitch"/> is less than
    /// <paramref name="columns"/>, or the rows do not fit in the span.</exception>
    public DeviceSpan2D<T> AsSpan2D(int rows, int columns, int pitch)
    {
        Shape2D.Check(Length, rows, columns, pitch, $"DeviceSpan<{typeof(T).Name}>");
        int extent = (int)Shape2D.Extent(rows, columns, pitch);
        return new DeviceSpan2D<T>(extent == Length ? this : Slice(0, extent), rows, columns, pitch);
    }

    /// <summary>
    /// A 3D view of this span as <paramref name="slices"/> slices of <paramref name="rows"/> rows of
    /// <paramref name="columns"/> elements, rows <paramref name="pitch"/> elements apart and the slices one after another:
    /// what a kernel's <see cref="Span3D{T}"/> parameter takes. It needs <c>(slices * rows - 1) * pitch + columns</c> elements.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is negative, the pitch less than the columns, or the view does not fit.</exception>
    public DeviceSpan3D<T> AsSpan3D(int slices, int rows, int columns, int pitch)
    {
        Shape3D.Check(Length, slices, rows, columns, pitch, $"DeviceSpan<{typeof(T).Name}>");
        int extent = (int)Shape2D.Extent(slices * rows, columns, pitch);
        return new DeviceSpan3D<T>(extent == Length ? this : Slice(0, extent), slices, rows, columns, pitch);
    }

    /// <summary>A 3D view of <paramref name="slices"/> x <paramref name="rows"/> x <paramref name="columns"/> elements, one after another.</summary>
    /// <exception cref="ArgumentException">The shape is negative or needs more elements than the span has.</exception>
    public DeviceSpan3D<T> AsSpan3D(int slices, int rows, int columns) => AsSpan3D(slices, rows, columns, columns);

    /// <summary>Copies <paramref name="source"/> into the start of this view; it must not be longer.</summary>
    public void CopyFrom(ReadOnlySpan<T> source)
    {
        if (source.Length > Length)
        {
            throw new ArgumentException(
                $"The source has {source.Length} elements but the device buffer holds only {Length}.", nameof(source));
        }

        CopyFrom(source, ElementsPerCopy);
    }

    /// <summary>Copies this view into <paramref name="destination"/>, which must be at least as long.</summary>
    public void CopyTo(Span<T> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException(
                $"The destination has {destination.Length} elements but the device buffer holds {Length}.", nameof(destination));
        }

        CopyTo(destination[..Length], ElementsPerCopy);
    }

    // A host copy goes to the backend as a span of bytes, whose length is an int: a buffer of more than 2 GiB (say
    // 600 million floats) is copied in pieces of at most MaxCopyBytes, so every length a buffer can have copies.

    /// <summary>The most bytes one host copy hands the backend.</summary>
    internal const int MaxCopyBytes = 1 << 30;

    private static int ElementsPerCopy => Math.Max(1, MaxCopyBytes / Unsafe.SizeOf<T>());

    /// <summary>Copies <paramref name="source"/> (not longer than this view) in pieces of <paramref name="piece"/> elements.</summary>
    internal void CopyFrom(ReadOnlySpan<T> source, int piece)
    {
        for (int start = 0; start < source.Length;)
        {
            int count = Math.Min(piece, source.Length - start);
            Memory.Context.CopyToDevice(ElementAddress(start), MemoryMarshal.AsBytes(source.Slice(start, count)));
            start += count;
        }
    }

    /// <summary>Copies this view into <paramref name="destination"/> (exactly as long) in pieces of <paramref name="piece"/> elements.</summary>
    internal void CopyTo(Span<T> destination, int piece)
    {
        for (int start = 0; start < destination.Length;)
        {
            int count = Math.Min(piece, destination.Length - start);
            Memory.Context.CopyToHost(MemoryMarshal.AsBytes(destination.Slice(start, count)), ElementAddress(start));
            start += count;
        }
    }

    /// <summary>Copies this view into <paramref name="destination"/> on the same device; it must be at least as long.</summary>
    public void CopyTo(DeviceSpan<T> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException(
                $"The destination has {destination.Length} elements but the source holds {Length}.", nameof(destination));
        }

        if (!ReferenceEquals(destination.Context, Context))
        {
            throw new ArgumentException("The destination belongs to another context.", nameof(destination));
        }

        if (Length > 0)
        {
            Memory.Context.CopyOnDevice(destination.Address, Address, SizeInBytes);
        }
    }

    /// <summary>Copies this view into a new host array.</summary>
    public T[] ToArray()
    {
        T[] result = new T[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>Sets every byte in view to zero.</summary>
    public void Clear()
    {
        if (Length > 0)
        {
            Memory.Context.Fill(Address, SizeInBytes, 0);
        }
    }

    /// <summary>
    /// The memory as a host span; only for the CPU backend, where device memory is host memory. Generated CPU launch code
    /// uses it to call the kernel's C# body.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public unsafe Span<T> AsCpuSpan()
    {
        if (_memory is not null && _memory.Context is not Cpu.CpuContext)
        {
            throw new InvalidOperationException("AsCpuSpan is only valid for buffers of the CPU backend.");
        }

        return _memory is null ? default : new((void*)Address, Length);
    }

    /// <summary>
    /// Checks that this span can be passed to <paramref name="kernel"/> running on <paramref name="context"/> and returns
    /// its device address. Called by the backends' argument loaders.
    /// </summary>
    internal nint GetArgumentAddress(GpuContext context, KernelDescriptor kernel, string parameter)
    {
        if (_memory is null)
        {
            return 0;
        }

        if (_memory.IsDisposed)
        {
            throw new ObjectDisposedException(
                $"DeviceBuffer<{typeof(T).Name}>",
                $"The buffer passed as '{parameter}' to kernel {kernel.DisplayName} was disposed.");
        }

        if (!ReferenceEquals(_memory.Context, context))
        {
            throw new ArgumentException(
                $"The buffer passed as '{parameter}' to kernel {kernel.DisplayName} belongs to another GpuContext.", parameter);
        }

        GraphCapture.Retain(_memory, context);

        // The buffer and its context (which the launcher resolved) were both checked just above.
        return _memory.UncheckedAddress + (nint)((long)_start * Unsafe.SizeOf<T>());
    }

    /// <summary>
    /// The address of this view for a collective on <paramref name="context"/> (checked by the caller to own it), after
    /// checking the buffer is alive; a graph being captured keeps the memory alive.
    /// </summary>
    internal nint CollectiveAddress(GpuContext context)
    {
        nint address = Address;
        GraphCapture.Retain(Memory, context);
        return address;
    }

    internal nint Address => Memory.Address + (nint)((long)_start * Unsafe.SizeOf<T>());

    private nint ElementAddress(int index) => Memory.Address + (nint)(((long)_start + index) * Unsafe.SizeOf<T>());

    internal long SizeInBytes => (long)Length * Unsafe.SizeOf<T>();

    private DeviceMemory Memory => _memory ?? throw new InvalidOperationException("This DeviceSpan is empty (default).");

    /// <inheritdoc/>
    public override string ToString() => $"DeviceSpan<{typeof(T).Name}>[{Length}]";
}
