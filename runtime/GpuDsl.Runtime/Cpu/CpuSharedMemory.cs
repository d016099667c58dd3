using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

/// <summary>
/// One block's shared memory on the CPU backend. The n-th <see cref="Gpu.Shared{T}"/> call a thread makes gets the
/// block's n-th array, so every thread of the block sees the same memory, as on the GPU (where each call site is one
/// static <c>__shared__</c> array). Arrays are reused from block to block and, as on the GPU, not cleared.
/// </summary>
internal sealed class CpuSharedMemory(int dynamicBytes, bool concurrent)
{
    private readonly List<byte[]> _static = new();
    private byte[]? _dynamic;

    public Span<T> Static<T>(int slot, int length) where T : unmanaged
    {
        int bytes = checked(length * Marshal.SizeOf<T>());
        if (!concurrent)
        {
            return MemoryMarshal.Cast<byte, T>(Slot(slot, bytes).AsSpan(0, bytes));
        }

        lock (_static)
        {
            return MemoryMarshal.Cast<byte, T>(Slot(slot, bytes).AsSpan(0, bytes));
        }
    }

    /// <summary>The dynamic shared memory the launch asked for, viewed as <typeparamref name="T"/>.</summary>
    public Span<T> Dynamic<T>() where T : unmanaged
    {
        if (_dynamic is null)
        {
            lock (_static)
            {
                _dynamic ??= new byte[dynamicBytes];
            }
        }

        return MemoryMarshal.Cast<byte, T>(_dynamic.AsSpan());
    }

    private byte[] Slot(int slot, int bytes)
    {
        while (_static.Count <= slot)
        {
            _static.Add(Array.Empty<byte>());
        }

        if (_static[slot].Length < bytes)
        {
            _static[slot] = new byte[bytes];
        }

        return _static[slot];
    }
}
