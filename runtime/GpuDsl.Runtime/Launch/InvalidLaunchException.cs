namespace GpuDsl;

/// <summary>
/// A launch configuration breaks a limit of the device or of the kernel. Thrown before anything is launched, naming the
/// kernel, the limit and the value.
/// </summary>
public sealed class InvalidLaunchException : ArgumentException
{
    private InvalidLaunchException(string kernel, string limit, long limitValue, long value, string message)
        : base(message)
    {
        Kernel = kernel;
        Limit = limit;
        LimitValue = limitValue;
        Value = value;
    }

    /// <summary>A value above a device or kernel limit: "... (MaxThreadsPerBlock is 1,024, the launch asks for 2,048)."</summary>
    internal static InvalidLaunchException AboveLimit(string kernel, string limit, long limitValue, long value, string detail) =>
        new(kernel, limit, limitValue, value,
            $"Cannot launch {kernel}: {detail} ({limit} is {limitValue:N0}, the launch asks for {value:N0}).");

    /// <summary>
    /// A value below a minimum (an extent of 0, negative shared memory): <paramref name="detail"/> says the minimum and
    /// the value itself, since "(Limit is 1, ...)" would read as a maximum.
    /// </summary>
    internal static InvalidLaunchException BelowMinimum(string kernel, string dimension, long minimum, long value, string detail) =>
        new(kernel, dimension, minimum, value, $"Cannot launch {kernel}: {detail}.");

    /// <summary>
    /// A launch that breaks what the kernel's own code assumes of it (see <c>CompilerServices.LaunchRequirements</c>):
    /// <paramref name="message"/> says which code, the value and what to launch instead.
    /// </summary>
    internal static InvalidLaunchException Unmet(string kernel, string limit, long limitValue, long value, string message) =>
        new(kernel, limit, limitValue, value, $"Cannot launch {kernel}: {message}");

    /// <summary>The kernel, as <c>Class.Method</c>.</summary>
    public string Kernel { get; }

    /// <summary>
    /// The limit that was broken, e.g. <c>MaxThreadsPerBlock</c>, or for an extent below 1 the dimension, e.g.
    /// <c>Grid.X</c> (whose <see cref="LimitValue"/> is then the minimum, 1).
    /// </summary>
    public string Limit { get; }

    /// <summary>The limit's value on this device and kernel (the minimum, for an extent below 1).</summary>
    public long LimitValue { get; }

    /// <summary>The value the launch asked for.</summary>
    public long Value { get; }
}
