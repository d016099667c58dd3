namespace GpuDsl.Runtime.Tests.Kernels;

// Bodies written by hand for the tests of the CPU backend's engine (CpuContext.Run): kernels the generator rejects on
// purpose (they throw), descriptors that say something false (an undeclared barrier), and the race-check kernels, whose
// bodies call checked copies written by hand. Everything else launches through the generated launchers.

internal readonly struct CountVisitsBody(DeviceSpan<int> visits) : ICpuKernel
{
    public void Execute() => TestKernels.CountVisits(visits.AsCpuSpan());
}

internal readonly struct CountBlocksThenFailBody(DeviceSpan<int> startedBlocks, int failingBlock) : ICpuKernel
{
    public void Execute() => TestKernels.CountBlocksThenFail(startedBlocks.AsCpuSpan(), failingBlock);
}

internal readonly struct CountFlagsAfterBarrierBody(DeviceSpan<int> flags, DeviceSpan<int> seen) : ICpuKernel
{
    public void Execute() => TestKernels.CountFlagsAfterBarrier(flags.AsCpuSpan(), seen.AsCpuSpan());
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
