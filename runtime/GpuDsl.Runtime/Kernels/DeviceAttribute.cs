namespace GpuDsl;

/// <summary>
/// Marks a <see langword="static"/> method as a GPU helper function (a CUDA <c>__device__</c> function) that kernels and
/// other device functions may call. It is translated to CUDA C at compile time, and still runs as ordinary C# on the
/// CPU backend.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class DeviceAttribute : Attribute
{
}
