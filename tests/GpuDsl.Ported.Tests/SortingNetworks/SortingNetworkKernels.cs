// Ported from NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/sortingNetworks: bitonicSort.cu (bitonicSortShared,
// bitonicSortShared1, bitonicMergeGlobal, bitonicMergeShared), oddEvenMergeSort.cu (oddEvenMergeSortShared,
// oddEvenMergeGlobal) and sortingNetworks_common.cuh (Comparator), line by line: `uint &keyA` is a ref parameter,
// cg::sync(cta) Gpu.SyncThreads(), and the pointer arithmetic `d_SrcKey += offset` is `d_SrcKey = d_SrcKey.Slice(offset)`.
namespace GpuDsl.Ported.Tests.SortingNetworks;

public static partial class SortingNetworkKernels
{
    public const uint SHARED_SIZE_LIMIT = 1024U;

    [Device]
    public static void Comparator(ref uint keyA, ref uint valA, ref uint keyB, ref uint valB, uint dir)
    {
        uint t;

        if ((keyA > keyB) == (dir != 0))
        {
            t = keyA;
            keyA = keyB;
            keyB = t;
            t = valA;
            valA = valB;
            valB = t;
        }
    }

    // Monolithic bitonic sort kernel for short arrays fitting into shared memory
    [Kernel]
    public static void BitonicSortShared(Span<uint> d_DstKey, Span<uint> d_DstVal, Span<uint> d_SrcKey, Span<uint> d_SrcVal, uint arrayLength, uint dir)
    {
        // Shared memory storage for one or more short vectors
        Span<uint> s_key = Gpu.Shared<uint>((int)SHARED_SIZE_LIMIT);
        Span<uint> s_val = Gpu.Shared<uint>((int)SHARED_SIZE_LIMIT);
        int tx = Gpu.ThreadIdx.X;

        // Offset to the beginning of subbatch and load data
        d_SrcKey = d_SrcKey.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_SrcVal = d_SrcVal.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_DstKey = d_DstKey.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_DstVal = d_DstVal.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        s_key[tx + 0] = d_SrcKey[0];
        s_val[tx + 0] = d_SrcVal[0];
        s_key[tx + (int)(SHARED_SIZE_LIMIT / 2)] = d_SrcKey[(int)(SHARED_SIZE_LIMIT / 2)];
        s_val[tx + (int)(SHARED_SIZE_LIMIT / 2)] = d_SrcVal[(int)(SHARED_SIZE_LIMIT / 2)];

        for (uint size = 2; size < arrayLength; size <<= 1)
        {
            // Bitonic merge
            uint ddd = dir ^ (((uint)tx & (size / 2)) != 0 ? 1u : 0u);

            for (uint stride = size / 2; stride > 0; stride >>= 1)
            {
                Gpu.SyncThreads();
                int pos = (int)(2 * (uint)tx - ((uint)tx & (stride - 1)));
                Comparator(ref s_key[pos + 0], ref s_val[pos + 0], ref s_key[pos + (int)stride], ref s_val[pos + (int)stride], ddd);
            }
        }

        // ddd == dir for the last bitonic merge step
        {
            for (uint stride = arrayLength / 2; stride > 0; stride >>= 1)
            {
                Gpu.SyncThreads();
                int pos = (int)(2 * (uint)tx - ((uint)tx & (stride - 1)));
                Comparator(ref s_key[pos + 0], ref s_val[pos + 0], ref s_key[pos + (int)stride], ref s_val[pos + (int)stride], dir);
            }
        }

        Gpu.SyncThreads();
        d_DstKey[0] = s_key[tx + 0];
        d_DstVal[0] = s_val[tx + 0];
        d_DstKey[(int)(SHARED_SIZE_LIMIT / 2)] = s_key[tx + (int)(SHARED_SIZE_LIMIT / 2)];
        d_DstVal[(int)(SHARED_SIZE_LIMIT / 2)] = s_val[tx + (int)(SHARED_SIZE_LIMIT / 2)];
    }

