namespace GpuDsl;

/// <summary>
/// Marks a <see langword="static"/> method as a GPU helper function (a CUDA <c>__device__</c> function) that kernels and
/// other device functions may call. It is translated to CUDA C at compile time, and still runs as ordinary C# on the
/// CPU backend.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class DeviceAttribute : Attribute
{
    /// <summary>
    /// Whether this device function may compute <c>a * b + c</c> as one fused multiply-add (one rounding, faster) instead of rounding
    /// the product and the sum separately as C# does. Unset, it follows the project's <c>GpuDslContractFloatingPoint</c>
    /// property (false by default). Set true, each multiply-add within one expression (and <c>s += a * b</c>) is fused;
    /// set false, its products are never fused, even in a project that contracts. The CPU backend always rounds as C#.
    /// </summary>
    public bool ContractFloatingPoint { get; set; }
}
