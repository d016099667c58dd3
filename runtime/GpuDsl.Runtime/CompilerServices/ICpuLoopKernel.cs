using System.ComponentModel;

namespace GpuDsl.CompilerServices;

/// <summary>
/// A kernel's arguments bound for the CPU backend, for a kernel that calls <see cref="Gpu.SyncThreads"/>: either its
/// loop form (see <see cref="Cpu.CpuLoopForm"/>) or why it has none, in which case its threads run on OS threads that meet
/// at real barriers. Implemented by generated structs only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICpuLoopKernel : ICpuKernel
{
    /// <summary>Why the kernel has no loop form, or <see langword="null"/> when it has one.</summary>
    string? ThreadFormReason { get; }

    /// <summary>Starts the loop form for the emulated thread that <see cref="Gpu"/> currently describes; the
    /// iterator runs nothing until it is first advanced.</summary>
    IEnumerator<int> Loop();
}