    // Bottom-level bitonic sort
    // Almost the same as bitonicSortShared with the exception of
    // even / odd subarrays being sorted in opposite directions
    [Kernel]
    public static void BitonicSortShared1(Span<uint> d_DstKey, Span<uint> d_DstVal, Span<uint> d_SrcKey, Span<uint> d_SrcVal)
    {
        // Shared memory storage for current subarray
        Span<uint> s_key = Gpu.Shared<uint>((int)SHARED_SIZE_LIMIT);
        Span<uint> s_val = Gpu.Shared<uint>((int)SHARED_SIZE_LIMIT);
        int tx = Gpu.ThreadIdx.X;

        // Offset to the beginning of subarray and load data
        d_SrcKey = d_SrcKey.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_SrcVal = d_SrcVal.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_DstKey = d_DstKey.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_DstVal = d_DstVal.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        s_key[tx + 0] = d_SrcKey[0];
        s_val[tx + 0] = d_SrcVal[0];
        s_key[tx + (int)(SHARED_SIZE_LIMIT / 2)] = d_SrcKey[(int)(SHARED_SIZE_LIMIT / 2)];
        s_val[tx + (int)(SHARED_SIZE_LIMIT / 2)] = d_SrcVal[(int)(SHARED_SIZE_LIMIT / 2)];

        for (uint size = 2; size < SHARED_SIZE_LIMIT; size <<= 1)
        {
            // Bitonic merge
            uint ddd = ((uint)tx & (size / 2)) != 0 ? 1u : 0u;

            for (uint stride = size / 2; stride > 0; stride >>= 1)
            {
                Gpu.SyncThreads();
                int pos = (int)(2 * (uint)tx - ((uint)tx & (stride - 1)));
                Comparator(ref s_key[pos + 0], ref s_val[pos + 0], ref s_key[pos + (int)stride], ref s_val[pos + (int)stride], ddd);
            }
        }

        // Odd / even arrays of SHARED_SIZE_LIMIT elements
        // sorted in opposite directions
        {
            uint ddd = (uint)Gpu.BlockIdx.X & 1;
            for (uint stride = SHARED_SIZE_LIMIT / 2; stride > 0; stride >>= 1)
            {
                Gpu.SyncThreads();
                int pos = (int)(2 * (uint)tx - ((uint)tx & (stride - 1)));
                Comparator(ref s_key[pos + 0], ref s_val[pos + 0], ref s_key[pos + (int)stride], ref s_val[pos + (int)stride], ddd);
            }
        }

        Gpu.SyncThreads();
        d_DstKey[0] = s_key[tx + 0];
        d_DstVal[0] = s_val[tx + 0];
        d_DstKey[(int)(SHARED_SIZE_LIMIT / 2)] = s_key[tx + (int)(SHARED_SIZE_LIMIT / 2)];
        d_DstVal[(int)(SHARED_SIZE_LIMIT / 2)] = s_val[tx + (int)(SHARED_SIZE_LIMIT / 2)];
    }

    // Bitonic merge iteration for stride >= SHARED_SIZE_LIMIT
    [Kernel]
    public static void BitonicMergeGlobal(Span<uint> d_DstKey, Span<uint> d_DstVal, Span<uint> d_SrcKey, Span<uint> d_SrcVal,
        uint arrayLength, uint size, uint stride, uint dir)
    {
        uint global_comparatorI = (uint)(Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X);
        uint comparatorI = global_comparatorI & (arrayLength / 2 - 1);

        // Bitonic merge
        uint ddd = dir ^ ((comparatorI & (size / 2)) != 0 ? 1u : 0u);
        int pos = (int)(2 * global_comparatorI - (global_comparatorI & (stride - 1)));

        uint keyA = d_SrcKey[pos + 0];
        uint valA = d_SrcVal[pos + 0];
        uint keyB = d_SrcKey[pos + (int)stride];
        uint valB = d_SrcVal[pos + (int)stride];

        Comparator(ref keyA, ref valA, ref keyB, ref valB, ddd);

        d_DstKey[pos + 0] = keyA;
        d_DstVal[pos + 0] = valA;
        d_DstKey[pos + (int)stride] = keyB;
        d_DstVal[pos + (int)stride] = valB;
    }

    // Combined bitonic merge steps for
    // size > SHARED_SIZE_LIMIT and stride = [1 .. SHARED_SIZE_LIMIT / 2]
    [Kernel]
    public static void BitonicMergeShared(Span<uint> d_DstKey, Span<uint> d_DstVal, Span<uint> d_SrcKey, Span<uint> d_SrcVal,
        uint arrayLength, uint size, uint dir)
    {
        // Shared memory storage for current subarray
        Span<uint> s_key = Gpu.Shared<uint>((int)SHARED_SIZE_LIMIT);
        Span<uint> s_val = Gpu.Shared<uint>((int)SHARED_SIZE_LIMIT);
        int tx = Gpu.ThreadIdx.X;

        d_SrcKey = d_SrcKey.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_SrcVal = d_SrcVal.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_DstKey = d_DstKey.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_DstVal = d_DstVal.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        s_key[tx + 0] = d_SrcKey[0];
        s_val[tx + 0] = d_SrcVal[0];
        s_key[tx + (int)(SHARED_SIZE_LIMIT / 2)] = d_SrcKey[(int)(SHARED_SIZE_LIMIT / 2)];
        s_val[tx + (int)(SHARED_SIZE_LIMIT / 2)] = d_SrcVal[(int)(SHARED_SIZE_LIMIT / 2)];

        // Bitonic merge
        uint comparatorI = (uint)(Gpu.BlockIdx.X * Gpu.BlockDim.X + tx) & ((arrayLength / 2) - 1);
        uint ddd = dir ^ ((comparatorI & (size / 2)) != 0 ? 1u : 0u);

        for (uint stride = SHARED_SIZE_LIMIT / 2; stride > 0; stride >>= 1)
        {
            Gpu.SyncThreads();
            int pos = (int)(2 * (uint)tx - ((uint)tx & (stride - 1)));
            Comparator(ref s_key[pos + 0], ref s_val[pos + 0], ref s_key[pos + (int)stride], ref s_val[pos + (int)stride], ddd);
        }

        Gpu.SyncThreads();
        d_DstKey[0] = s_key[tx + 0];
        d_DstVal[0] = s_val[tx + 0];
        d_DstKey[(int)(SHARED_SIZE_LIMIT / 2)] = s_key[tx + (int)(SHARED_SIZE_LIMIT / 2)];
        d_DstVal[(int)(SHARED_SIZE_LIMIT / 2)] = s_val[tx + (int)(SHARED_SIZE_LIMIT / 2)];
    }

