using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

/// <summary>
/// One block's shared memory on the CPU backend. The n-th <see cref="Gpu.Shared{T}"/> call a thread makes gets the
/// block's n-th array, so every thread of the block sees the same memory, as on the GPU (where each call site is one
/// static <c>__shared__</c> array). Arrays are reused from block to block and, as on the GPU, not cleared.
/// </summary>
/// <param name="dynamicBytes">The launch's dynamic shared memory per block.</param>
/// <param name="concurrent">Whether the threads of a block run at once, so that allocating an array needs a lock.</param>
/// <param name="raceCheck">The race check that watches this memory, or <see langword="null"/>.</param>
internal sealed class CpuSharedMemory(int dynamicBytes, bool concurrent, CpuRaceCheck? raceCheck = null)
{
    private readonly List<byte[]> _static = new();
    private byte[]? _dynamic;

    /// <summary>Static shared array <paramref name="slot"/>, of <paramref name="length"/> elements.</summary>
    /// <param name="slot">Which <see cref="Gpu.Shared{T}"/> call of the thread this is, from 0.</param>
    /// <param name="length">Its element count.</param>
    /// <param name="file">The C# file of the call, for race reports.</param>
    /// <param name="line">Its line.</param>
    public Span<T> Static<T>(int slot, int length, string file, int line) where T : unmanaged
    {
        int bytes = checked(length * Marshal.SizeOf<T>());
        if (!concurrent)
        {
            return MemoryMarshal.Cast<byte, T>(Slot<T>(slot, bytes, length, file, line).AsSpan(0, bytes));
        }

        lock (_static)
        {
            return MemoryMarshal.Cast<byte, T>(Slot<T>(slot, bytes, length, file, line).AsSpan(0, bytes));
        }
    }

    /// <summary>The dynamic shared memory the launch asked for, viewed as <typeparamref name="T"/>.</summary>
    /// <param name="file">The C# file of the <see cref="Gpu.DynamicShared{T}"/> call, for race reports.</param>
    /// <param name="line">Its line.</param>
    public Span<T> Dynamic<T>(string file, int line) where T : unmanaged
    {
        if (_dynamic is null)
        {
            lock (_static)
            {
                _dynamic ??= raceCheck is null ? GC.AllocateArray<byte>(dynamicBytes, pinned: true) : CpuRaceCheck.Allocate(dynamicBytes);
            }
        }

        raceCheck?.TrackDynamic(_dynamic, $"the dynamic shared memory (Gpu.DynamicShared<{TypeName<T>()}>(), {Where(file, line)})", Marshal.SizeOf<T>());
        return MemoryMarshal.Cast<byte, T>(_dynamic.AsSpan());
    }

    private byte[] Slot<T>(int slot, int bytes, int length, string file, int line) where T : unmanaged
    {
        while (_static.Count <= slot)
        {
            _static.Add(Array.Empty<byte>());
        }

        if (_static[slot].Length < bytes)
        {
            if (raceCheck is null)
            {
                // Pinned: the loop form keeps views of it (CpuSpan) across barriers, which must not see it move.
                _static[slot] = GC.AllocateArray<byte>(bytes, pinned: true);
            }
            else
            {
                _static[slot] = CpuRaceCheck.Allocate(bytes);
                raceCheck.TrackStatic(
                    slot, _static[slot], $"the Gpu.Shared<{TypeName<T>()}>({length}) array of {Where(file, line)}", Marshal.SizeOf<T>());
            }
        }

        return _static[slot];
    }

    private static string Where(string file, int line) => $"{Path.GetFileName(file)} line {line}";

    /// <summary>The C# name of an element type: <c>float</c> rather than <c>Single</c>.</summary>
    private static string TypeName<T>() => typeof(T).IsEnum ? typeof(T).Name : Type.GetTypeCode(typeof(T)) switch
    {
        TypeCode.Boolean => "bool",
        TypeCode.Byte => "byte",
        TypeCode.SByte => "sbyte",
        TypeCode.Int16 => "short",
        TypeCode.UInt16 => "ushort",
        TypeCode.Int32 => "int",
        TypeCode.UInt32 => "uint",
        TypeCode.Int64 => "long",
        TypeCode.UInt64 => "ulong",
        TypeCode.Single => "float",
        TypeCode.Double => "double",
        _ => typeof(T).Name,
    };
}
