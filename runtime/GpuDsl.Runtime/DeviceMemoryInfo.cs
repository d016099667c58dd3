namespace GpuDsl;

/// <summary>A snapshot of a device's memory, from <see cref="GpuContext.GetMemoryInfo"/>.</summary>
/// <param name="FreeBytes">Bytes not allocated by anyone: this process, other processes, or the driver itself.</param>
/// <param name="TotalBytes">Bytes of memory the device has.</param>
public readonly record struct DeviceMemoryInfo(long FreeBytes, long TotalBytes)
{
    /// <summary>Bytes in use: <see cref="TotalBytes"/> less <see cref="FreeBytes"/>.</summary>
    public long UsedBytes => TotalBytes - FreeBytes;

    /// <inheritdoc/>
    public override string ToString() => $"{FreeBytes / (1024.0 * 1024):N1} MiB free of {TotalBytes / (1024.0 * 1024):N1} MiB";
}
