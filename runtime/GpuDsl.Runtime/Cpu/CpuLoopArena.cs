using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

/// <summary>
/// The memory of the <c>stackalloc</c> arrays of a block's threads in the loop form (see <see cref="CpuLoopForm"/>): an
/// iterator has no stack frame of its own across a barrier, so each <c>stackalloc</c> takes zeroed bytes from this
/// pinned arena instead, which the block's OS thread empties when it starts the next block.
/// </summary>
internal sealed class CpuLoopArena
{
    private const int ChunkBytes = 64 * 1024;

    private readonly List<byte[]> _full = new();
    private byte[] _chunk = GC.AllocateUninitializedArray<byte>(ChunkBytes, pinned: true);
    private int _used;

    /// <summary><paramref name="length"/> zeroed elements that stay put until <see cref="Reset"/>.</summary>
    public Span<T> Allocate<T>(int length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int bytes = checked(length * Marshal.SizeOf<T>());
        int start = (_used + 15) & ~15;
        if (start + bytes > _chunk.Length)
        {
            _full.Add(_chunk);
            _chunk = GC.AllocateUninitializedArray<byte>(Math.Max(ChunkBytes, bytes), pinned: true);
            start = 0;
        }

        _used = start + bytes;
        Span<byte> memory = _chunk.AsSpan(start, bytes);
        memory.Clear();
        return MemoryMarshal.Cast<byte, T>(memory);
    }

    /// <summary>Frees everything, for the next block; keeps the largest chunk.</summary>
    public void Reset()
    {
        foreach (byte[] chunk in _full)
        {
            if (chunk.Length > _chunk.Length)
            {
                _chunk = chunk;
            }
        }

        _full.Clear();
        _used = 0;
    }
}
