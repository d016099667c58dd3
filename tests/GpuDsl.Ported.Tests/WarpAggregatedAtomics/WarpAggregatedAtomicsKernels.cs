// Ported from NVIDIA/cuda-samples, Samples/3_CUDA_Features/warpAggregatedAtomicsCG/warpAggregatedAtomicsCG.cu
// (atomicAggInc, filter_arr, atomicAggIncMulti, mapToBuckets). Cooperative groups are written out as the intrinsics they
// stand for: a group's thread_rank() is the lanes below this one in its mask, size() the mask's population count. The
// first translation (FirstTranslations/) takes the coalesced group inside the branch with Gpu.ActiveMask(), the
// labeled partition with Gpu.MatchAny and broadcasts with a masked Gpu.Shuffle; without those, the whole warp votes
// before the branch (Gpu.Ballot of the branch's condition, one ballot per bucket for the labeled partition) and
// every lane takes part in the full-warp shuffle.
using System.Numerics;

namespace GpuDsl.Ported.Tests.WarpAggregatedAtomics;

public static partial class WarpAggregatedAtomicsKernels
{
    public const int NUM_THREADS_PER_BLOCK = 512;

    // The warp-uniform grid-stride loops below run whole warps (the element counts are multiples of 32); GPU0029 cannot
    // know that.
#pragma warning disable GPU0029
    [Kernel]
    public static void FilterArr(Span<int> dst, Span<int> nres, ReadOnlySpan<int> src, int n)
    {
        int id = Gpu.ThreadIdx.X + Gpu.BlockIdx.X * Gpu.BlockDim.X;

        for (int i = id; i < n; i += Gpu.GridDim.X * Gpu.BlockDim.X)
        {
            bool keep = src[i] > 0;

            // warp-aggregated atomic increment: the lanes that keep their element
            uint active = Gpu.Ballot(keep);
            int thread_rank = BitOperations.PopCount(active & ((1u << Gpu.LaneId) - 1));

            // leader does the update
            int res = 0;
            if (keep && thread_rank == 0)
            {
                res = Gpu.AtomicAdd(ref nres[0], BitOperations.PopCount(active));
            }

            // broadcast result
            res = Gpu.Shuffle(res, BitOperations.TrailingZeroCount(active));

            // each thread computes its own value
            if (keep) dst[res + thread_rank] = src[i];
        }
    }

    // Places individual value indices into its corresponding buckets.
    [Kernel]
    public static void MapToBuckets(ReadOnlySpan<int> srcArr, Span<int> indicesBuckets, Span<int> bucketCounters, int srcSize, int numOfBuckets)
    {
        for (int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X; i < srcSize; i += Gpu.GridDim.X * Gpu.BlockDim.X)
        {
            int bucket = srcArr[i];
            bool inRange = bucket < numOfBuckets;

            // group all threads with same bucket value.
            uint labeledGroup = 0;
            for (int b = 0; b < numOfBuckets; b++)
            {
                uint lanes = Gpu.Ballot(inRange && bucket == b);
                if (bucket == b) labeledGroup = lanes;
            }

            int thread_rank = BitOperations.PopCount(labeledGroup & ((1u << Gpu.LaneId) - 1));

            int res = 0;
            if (inRange && thread_rank == 0)
            {
                res = Gpu.AtomicAdd(ref bucketCounters[bucket], BitOperations.PopCount(labeledGroup));
            }

            // broadcast result from the first lane of each group
            int leader = BitOperations.TrailingZeroCount(labeledGroup);
            res = Gpu.Shuffle(res, leader);

            // each thread computes its own value
            if (inRange) indicesBuckets[res + thread_rank] = i;
        }
    }
#pragma warning restore GPU0029
}
