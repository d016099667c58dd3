namespace GpuDsl.Runtime.Tests.Kernels;

// Written by hand as the generator will write them: one struct per kernel, holding the arguments, whose Execute calls
// the C# kernel with host spans over the CPU backend's memory.

internal readonly struct VectorAddBody(DeviceSpan<float> a, DeviceSpan<float> b, DeviceSpan<float> c, int n) : ICpuKernel
{
    public void Execute() => TestKernels.VectorAdd(a.AsCpuSpan(), b.AsCpuSpan(), c.AsCpuSpan(), n);
}

internal readonly struct CountVisitsBody(DeviceSpan<int> visits) : ICpuKernel
{
    public void Execute() => TestKernels.CountVisits(visits.AsCpuSpan());
}

internal readonly struct MatrixAddBody(DeviceSpan<int> a, DeviceSpan<int> b, DeviceSpan<int> c, int width, int height) : ICpuKernel
{
    public void Execute() => TestKernels.MatrixAdd(a.AsCpuSpan(), b.AsCpuSpan(), c.AsCpuSpan(), width, height);
}

internal readonly struct SmoothBody(DeviceSpan<float> x, DeviceSpan<float> y) : ICpuKernel
{
    public void Execute() => TestKernels.Smooth(x.AsCpuSpan(), y.AsCpuSpan());
}

internal readonly struct ReadWithOneBadIndexBody(DeviceSpan<int> data, DeviceSpan<int> copy, int badThread) : ICpuKernel
{
    public void Execute() => TestKernels.ReadWithOneBadIndex(data.AsCpuSpan(), copy.AsCpuSpan(), badThread);
}

internal readonly struct CountBlocksThenFailBody(DeviceSpan<int> startedBlocks, int failingBlock) : ICpuKernel
{
    public void Execute() => TestKernels.CountBlocksThenFail(startedBlocks.AsCpuSpan(), failingBlock);
}

internal readonly struct BlockSumBody(DeviceSpan<long> input, DeviceSpan<long> scratch, DeviceSpan<long> blockSums) : ICpuKernel
{
    public void Execute() => TestKernels.BlockSum(input.AsCpuSpan(), scratch.AsCpuSpan(), blockSums.AsCpuSpan());
}

internal readonly struct CountFlagsAfterBarrierBody(DeviceSpan<int> flags, DeviceSpan<int> seen) : ICpuKernel
{
    public void Execute() => TestKernels.CountFlagsAfterBarrier(flags.AsCpuSpan(), seen.AsCpuSpan());
}

internal readonly struct ReturnEarlyInOneBlockBody(int divergentBlock, int returningThread) : ICpuKernel
{
    public void Execute() => TestKernels.ReturnEarlyInOneBlock(divergentBlock, returningThread);
}

internal readonly struct UnevenBarrierCountBody(int extraBelow) : ICpuKernel
{
    public void Execute() => TestKernels.UnevenBarrierCount(extraBelow);
}

internal readonly struct ThrowWhileOthersWaitBody(int throwingThread) : ICpuKernel
{
    public void Execute() => TestKernels.ThrowWhileOthersWait(throwingThread);
}

internal readonly struct WriteOneElementBody(DeviceSpan<int> seen) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.WriteOneElement(seen.AsCpuSpan());
}

internal readonly struct WriteOneElementThenSyncBody(DeviceSpan<int> seen) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.WriteOneElementThenSync(seen.AsCpuSpan());
}

internal readonly struct WriteDynamicElementBody(DeviceSpan<float> seen) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.WriteDynamicElement(seen.AsCpuSpan());
}

internal readonly struct TreeSumBody(DeviceSpan<int> input, DeviceSpan<int> sums) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.TreeSum(input.AsCpuSpan(), sums.AsCpuSpan());
}

internal readonly struct CountAtomicallyBody(DeviceSpan<int> counts) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.CountAtomically(counts.AsCpuSpan());
}

internal readonly struct HandOffInWarpBody(DeviceSpan<int> results) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.HandOffInWarp(results.AsCpuSpan());
}

internal readonly struct WarpSumBody(DeviceSpan<int> sums) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.WarpSum(sums.AsCpuSpan());
}

internal readonly struct ShuffleWithOneLaneGoneBody(DeviceSpan<int> values, int missingLane) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.ShuffleWithOneLaneGone(values.AsCpuSpan(), missingLane);
}

// Checked mode: the generator's CPU body calls the kernel's checked copy.

internal readonly struct RotateBody(DeviceSpan<int> output) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.Rotate__CpuChecked(output.AsCpuSpan());
}

internal readonly struct RotateAfterSyncBody(DeviceSpan<int> output) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.RotateAfterSync__CpuChecked(output.AsCpuSpan());
}

internal readonly struct ReadPastTheEndBody(DeviceSpan<int> data, DeviceSpan<int> copy, int badThread) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.ReadPastTheEnd__CpuChecked(data.AsCpuSpan(), copy.AsCpuSpan(), badThread);
}

internal readonly struct ReadPastTheEndInDeviceBody(DeviceSpan<int> data, DeviceSpan<int> copy, int badThread) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.ReadPastTheEndInDevice__CpuChecked(data.AsCpuSpan(), copy.AsCpuSpan(), badThread);
}

internal readonly struct WriteFieldsBody(DeviceSpan<int> seen, bool sameField) : ICpuKernel
{
    public void Execute() => SharedMemoryKernels.WriteFields__CpuChecked(seen.AsCpuSpan(), sameField);
}
