namespace GpuDsl.Cpu;

/// <summary>The CPU backend (stub).</summary>
public sealed class CpuContext : GpuContext
{
    internal CpuContext(string? fallbackReason)
        : base(new DeviceInfo("CPU", 0, 0, Environment.ProcessorCount, 1024, new Dim3(1024, 1024, 64), new Dim3(int.MaxValue, 65535, 65535), 48 * 1024, 32, 0), fallbackReason)
    {
    }

    /// <inheritdoc/>
    public override GpuBackend Backend => GpuBackend.Cpu;

    /// <inheritdoc/>
    public override GpuStream DefaultStream => throw new NotImplementedException();

    /// <summary>Runs a kernel on the CPU.</summary>
    public void Launch<TKernel>(KernelDescriptor kernel, in LaunchConfig config, TKernel body) where TKernel : struct, ICpuKernel => throw new NotImplementedException();

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
