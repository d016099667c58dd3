using System.Collections.Concurrent;
using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

// Device globals and constant arrays: the __device__ and __constant__ variables of a loaded module, found with
// cuModuleGetGlobal (loading the module first if no kernel of it has run yet) and copied to and from like any device
// memory, so a copy is ordered with the work queued before it, as cudaMemcpyToSymbol is.
public sealed partial class CudaContext
{
    private readonly ConcurrentDictionary<DeviceSymbol, nint> _symbols = new();

    internal override void WriteSymbol(DeviceSymbol symbol, int offset, ReadOnlySpan<byte> bytes) =>
        CopyToDevice(SymbolAddress(symbol) + offset, bytes);

    internal override void ReadSymbol(DeviceSymbol symbol, int offset, Span<byte> bytes) =>
        CopyToHost(bytes, SymbolAddress(symbol) + offset);

    private nint SymbolAddress(DeviceSymbol symbol)
    {
        ThrowIfDisposed();
        if (_symbols.TryGetValue(symbol, out nint address))
        {
            return address;
        }

        // DeviceSymbol checked the binding before calling here.
        (GpuModule module, string cudaName, string displayName) = symbol.Binding!.Value;
        nint handle = OutsideCapture((Context: this, Module: module), static s => s.Context.LoadModule(s.Module));
        CUresult result = cuModuleGetGlobal_v2(out address, out nuint bytes, handle, cudaName);
        Check(result, $"cuModuleGetGlobal_v2({cudaName}) for {displayName}");
        if ((long)bytes != symbol.Bytes)
        {
            throw new InvalidOperationException(
                $"The module {module.Name} defines {cudaName} ({displayName}) as {bytes} bytes, not the {symbol.Bytes} of its C# declaration: rebuild so the generated code matches.");
        }

        return _symbols.GetOrAdd(symbol, address);
    }
}