    // Monolithic Bacther's sort kernel for short arrays fitting into shared memory
    [Kernel]
    public static void OddEvenMergeSortShared(Span<uint> d_DstKey, Span<uint> d_DstVal, Span<uint> d_SrcKey, Span<uint> d_SrcVal, uint arrayLength, uint dir)
    {
        // Shared memory storage for one or more small vectors
        Span<uint> s_key = Gpu.Shared<uint>((int)SHARED_SIZE_LIMIT);
        Span<uint> s_val = Gpu.Shared<uint>((int)SHARED_SIZE_LIMIT);
        int tx = Gpu.ThreadIdx.X;

        // Offset to the beginning of subbatch and load data
        d_SrcKey = d_SrcKey.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_SrcVal = d_SrcVal.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_DstKey = d_DstKey.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        d_DstVal = d_DstVal.Slice(Gpu.BlockIdx.X * (int)SHARED_SIZE_LIMIT + tx);
        s_key[tx + 0] = d_SrcKey[0];
        s_val[tx + 0] = d_SrcVal[0];
        s_key[tx + (int)(SHARED_SIZE_LIMIT / 2)] = d_SrcKey[(int)(SHARED_SIZE_LIMIT / 2)];
        s_val[tx + (int)(SHARED_SIZE_LIMIT / 2)] = d_SrcVal[(int)(SHARED_SIZE_LIMIT / 2)];

        for (uint size = 2; size <= arrayLength; size <<= 1)
        {
            uint stride = size / 2;
            uint offset = (uint)tx & (stride - 1);

            {
                Gpu.SyncThreads();
                int pos = (int)(2 * (uint)tx - ((uint)tx & (stride - 1)));
                Comparator(ref s_key[pos + 0], ref s_val[pos + 0], ref s_key[pos + (int)stride], ref s_val[pos + (int)stride], dir);
                stride >>= 1;
            }

            for (; stride > 0; stride >>= 1)
            {
                Gpu.SyncThreads();
                int pos = (int)(2 * (uint)tx - ((uint)tx & (stride - 1)));

                if (offset >= stride)
                    Comparator(ref s_key[pos - (int)stride], ref s_val[pos - (int)stride], ref s_key[pos + 0], ref s_val[pos + 0], dir);
            }
        }

        Gpu.SyncThreads();
        d_DstKey[0] = s_key[tx + 0];
        d_DstVal[0] = s_val[tx + 0];
        d_DstKey[(int)(SHARED_SIZE_LIMIT / 2)] = s_key[tx + (int)(SHARED_SIZE_LIMIT / 2)];
        d_DstVal[(int)(SHARED_SIZE_LIMIT / 2)] = s_val[tx + (int)(SHARED_SIZE_LIMIT / 2)];
    }

    // Odd-even merge sort iteration kernel
    // for large arrays (not fitting into shared memory)
    [Kernel]
    public static void OddEvenMergeGlobal(Span<uint> d_DstKey, Span<uint> d_DstVal, Span<uint> d_SrcKey, Span<uint> d_SrcVal,
        uint arrayLength, uint size, uint stride, uint dir)
    {
        uint global_comparatorI = (uint)(Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X);

        // Odd-even merge
        int pos = (int)(2 * global_comparatorI - (global_comparatorI & (stride - 1)));

        if (stride < size / 2)
        {
            uint offset = global_comparatorI & ((size / 2) - 1);

            if (offset >= stride)
            {
                uint keyA = d_SrcKey[pos - (int)stride];
                uint valA = d_SrcVal[pos - (int)stride];
                uint keyB = d_SrcKey[pos + 0];
                uint valB = d_SrcVal[pos + 0];

                Comparator(ref keyA, ref valA, ref keyB, ref valB, dir);

                d_DstKey[pos - (int)stride] = keyA;
                d_DstVal[pos - (int)stride] = valA;
                d_DstKey[pos + 0] = keyB;
                d_DstVal[pos + 0] = valB;
            }
        }
        else
        {
            uint keyA = d_SrcKey[pos + 0];
            uint valA = d_SrcVal[pos + 0];
            uint keyB = d_SrcKey[pos + (int)stride];
            uint valB = d_SrcVal[pos + (int)stride];

            Comparator(ref keyA, ref valA, ref keyB, ref valB, dir);

            d_DstKey[pos + 0] = keyA;
            d_DstVal[pos + 0] = valA;
            d_DstKey[pos + (int)stride] = keyB;
            d_DstVal[pos + (int)stride] = valB;
        }
    }
}
