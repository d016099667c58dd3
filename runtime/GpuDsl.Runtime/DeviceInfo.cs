namespace GpuDsl;

/// <summary>What a device is and the limits a launch must respect.</summary>
/// <param name="Name">The device's name, e.g. <c>NVIDIA H200</c>, or <c>CPU (16 cores)</c>.</param>
/// <param name="ComputeCapabilityMajor">CUDA compute capability, major part (9 for Hopper); 0 on the CPU backend.</param>
/// <param name="ComputeCapabilityMinor">CUDA compute capability, minor part.</param>
/// <param name="MultiprocessorCount">Streaming multiprocessors, or cores on the CPU backend.</param>
/// <param name="MaxThreadsPerBlock">The most threads one block may have.</param>
/// <param name="MaxBlockDim">The largest block extent in each dimension.</param>
/// <param name="MaxGridDim">The largest grid extent in each dimension.</param>
/// <param name="MaxSharedMemoryPerBlock">Bytes of shared memory a block may use without opting in to more.</param>
/// <param name="WarpSize">Threads per warp (32).</param>
/// <param name="TotalMemory">Bytes of device memory.</param>
public sealed record DeviceInfo(
    string Name,
    int ComputeCapabilityMajor,
    int ComputeCapabilityMinor,
    int MultiprocessorCount,
    int MaxThreadsPerBlock,
    Dim3 MaxBlockDim,
    Dim3 MaxGridDim,
    int MaxSharedMemoryPerBlock,
    int WarpSize,
    long TotalMemory)
{
    /// <summary>The compute capability as NVRTC's architecture name, e.g. <c>sm_90</c>.</summary>
    public string Architecture => $"sm_{ComputeCapabilityMajor}{ComputeCapabilityMinor}";

    /// <inheritdoc/>
    public override string ToString() => ComputeCapabilityMajor > 0
        ? $"{Name} (compute capability {ComputeCapabilityMajor}.{ComputeCapabilityMinor}, {MultiprocessorCount} SMs, {TotalMemory / (1024 * 1024)} MiB)"
        : Name;
}
