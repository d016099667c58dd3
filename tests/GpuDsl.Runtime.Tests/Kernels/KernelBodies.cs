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
