// Ported from NVIDIA/cuda-samples, Samples/3_CUDA_Features/warpAggregatedAtomicsCG/warpAggregatedAtomicsCG.cu
// (atomicAggInc, filter_arr, atomicAggIncMulti, mapToBuckets), line by line. Cooperative groups are written out as the
// intrinsics they stand for: cg::coalesced_threads() is Gpu.ActiveMask(), labeled_partition(active, bucket)
// Gpu.MatchAny, a group's thread_rank() the lanes below this one in its mask, size() the mask's population count, and
// shfl(res, 0) a masked shuffle from the group's first lane.
using System.Numerics;

namespace GpuDsl.Ported.Tests.WarpAggregatedAtomics;

public static partial class WarpAggregatedAtomicsKernels
{
    public const int NUM_THREADS_PER_BLOCK = 512;

    // warp-aggregated atomic increment
    [Device]
    private static int AtomicAggInc(Span<int> counter)
    {
        uint active = Gpu.ActiveMask();
        int thread_rank = BitOperations.PopCount(active & ((1u << Gpu.LaneId) - 1));

        // leader does the update
        int res = 0;
        if (thread_rank == 0)
        {
            res = Gpu.AtomicAdd(ref counter[0], BitOperations.PopCount(active));
        }

        // broadcast result
        res = Gpu.Shuffle(active, res, BitOperations.TrailingZeroCount(active));

        // each thread computes its own value
        return res + thread_rank;
    }

    [Kernel]
    public static void FilterArr(Span<int> dst, Span<int> nres, ReadOnlySpan<int> src, int n)
    {
        int id = Gpu.ThreadIdx.X + Gpu.BlockIdx.X * Gpu.BlockDim.X;

        for (int i = id; i < n; i += Gpu.GridDim.X * Gpu.BlockDim.X)
        {
            if (src[i] > 0) dst[AtomicAggInc(nres)] = src[i];
        }
    }

    // warp-aggregated atomic multi bucket increment
    [Device]
    private static int AtomicAggIncMulti(int bucket, Span<int> counter)
    {
        uint active = Gpu.ActiveMask();
        // group all threads with same bucket value.
        uint labeledGroup = Gpu.MatchAny(active, bucket);
        int thread_rank = BitOperations.PopCount(labeledGroup & ((1u << Gpu.LaneId) - 1));

        int res = 0;
        if (thread_rank == 0)
        {
            res = Gpu.AtomicAdd(ref counter[bucket], BitOperations.PopCount(labeledGroup));
        }

        // broadcast result
        res = Gpu.Shuffle(labeledGroup, res, BitOperations.TrailingZeroCount(labeledGroup));

        // each thread computes its own value
        return res + thread_rank;
    }

    // Places individual value indices into its corresponding buckets.
    [Kernel]
    public static void MapToBuckets(ReadOnlySpan<int> srcArr, Span<int> indicesBuckets, Span<int> bucketCounters, int srcSize, int numOfBuckets)
    {
        for (int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X; i < srcSize; i += Gpu.GridDim.X * Gpu.BlockDim.X)
        {
            int bucket = srcArr[i];
            if (bucket < numOfBuckets)
            {
                indicesBuckets[AtomicAggIncMulti(bucket, bucketCounters)] = i;
            }
        }
    }
}
