namespace GpuDsl.Cpu;

/// <summary>The emulated GPU thread that the current OS thread is running (stub; replaced by the CPU backend).</summary>
internal sealed class CpuThread
{
    [ThreadStatic]
    internal static CpuThread? t_current;

    public Dim3 ThreadIdx;
    public Dim3 BlockIdx;
    public Dim3 BlockDim;
    public Dim3 GridDim;

    public static CpuThread Current => t_current ?? throw new InvalidOperationException(
        "Gpu.ThreadIdx, BlockIdx, BlockDim, GridDim and SyncThreads are only available inside a kernel launched on the CPU backend.");

    public void SyncThreads() => throw new NotImplementedException();
}
