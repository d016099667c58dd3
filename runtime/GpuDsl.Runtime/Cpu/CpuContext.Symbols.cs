using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

// Device globals and constant arrays: each CPU context keeps its own zeroed array per symbol, created at first use, which
// the kernels it runs read through DeviceGlobal<T>.Value and ConstantArray<T>'s indexer, as each CUDA context has its own
// copy of a module's variables.
public sealed partial class CpuContext
{
    private readonly ConcurrentDictionary<DeviceSymbol, Array> _symbols = new();

    /// <summary>This context's copy of <paramref name="symbol"/>, an array of its elements.</summary>
    internal Array SymbolStorage(DeviceSymbol symbol) => _symbols.GetOrAdd(symbol, static s => s.NewStorage());

    internal override void WriteSymbol(DeviceSymbol symbol, int offset, ReadOnlySpan<byte> bytes)
    {
        ThrowIfDisposed();
        bytes.CopyTo(Bytes(symbol)[offset..]);
    }

    internal override void ReadSymbol(DeviceSymbol symbol, int offset, Span<byte> bytes)
    {
        ThrowIfDisposed();
        Bytes(symbol).Slice(offset, bytes.Length).CopyTo(bytes);
    }

    private Span<byte> Bytes(DeviceSymbol symbol) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(SymbolStorage(symbol)), symbol.Bytes);
}
