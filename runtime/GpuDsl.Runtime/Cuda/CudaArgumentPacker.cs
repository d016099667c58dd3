using System.Runtime.CompilerServices;

namespace GpuDsl.Cuda;

/// <summary>
/// Packs a launch's arguments as a CUDA kernel's parameters lie in memory, each at its natural alignment: a span is its
/// device pointer then its length as an <c>int</c>; a 2D span the pointer then rows, columns and pitch; a 3D span the
/// pointer then slices, rows, columns and pitch; anything else its bytes, whose C# and CUDA layouts agree (the generated
/// CUDA asserts it). Checks each buffer on the way (<see cref="ArgumentCheck"/>). It writes into the block it is given
/// while the parameters fit and counts on past the end, so a caller whose block was too small can allocate
/// <see cref="Size"/> bytes and pack again.
/// </summary>
internal unsafe struct CudaArgumentPacker(GpuContext context, KernelDescriptor kernel, byte* block, int capacity) : IKernelArgumentLoader
{
    private ArgumentCheck _check = new(context, kernel);

    /// <summary>The bytes the parameters take, up to the end of the last one.</summary>
    public int Size { get; private set; }

    /// <summary>Whether a read-only span argument overlaps a writable one.</summary>
    public readonly bool Overlap => _check.Views.Overlap;

    /// <summary>Throws the message that names them when a read-only span argument overlaps a writable one.</summary>
    public readonly void ThrowIfOverlapping<TArguments>(in TArguments arguments) where TArguments : struct, IKernelArguments =>
        _check.ThrowIfOverlapping(in arguments);

    public void Span<T>(DeviceSpan<T> span, string name, bool readOnly) where T : unmanaged
    {
        Put(_check.Address(span, name, readOnly), sizeof(nint));
        Put(span.Length, sizeof(int));
    }

    public void Span2D<T>(DeviceSpan2D<T> span, string name, bool readOnly) where T : unmanaged
    {
        Put(_check.Address(span.Elements, name, readOnly), sizeof(nint));
        Put(span.Rows, sizeof(int));
        Put(span.Columns, sizeof(int));
        Put(span.Pitch, sizeof(int));
    }

    public void Span3D<T>(DeviceSpan3D<T> span, string name, bool readOnly) where T : unmanaged
    {
        Put(_check.Address(span.Elements, name, readOnly), sizeof(nint));
        Put(span.Slices, sizeof(int));
        Put(span.Rows, sizeof(int));
        Put(span.Columns, sizeof(int));
        Put(span.Pitch, sizeof(int));
    }

    public void Value<T>(in T value, int alignment) where T : unmanaged => Put(value, alignment);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Put<T>(in T value, int alignment) where T : unmanaged
    {
        int offset = (Size + alignment - 1) & -alignment; // alignments are powers of two
        Size = offset + sizeof(T);
        if (Size <= capacity)
        {
            Unsafe.WriteUnaligned(block + offset, value);
        }
    }
}
