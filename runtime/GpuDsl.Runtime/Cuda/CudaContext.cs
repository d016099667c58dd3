using System.Diagnostics.CodeAnalysis;

namespace GpuDsl.Cuda;

/// <summary>A CUDA device context (stub).</summary>
public sealed class CudaContext : GpuContext
{
    private CudaContext(DeviceInfo device) : base(device, null)
    {
    }

    /// <inheritdoc/>
    public override GpuBackend Backend => GpuBackend.Cuda;

    /// <inheritdoc/>
    public override GpuStream DefaultStream => throw new NotImplementedException();

    internal static CudaContext Create(int ordinal) => throw new NotImplementedException();

    internal static bool TryCreate(int ordinal, [NotNullWhen(true)] out CudaContext? context, out string? reason)
    {
        context = null;
        reason = "not implemented";
        return false;
    }

    /// <summary>Launches a kernel with packed arguments.</summary>
    public void Launch(KernelDescriptor kernel, in LaunchConfig config, ReadOnlySpan<byte> arguments) => throw new NotImplementedException();

    /// <inheritdoc/>
    public override GpuStream CreateStream() => throw new NotImplementedException();

    /// <inheritdoc/>
    public override GpuEvent CreateEvent() => throw new NotImplementedException();

    /// <inheritdoc/>
    public override void Synchronize() { }

    private protected override void DisposeCore() { }

    internal override nint AllocateMemory(long bytes) => throw new NotImplementedException();
    internal override void FreeMemory(nint address) => throw new NotImplementedException();
    internal override void CopyToDevice(nint destination, ReadOnlySpan<byte> source) => throw new NotImplementedException();
    internal override void CopyToHost(Span<byte> destination, nint source) => throw new NotImplementedException();
    internal override void CopyOnDevice(nint destination, nint source, long bytes) => throw new NotImplementedException();
    internal override void Fill(nint destination, long bytes, byte value) => throw new NotImplementedException();
}
