// Ported from NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/histogram: histogram64.cu (histogram64Kernel,
// mergeHistogram64Kernel) and histogram256.cu (histogram256Kernel with per-warp sub-histograms updated by shared-memory
// atomics, mergeHistogram256Kernel), with the constants of histogram_common.h, line by line: `s_Hist + offset` is
// `s_Hist.Slice(offset)`, `((uint *)s_Hist)` is MemoryMarshal.Cast<byte, uint>, data_t (uint4) a four-uint struct.
using System.Runtime.InteropServices;

namespace GpuDsl.Ported.Tests.Histogram;

/// <summary>CUDA's uint4, which the 64-bin kernel reads its data as.</summary>
public struct UInt4
{
    public uint x, y, z, w;
}

public static partial class HistogramKernels
{
    public const int HISTOGRAM64_BIN_COUNT = 64;
    public const int HISTOGRAM256_BIN_COUNT = 256;
    public const int UINT_BITS = 32;
    public const int LOG2_WARP_SIZE = 5;
    public const int WARP_SIZE = 1 << LOG2_WARP_SIZE;
    // May change on future hardware, so better parametrize the code
    public const int SHARED_MEMORY_BANKS = 16;
    // Threadblock size: must be a multiple of (4 * SHARED_MEMORY_BANKS)
    // because of the bit permutation of threadIdx.x
    public const int HISTOGRAM64_THREADBLOCK_SIZE = 4 * SHARED_MEMORY_BANKS;
    // Warps ==subhistograms per threadblock
    public const int WARP_COUNT = 6;
    // Threadblock size
    public const int HISTOGRAM256_THREADBLOCK_SIZE = WARP_COUNT * WARP_SIZE;
    // Shared memory per threadblock
    public const int HISTOGRAM256_THREADBLOCK_MEMORY = WARP_COUNT * HISTOGRAM256_BIN_COUNT;
    public const int MERGE_THREADBLOCK_SIZE = 256;
    public const uint TAG_MASK = 0xFFFFFFFFU;

    // Count a byte into shared-memory storage
    [Device]
    private static void AddByte64(Span<byte> s_ThreadBase, uint data)
    {
        s_ThreadBase[(int)(data * HISTOGRAM64_THREADBLOCK_SIZE)]++;
    }

    // Count four bytes of a word
    [Device]
    private static void AddWord64(Span<byte> s_ThreadBase, uint data)
    {
        // Only higher 6 bits of each byte matter, as this is a 64-bin histogram
        AddByte64(s_ThreadBase, (data >> 2) & 0x3FU);
        AddByte64(s_ThreadBase, (data >> 10) & 0x3FU);
        AddByte64(s_ThreadBase, (data >> 18) & 0x3FU);
        AddByte64(s_ThreadBase, (data >> 26) & 0x3FU);
    }

    [Kernel]
    public static void Histogram64Kernel(Span<uint> d_PartialHistograms, Span<UInt4> d_Data, uint dataCount)
    {
        // Encode thread index in order to avoid bank conflicts in s_Hist[] access:
        // each group of SHARED_MEMORY_BANKS threads accesses consecutive shared
        // memory banks
        // and the same bytes [0..3] within the banks
        // Because of this permutation block size should be a multiple of 4 *
        // SHARED_MEMORY_BANKS
        uint threadPos = (((uint)Gpu.ThreadIdx.X & ~(uint)(SHARED_MEMORY_BANKS * 4 - 1)) << 0)
                       | (((uint)Gpu.ThreadIdx.X & (SHARED_MEMORY_BANKS - 1)) << 2)
                       | (((uint)Gpu.ThreadIdx.X & (SHARED_MEMORY_BANKS * 3)) >> 4);

        // Per-thread histogram storage
        Span<byte> s_Hist = Gpu.Shared<byte>(HISTOGRAM64_THREADBLOCK_SIZE * HISTOGRAM64_BIN_COUNT);
        Span<byte> s_ThreadBase = s_Hist.Slice((int)threadPos);

        // Initialize shared memory (writing 32-bit words)
        Span<uint> s_HistWords = MemoryMarshal.Cast<byte, uint>(s_Hist);
        for (int i = 0; i < (HISTOGRAM64_BIN_COUNT / 4); i++)
        {
            s_HistWords[Gpu.ThreadIdx.X + i * HISTOGRAM64_THREADBLOCK_SIZE] = 0;
        }

        // Read data from global memory and submit to the shared-memory histogram
        // Since histogram counters are byte-sized, every single thread can't do more
        // than 255 submission
        Gpu.SyncThreads();

        for (uint pos = (uint)(Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X); pos < dataCount; pos += (uint)(Gpu.BlockDim.X * Gpu.GridDim.X))
        {
            UInt4 data = d_Data[(int)pos];
            AddWord64(s_ThreadBase, data.x);
            AddWord64(s_ThreadBase, data.y);
            AddWord64(s_ThreadBase, data.z);
            AddWord64(s_ThreadBase, data.w);
        }

        // Accumulate per-thread histograms into per-block and write to global memory
        Gpu.SyncThreads();

        if (Gpu.ThreadIdx.X < HISTOGRAM64_BIN_COUNT)
        {
            Span<byte> s_HistBase = s_Hist.Slice(Gpu.ThreadIdx.X * HISTOGRAM64_THREADBLOCK_SIZE);

            uint sum = 0;
            int pos = 4 * (Gpu.ThreadIdx.X & (SHARED_MEMORY_BANKS - 1));

            for (int i = 0; i < (HISTOGRAM64_THREADBLOCK_SIZE / 4); i++)
            {
                sum += (uint)(s_HistBase[pos + 0] + s_HistBase[pos + 1] + s_HistBase[pos + 2] + s_HistBase[pos + 3]);
                pos = (pos + 4) & (HISTOGRAM64_THREADBLOCK_SIZE - 1);
            }

            d_PartialHistograms[Gpu.BlockIdx.X * HISTOGRAM64_BIN_COUNT + Gpu.ThreadIdx.X] = sum;
        }
    }

