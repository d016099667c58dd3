// Ported from NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/shfl_scan/shfl_scan.cu (shfl_scan_test,
// uniform_add), line by line: `extern __shared__ int sums[]` is Gpu.DynamicShared<int>(), `__shared__ int buf` a
// one-element shared span, the optional `partial_sums = NULL` an empty span, `__shfl_up_sync(mask, value, i, width)`
// Gpu.ShuffleUp(mask, value, i, width). This is the first translation, as written, plus [Kernel(ExactLaunch = true)]:
// the sample launches exactly one thread per element, so shfl_scan_test reads data[id] unguarded and no thread of
// uniform_add returns before its barrier, which the launcher now tests instead of GPU0030/GPU0027 warning.
namespace GpuDsl.Ported.Tests.Scan;

public static partial class ShflScanKernels
{
    [Kernel(ExactLaunch = true)]
    public static void ShflScanTest(Span<int> data, int width, Span<int> partial_sums)
    {
        Span<int> sums = Gpu.DynamicShared<int>();
        int id = ((Gpu.BlockIdx.X * Gpu.BlockDim.X) + Gpu.ThreadIdx.X);
        int lane_id = id % Gpu.WarpSize;
        // determine a warp_id within a block
        int warp_id = Gpu.ThreadIdx.X / Gpu.WarpSize;

        // Below is the basic structure of using a shfl instruction
        // for a scan.
        // Record "value" as a variable - we accumulate it along the way
        int value = data[id];

        // Now accumulate in log steps up the chain
        // compute sums, with another thread's value who is
        // distance delta away (i).  Note
        // those threads where the thread 'i' away would have
        // been out of bounds of the warp are unaffected.  This
        // creates the scan sum.
        for (int i = 1; i <= width; i *= 2)
        {
            uint mask = 0xffffffff;
            int n = Gpu.ShuffleUp(mask, value, i, width);

            if (lane_id >= i) value += n;
        }

        // value now holds the scan value for the individual thread
        // next sum the largest values for each warp

        // write the sum of the warp to smem
        if (Gpu.ThreadIdx.X % Gpu.WarpSize == Gpu.WarpSize - 1)
        {
            sums[warp_id] = value;
        }

        Gpu.SyncThreads();

        //
        // scan sum the warp sums
        // the same shfl scan operation, but performed on warp sums
        //
        if (warp_id == 0 && lane_id < (Gpu.BlockDim.X / Gpu.WarpSize))
        {
            int warp_sum = sums[lane_id];

            uint mask = (1u << (Gpu.BlockDim.X / Gpu.WarpSize)) - 1;
            for (int i = 1; i <= (Gpu.BlockDim.X / Gpu.WarpSize); i *= 2)
            {
                int n = Gpu.ShuffleUp(mask, warp_sum, i, (Gpu.BlockDim.X / Gpu.WarpSize));

                if (lane_id >= i) warp_sum += n;
            }

            sums[lane_id] = warp_sum;
        }

        Gpu.SyncThreads();

        // perform a uniform add across warps in the block
        // read neighbouring warp's sum and add it to threads value
        int blockSum = 0;

        if (warp_id > 0)
        {
            blockSum = sums[warp_id - 1];
        }

        value += blockSum;

        // Now write out our result
        data[id] = value;

        // last thread has sum, write write out the block's sum
        if (partial_sums.Length != 0 && Gpu.ThreadIdx.X == Gpu.BlockDim.X - 1)
        {
            partial_sums[Gpu.BlockIdx.X] = value;
        }
    }

    [Kernel(ExactLaunch = true)]
    public static void UniformAdd(Span<int> data, Span<int> partial_sums, int len)
    {
        Span<int> buf = Gpu.Shared<int>(1);
        int id = ((Gpu.BlockIdx.X * Gpu.BlockDim.X) + Gpu.ThreadIdx.X);

        if (id > len) return;

        if (Gpu.ThreadIdx.X == 0)
        {
            buf[0] = partial_sums[Gpu.BlockIdx.X];
        }

        Gpu.SyncThreads();
        data[id] += buf[0];
    }
}
