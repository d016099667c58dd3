using System.Runtime.InteropServices;
using GpuDsl.Cpu;

namespace GpuDsl;

/// <summary>
/// A variable that lives in GPU memory for as long as a context holds the module of the kernels that use it: a
/// <see cref="DeviceGlobal{T}"/> (CUDA <c>__device__</c>) or a <see cref="ConstantArray{T}"/> (CUDA <c>__constant__</c>).
/// Each context has its own copy, zero until the host sets it.
/// </summary>
/// <remarks>
/// Why objects rather than plain static fields marked with an attribute: the CPU backend runs a kernel's C# as it is,
/// and a plain static field would be one variable for the whole process, while on the GPU each context (each device)
/// has its own. An object's <c>Value</c> or indexer can find the copy of the context whose kernel is running, so the
/// same C# means the same thing on both backends; and the object is what the host names to set or get the copy of a
/// context, with types checked by C#.
/// </remarks>
public abstract class DeviceSymbol
{
    private protected DeviceSymbol(int length, int elementSize)
    {
        ElementCount = length;
        ElementSize = elementSize;
    }

    /// <summary>Elements: 1 for a <see cref="DeviceGlobal{T}"/>.</summary>
    internal int ElementCount { get; }

    internal int ElementSize { get; }

    internal int Bytes => ElementCount * ElementSize;

    /// <summary>The module that defines the symbol and its CUDA name, set by the generated code of the class that declares it.</summary>
    internal (GpuModule Module, string CudaName, string DisplayName)? Binding { get; private set; }

    internal void Bind(GpuModule module, string cudaName, string displayName) => Binding = (module, cudaName, displayName);

    /// <summary>The C# name, <c>Class.Field</c>, once the generated code has bound it.</summary>
    public override string ToString() => Binding?.DisplayName ?? GetType().Name;

    /// <summary>A zeroed copy for one CPU context.</summary>
    internal abstract Array NewStorage();

    /// <summary>The storage of the context whose kernel the current thread runs on the CPU backend.</summary>
    private protected Array CurrentStorage(string what) =>
        (CpuThread.t_current?.Context ?? throw new InvalidOperationException(
            $"{what} of {this} can only be used inside a kernel (each context has its own copy); on the host call Get or Set with the context."))
        .SymbolStorage(this);

    private protected void Write(GpuContext context, int offset, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ThrowIfUnbound();
        context.WriteSymbol(this, offset, bytes);
    }

    private protected void Read(GpuContext context, int offset, Span<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ThrowIfUnbound();
        context.ReadSymbol(this, offset, bytes);
    }

    /// <summary>
    /// Both backends refuse a symbol no kernel uses, which no CUDA module defines, so that what works on the CPU works on
    /// the GPU.
    /// </summary>
    private void ThrowIfUnbound()
    {
        if (Binding is null)
        {
            throw new InvalidOperationException(
                $"No kernel uses this {GetType().Name.Split('`')[0]}, so no CUDA module defines it. A device global or constant array " +
                "is a static readonly field of the class whose kernels (or the [Device] methods they call) use it; that class's " +
                "generated code binds it when the class is first used.");
        }
    }

    private protected static ReadOnlySpan<byte> BytesOf<T>(ReadOnlySpan<T> values) where T : unmanaged => MemoryMarshal.AsBytes(values);

    private protected static Span<byte> BytesOf<T>(Span<T> values) where T : unmanaged => MemoryMarshal.AsBytes(values);
}
