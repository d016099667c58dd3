using GpuDsl.Cuda;

namespace GpuDsl.Testing;

/// <summary>
/// CUDA device 0, opened once per test process on first use, or why there is none. The first use is test discovery:
/// <see cref="CudaFactAttribute"/> and <see cref="BackendDataAttribute"/> ask here whether there are CUDA cases. Opening
/// the primary context once for the whole run also keeps it from dominating the run time.
/// </summary>
internal static class CudaDevice
{
    private static readonly Lazy<(CudaContext? Context, string? Absence)> s_device = new(() =>
        CudaContext.TryCreate(0, out CudaContext? context, out string? reason) ? (context, null) : (null, $"No CUDA device: {reason}"));

    /// <summary>The context on device 0, or null when there is no device.</summary>
    public static CudaContext? Context => s_device.Value.Context;

    /// <summary>True when device 0 opened: CUDA cases are discovered and run.</summary>
    public static bool IsPresent => s_device.Value.Context is not null;

    /// <summary>Why there is no device ("No CUDA device: ..."), or null when there is one.</summary>
    public static string? Absence => s_device.Value.Absence;

    /// <summary>Closes the context at the end of the run (by <see cref="Backends"/>, the assembly fixture).</summary>
    public static void Close()
    {
        if (s_device.IsValueCreated) s_device.Value.Context?.Dispose();
    }
}
