namespace GpuDsl;

/// <summary>Where a <see cref="GpuContext"/> runs kernels.</summary>
public enum GpuBackend
{
    /// <summary>A CUDA device if one is usable, otherwise the CPU backend (see <see cref="GpuContext.FallbackReason"/>).
    /// The environment variable <c>GPUDSL_BACKEND</c> (<c>cuda</c> or <c>cpu</c>) overrides it.</summary>
    Auto,

    /// <summary>A CUDA device through the driver API; kernels are compiled with NVRTC.</summary>
    Cuda,

    /// <summary>The CPU backend: kernels run as ordinary C#, one emulated thread at a time, blocks in parallel.</summary>
    Cpu,
}
