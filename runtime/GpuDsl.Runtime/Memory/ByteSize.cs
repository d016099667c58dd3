namespace GpuDsl;

/// <summary>Byte counts for messages: "1.5 GiB", "640 KiB", "12 bytes".</summary>
internal static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes} bytes",
    };
}