    // Merge histogram64() output
    // Run one threadblock per bin; each threadbock adds up the same bin counter
    // from every partial histogram. Reads are uncoalesced, but mergeHistogram64
    // takes only a fraction of total processing time
    [Kernel]
    public static void MergeHistogram64Kernel(Span<uint> d_Histogram, Span<uint> d_PartialHistograms, uint histogramCount)
    {
        Span<uint> data = Gpu.Shared<uint>(MERGE_THREADBLOCK_SIZE);

        uint sum = 0;

        for (uint i = (uint)Gpu.ThreadIdx.X; i < histogramCount; i += MERGE_THREADBLOCK_SIZE)
        {
            sum += d_PartialHistograms[(int)(Gpu.BlockIdx.X + i * HISTOGRAM64_BIN_COUNT)];
        }

        data[Gpu.ThreadIdx.X] = sum;

        for (int stride = MERGE_THREADBLOCK_SIZE / 2; stride > 0; stride >>= 1)
        {
            Gpu.SyncThreads();

            if (Gpu.ThreadIdx.X < stride)
            {
                data[Gpu.ThreadIdx.X] += data[Gpu.ThreadIdx.X + stride];
            }
        }

        if (Gpu.ThreadIdx.X == 0)
        {
            d_Histogram[Gpu.BlockIdx.X] = data[0];
        }
    }

    // Shortcut shared memory atomic addition functions
    [Device]
    private static void AddByte256(Span<uint> s_WarpHist, uint data, uint threadTag)
    {
        Gpu.AtomicAdd(ref s_WarpHist[(int)data], 1u);
    }

    [Device]
    private static void AddWord256(Span<uint> s_WarpHist, uint data, uint tag)
    {
        AddByte256(s_WarpHist, (data >> 0) & 0xFFU, tag);
        AddByte256(s_WarpHist, (data >> 8) & 0xFFU, tag);
        AddByte256(s_WarpHist, (data >> 16) & 0xFFU, tag);
        AddByte256(s_WarpHist, (data >> 24) & 0xFFU, tag);
    }

    [Kernel]
    public static void Histogram256Kernel(Span<uint> d_PartialHistograms, Span<uint> d_Data, uint dataCount)
    {
        // Per-warp subhistogram storage
        Span<uint> s_Hist = Gpu.Shared<uint>(HISTOGRAM256_THREADBLOCK_MEMORY);
        Span<uint> s_WarpHist = s_Hist.Slice((Gpu.ThreadIdx.X >> LOG2_WARP_SIZE) * HISTOGRAM256_BIN_COUNT);

        // Clear shared memory storage for current threadblock before processing
        for (int i = 0; i < (HISTOGRAM256_THREADBLOCK_MEMORY / HISTOGRAM256_THREADBLOCK_SIZE); i++)
        {
            s_Hist[Gpu.ThreadIdx.X + i * HISTOGRAM256_THREADBLOCK_SIZE] = 0;
        }

        // Cycle through the entire data set, update subhistograms for each warp
        uint tag = (uint)Gpu.ThreadIdx.X << (UINT_BITS - LOG2_WARP_SIZE);

        Gpu.SyncThreads();

        for (uint pos = (uint)(Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X); pos < dataCount; pos += (uint)(Gpu.BlockDim.X * Gpu.GridDim.X))
        {
            uint data = d_Data[(int)pos];
            AddWord256(s_WarpHist, data, tag);
        }

        // Merge per-warp histograms into per-block and write to global memory
        Gpu.SyncThreads();

        for (int bin = Gpu.ThreadIdx.X; bin < HISTOGRAM256_BIN_COUNT; bin += HISTOGRAM256_THREADBLOCK_SIZE)
        {
            uint sum = 0;

            for (int i = 0; i < WARP_COUNT; i++)
            {
                sum += s_Hist[bin + i * HISTOGRAM256_BIN_COUNT] & TAG_MASK;
            }

            d_PartialHistograms[Gpu.BlockIdx.X * HISTOGRAM256_BIN_COUNT + bin] = sum;
        }
    }

    // Merge histogram256() output
    // Run one threadblock per bin; each threadblock adds up the same bin counter
    // from every partial histogram. Reads are uncoalesced, but mergeHistogram256
    // takes only a fraction of total processing time
    [Kernel]
    public static void MergeHistogram256Kernel(Span<uint> d_Histogram, Span<uint> d_PartialHistograms, uint histogramCount)
    {
        uint sum = 0;

        for (uint i = (uint)Gpu.ThreadIdx.X; i < histogramCount; i += MERGE_THREADBLOCK_SIZE)
        {
            sum += d_PartialHistograms[(int)(Gpu.BlockIdx.X + i * HISTOGRAM256_BIN_COUNT)];
        }

        Span<uint> data = Gpu.Shared<uint>(MERGE_THREADBLOCK_SIZE);
        data[Gpu.ThreadIdx.X] = sum;

        for (int stride = MERGE_THREADBLOCK_SIZE / 2; stride > 0; stride >>= 1)
        {
            Gpu.SyncThreads();

            if (Gpu.ThreadIdx.X < stride)
            {
                data[Gpu.ThreadIdx.X] += data[Gpu.ThreadIdx.X + stride];
            }
        }

        if (Gpu.ThreadIdx.X == 0)
        {
            d_Histogram[Gpu.BlockIdx.X] = data[0];
        }
    }
}
