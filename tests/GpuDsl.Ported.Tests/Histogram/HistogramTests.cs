// Host side of NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/histogram: histogram64() and histogram256() launch
// as the sample does (histogramCount blocks of 64 threads, then one merge block of 256 threads per bin; 240 blocks of 192
// threads, then the merge), checked against histogram64CPU and histogram256CPU of histogram_gold.cpp.
using System.Runtime.InteropServices;

namespace GpuDsl.Ported.Tests.Histogram;

public sealed class HistogramTests(Backends backends)
{
    [Theory, BackendData]
    public void Histogram64_matches_histogram64CPU(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 64 MB; 4 partial histograms' worth (64,512 bytes) on the CPU backend.
        uint byteCount = Backends.IsCpu(backend) ? 64512u : 64u * 1048576;
        uint[] h_Data = RandomWords(byteCount);

        uint histogramCount = IDivUp(byteCount, HistogramKernels.HISTOGRAM64_THREADBLOCK_SIZE * ISnapDown(255, 16));
        using DeviceBuffer<UInt4> d_Data = gpu.Allocate<UInt4>(MemoryMarshal.Cast<uint, UInt4>(h_Data));
        using DeviceBuffer<uint> d_PartialHistograms = gpu.Allocate<uint>((int)histogramCount * HistogramKernels.HISTOGRAM64_BIN_COUNT);
        using DeviceBuffer<uint> d_Histogram = gpu.Allocate<uint>(HistogramKernels.HISTOGRAM64_BIN_COUNT);

        HistogramKernels.Launch((int)histogramCount, HistogramKernels.HISTOGRAM64_THREADBLOCK_SIZE)
            .Histogram64Kernel(d_PartialHistograms, d_Data, byteCount / 16);
        HistogramKernels.Launch(MergedBins(backend, HistogramKernels.HISTOGRAM64_BIN_COUNT), HistogramKernels.MERGE_THREADBLOCK_SIZE)
            .MergeHistogram64Kernel(d_Histogram, d_PartialHistograms, histogramCount);

        uint[] h_HistogramCPU = new uint[HistogramKernels.HISTOGRAM64_BIN_COUNT];
        foreach (uint data in h_Data)
        {
            h_HistogramCPU[(data >> 2) & 0x3FU]++;
            h_HistogramCPU[(data >> 10) & 0x3FU]++;
            h_HistogramCPU[(data >> 18) & 0x3FU]++;
            h_HistogramCPU[(data >> 26) & 0x3FU]++;
        }

        int bins = MergedBins(backend, HistogramKernels.HISTOGRAM64_BIN_COUNT);
        Assert.Equal(h_HistogramCPU[..bins], d_Histogram.ToArray()[..bins]);
    }

    [Theory, BackendData]
    public void Histogram256_matches_histogram256CPU(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 240 partial histograms; 8 on the CPU backend.
        int PARTIAL_HISTOGRAM256_COUNT = Backends.IsCpu(backend) ? 8 : 240;
        uint byteCount = Backends.IsCpu(backend) ? 65536u : 64u * 1048576;
        uint[] h_Data = RandomWords(byteCount);

        using DeviceBuffer<uint> d_Data = gpu.Allocate<uint>(h_Data);
        using DeviceBuffer<uint> d_PartialHistograms = gpu.Allocate<uint>(PARTIAL_HISTOGRAM256_COUNT * HistogramKernels.HISTOGRAM256_BIN_COUNT);
        using DeviceBuffer<uint> d_Histogram = gpu.Allocate<uint>(HistogramKernels.HISTOGRAM256_BIN_COUNT);

        HistogramKernels.Launch(PARTIAL_HISTOGRAM256_COUNT, HistogramKernels.HISTOGRAM256_THREADBLOCK_SIZE)
            .Histogram256Kernel(d_PartialHistograms, d_Data, byteCount / sizeof(uint));
        HistogramKernels.Launch(MergedBins(backend, HistogramKernels.HISTOGRAM256_BIN_COUNT), HistogramKernels.MERGE_THREADBLOCK_SIZE)
            .MergeHistogram256Kernel(d_Histogram, d_PartialHistograms, (uint)PARTIAL_HISTOGRAM256_COUNT);

        uint[] h_HistogramCPU = new uint[HistogramKernels.HISTOGRAM256_BIN_COUNT];
        foreach (uint data in h_Data)
        {
            h_HistogramCPU[(data >> 0) & 0xFFU]++;
            h_HistogramCPU[(data >> 8) & 0xFFU]++;
            h_HistogramCPU[(data >> 16) & 0xFFU]++;
            h_HistogramCPU[(data >> 24) & 0xFFU]++;
        }

        int bins = MergedBins(backend, HistogramKernels.HISTOGRAM256_BIN_COUNT);
        Assert.Equal(h_HistogramCPU[..bins], d_Histogram.ToArray()[..bins]);
    }

    /// <summary>
    /// The merge runs one block of 256 threads per bin. The CPU backend runs a block's threads as OS threads through
    /// each barrier, so there it merges the first 8 bins only (the same blocks; the kernel is the same for every bin).
    /// </summary>
    private static int MergedBins(string backend, int binCount) => Backends.IsCpu(backend) ? 8 : binCount;

    /// <summary>The sample's input: byteCount random bytes (rand() % 256 each).</summary>
    private static uint[] RandomWords(uint byteCount)
    {
        byte[] bytes = new byte[byteCount];
        new Random(2009).NextBytes(bytes);
        return MemoryMarshal.Cast<byte, uint>(bytes).ToArray();
    }

    // Round a / b to nearest higher integer value
    private static uint IDivUp(uint a, uint b) => (a % b != 0) ? (a / b + 1) : (a / b);

    // Snap a to nearest lower multiple of b
    private static uint ISnapDown(uint a, uint b) => a - a % b;
}
