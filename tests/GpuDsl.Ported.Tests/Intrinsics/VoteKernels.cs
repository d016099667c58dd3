// Ported from NVIDIA/cuda-samples, Samples/0_Introduction/simpleVoteIntrinsics/simpleVote_kernel.cuh (VoteAnyKernel1,
// VoteAllKernel2, VoteAnyKernel3), line by line: __any_sync(mask, p) is Gpu.Any(mask, p), `bool *offs = info + k` is
// `info.Slice(k)`.
namespace GpuDsl.Ported.Tests.Intrinsics;

public static partial class VoteKernels
{
    // Kernel #1 tests the across-the-warp vote(any) intrinsic.
    // If ANY one of the threads (within the warp) of the predicated condition
    // returns a non-zero value, then all threads within this warp will return a
    // non-zero value
    [Kernel]
    public static void VoteAnyKernel1(Span<uint> input, Span<uint> result, int size)
    {
        int tx = Gpu.ThreadIdx.X;

        uint mask = 0xffffffff;
        result[tx] = Gpu.Any(mask, input[tx] != 0) ? 1u : 0u;
    }

    // Kernel #2 tests the across-the-warp vote(all) intrinsic.
    // If ALL of the threads (within the warp) of the predicated condition returns
    // a non-zero value, then all threads within this warp will return a non-zero
    // value
    [Kernel]
    public static void VoteAllKernel2(Span<uint> input, Span<uint> result, int size)
    {
        int tx = Gpu.ThreadIdx.X;

        uint mask = 0xffffffff;
        result[tx] = Gpu.All(mask, input[tx] != 0) ? 1u : 0u;
    }

    // Kernel #3 is a directed test for the across-the-warp vote(all) intrinsic.
    // This kernel will test for conditions across warps, and within half warps
    [Kernel]
    public static void VoteAnyKernel3(Span<bool> info, int warp_size)
    {
        int tx = Gpu.ThreadIdx.X;
        uint mask = 0xffffffff;
        Span<bool> offs = info.Slice(tx * 3);

        // The following should hold true for the second and third warp
        offs[0] = Gpu.Any(mask, (tx >= (warp_size * 3) / 2));
        // The following should hold true for the "upper half" of the second warp,
        // and all of the third warp
        offs[1] = (tx >= (warp_size * 3) / 2 ? true : false);

        // The following should hold true for the third warp only
        if (Gpu.All(mask, (tx >= (warp_size * 3) / 2)))
        {
            offs[2] = true;
        }
    }
}
