using GpuDsl;

namespace Bench;

/// <summary>The kernel whose launches are timed: almost no work, so the time is the launch's.</summary>
public static partial class BenchKernels
{
    /// <summary>Thread 0 of block 0 stores <paramref name="value"/>, so the last launch can be checked.</summary>
    [Kernel]
    public static void Touch(Span<int> x, int value)
    {
        if (Gpu.BlockIdx.X == 0 && Gpu.ThreadIdx.X == 0) x[0] = value;
    }
}
