// Ported from NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/threadFenceReduction/threadFenceReduction_kernel.cuh
// (reduceBlock, reduceBlocks, reduceMultiPass, reduceSinglePass), line by line: `__shared__ bool amLast` is a
// one-element shared span, cg::sync(tile32) Gpu.SyncWarp(),
// cg::sync(cta) Gpu.SyncThreads(), the template parameters blockSize and nIsPow2 are parameters, and the __device__
// retirementCount is a DeviceGlobal<uint> (FirstTranslations/ keeps the first translation, which guessed an attribute).
namespace GpuDsl.Ported.Tests.ThreadFence;

public static partial class ThreadFenceReductionKernels
{
    // __device__ unsigned int retirementCount = 0; (set from the host with setRetirementCount's cudaMemcpyToSymbol)
    public static readonly DeviceGlobal<uint> retirementCount = new();

    [Device]
    internal static void ReduceBlock(Span<float> sdata, float mySum, uint tid, uint blockSize)
    {
        sdata[(int)tid] = mySum;
        Gpu.SyncWarp();

        const int VEC = 32;
        int vid = (int)tid & (VEC - 1);

        float beta = mySum;
        float temp;

        for (int i = VEC / 2; i > 0; i >>= 1)
        {
            if (vid < i)
            {
                temp = sdata[(int)tid + i];
                beta += temp;
                sdata[(int)tid] = beta;
            }

            Gpu.SyncWarp();
        }

        Gpu.SyncThreads();

        if (Gpu.ThreadIdx.X == 0)
        {
            beta = 0;

            for (int i = 0; i < Gpu.BlockDim.X; i += VEC)
            {
                beta += sdata[i];
            }

            sdata[0] = beta;
        }

        Gpu.SyncThreads();
    }

    [Device]
    internal static void ReduceBlocks(ReadOnlySpan<float> g_idata, Span<float> g_odata, uint n, uint blockSize, bool nIsPow2)
    {
        Span<float> sdata = Gpu.DynamicShared<float>();

        // perform first level of reduction,
        // reading from global memory, writing to shared memory
        uint tid = (uint)Gpu.ThreadIdx.X;
        uint i = (uint)Gpu.BlockIdx.X * (blockSize * 2) + (uint)Gpu.ThreadIdx.X;
        uint gridSize = blockSize * 2 * (uint)Gpu.GridDim.X;
        float mySum = 0;

        // we reduce multiple elements per thread.  The number is determined by the
        // number of active thread blocks (via gridDim).  More blocks will result
        // in a larger gridSize and therefore fewer elements per thread
        while (i < n)
        {
            mySum += g_idata[(int)i];

            // ensure we don't read out of bounds -- this is optimized away for powerOf2
            // sized arrays
            if (nIsPow2 || i + blockSize < n) mySum += g_idata[(int)(i + blockSize)];

            i += gridSize;
        }

        // do reduction in shared mem
        ReduceBlock(sdata, mySum, tid, blockSize);

        // write result for this block to global mem
        if (tid == 0) g_odata[Gpu.BlockIdx.X] = sdata[0];
    }

    [Kernel]
    public static void ReduceMultiPass(ReadOnlySpan<float> g_idata, Span<float> g_odata, uint n, uint blockSize, bool nIsPow2)
    {
        ReduceBlocks(g_idata, g_odata, n, blockSize, nIsPow2);
    }

    // This reduction kernel reduces an arbitrary size array in a single kernel invocation
    // It does so by keeping track of how many blocks have finished.  After each thread
    // block completes the reduction of its own block of data, it "takes a ticket" by
    // atomically incrementing a global counter.  If the ticket value is equal to the number
    // of thread blocks, then the block holding the ticket knows that it is the last block
    // to finish.  This last block is responsible for summing the results of all the other
    // blocks.
    [Kernel]
    public static void ReduceSinglePass(ReadOnlySpan<float> g_idata, Span<float> g_odata, uint n, uint blockSize, bool nIsPow2)
    {
        //
        // PHASE 1: Process all inputs assigned to this block
        //

        ReduceBlocks(g_idata, g_odata, n, blockSize, nIsPow2);

        //
        // PHASE 2: Last block finished will process all partial sums
        //

        if (Gpu.GridDim.X > 1)
        {
            uint tid = (uint)Gpu.ThreadIdx.X;
            Span<bool> amLast = Gpu.Shared<bool>(1);
            Span<float> smem = Gpu.DynamicShared<float>();

            // wait until all outstanding memory instructions in this thread are finished
            Gpu.ThreadFence();

            // Thread 0 takes a ticket
            if (tid == 0)
            {
                uint ticket = Gpu.AtomicInc(ref retirementCount.Value, (uint)Gpu.GridDim.X);
                // If the ticket ID is equal to the number of blocks, we are the last block!
                amLast[0] = (ticket == Gpu.GridDim.X - 1);
            }

            Gpu.SyncThreads();

            // The last block sums the results of all other blocks
            if (amLast[0])
            {
                int i = (int)tid;
                float mySum = 0;

                while (i < Gpu.GridDim.X)
                {
                    mySum += g_odata[i];
                    i += (int)blockSize;
                }

                ReduceBlock(smem, mySum, tid, blockSize);

                if (tid == 0)
                {
                    g_odata[0] = smem[0];

                    // reset retirement count so that next run succeeds
                    retirementCount.Value = 0;
                }
            }
        }
    }
}
