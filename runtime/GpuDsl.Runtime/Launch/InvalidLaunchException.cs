namespace GpuDsl;

/// <summary>
/// A launch configuration breaks a limit of the device or of the kernel. Thrown before anything is launched, naming the
/// kernel, the limit and the value.
/// </summary>
public sealed class InvalidLaunchException : ArgumentException
{
    internal InvalidLaunchException(string kernel, string limit, long limitValue, long value, string detail)
        : base($"Cannot launch {kernel}: {detail} ({limit} is {limitValue:N0}, the launch asks for {value:N0}).")
    {
        Kernel = kernel;
        Limit = limit;
        LimitValue = limitValue;
        Value = value;
    }

    /// <summary>The kernel, as <c>Class.Method</c>.</summary>
    public string Kernel { get; }

    /// <summary>The limit that was broken, e.g. <c>MaxThreadsPerBlock</c>.</summary>
    public string Limit { get; }

    /// <summary>The limit's value on this device and kernel.</summary>
    public long LimitValue { get; }

    /// <summary>The value the launch asked for.</summary>
    public long Value { get; }
}
