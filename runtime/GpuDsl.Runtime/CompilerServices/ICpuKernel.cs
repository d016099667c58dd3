using System.ComponentModel;

namespace GpuDsl.CompilerServices;

/// <summary>
/// One kernel invocation's arguments, bound for the CPU backend: <see cref="Execute"/> runs the kernel's C# body for the
/// current emulated thread. Implemented by generated structs so that a CPU launch allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICpuKernel
{
    /// <summary>Runs the kernel body once, for the emulated thread that <see cref="Gpu"/> currently describes.</summary>
    void Execute();
}
