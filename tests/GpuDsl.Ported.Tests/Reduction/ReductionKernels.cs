// Ported from NVIDIA/cuda-samples, Samples/2_Concepts_and_Techniques/reduction/reduction_kernel.cu (reduce0 to reduce6),
// line by line: cg::sync(cta) is Gpu.SyncThreads(), SharedMemory<T>() the launch's dynamic shared memory,
// tile32.shfl_down the full-warp Gpu.ShuffleDown, and the template parameters blockSize and nIsPow2 (C# has no value
// generics) are parameters with the values the host's switch would have chosen.
using System.Numerics;

namespace GpuDsl.Ported.Tests.Reduction;

public static partial class ReductionKernels
{
    /// <summary>reduce0: interleaved addressing with the modulo operator (divergent warps).</summary>
    [Kernel]
    public static void Reduce0<T>(Span<T> g_idata, Span<T> g_odata, uint n) where T : unmanaged, INumber<T>
    {
        Span<T> sdata = Gpu.DynamicShared<T>();

        // load shared mem
        uint tid = (uint)Gpu.ThreadIdx.X;
        uint i = (uint)(Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X);

        sdata[(int)tid] = (i < n) ? g_idata[(int)i] : T.Zero;

        Gpu.SyncThreads();

        // do reduction in shared mem
        for (uint s = 1; s < Gpu.BlockDim.X; s *= 2)
        {
            // modulo arithmetic is slow!
            if ((tid % (2 * s)) == 0)
            {
                sdata[(int)tid] += sdata[(int)(tid + s)];
            }

            Gpu.SyncThreads();
        }

        // write result for this block to global mem
        if (tid == 0) g_odata[Gpu.BlockIdx.X] = sdata[0];
    }

    /// <summary>reduce1: contiguous threads, interleaved addressing (bank conflicts).</summary>
    [Kernel]
    public static void Reduce1<T>(Span<T> g_idata, Span<T> g_odata, uint n) where T : unmanaged, INumber<T>
    {
        Span<T> sdata = Gpu.DynamicShared<T>();

        // load shared mem
        uint tid = (uint)Gpu.ThreadIdx.X;
        uint i = (uint)(Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X);

        sdata[(int)tid] = (i < n) ? g_idata[(int)i] : T.Zero;

        Gpu.SyncThreads();

        // do reduction in shared mem
        for (uint s = 1; s < Gpu.BlockDim.X; s *= 2)
        {
            int index = (int)(2 * s * tid);

            if (index < Gpu.BlockDim.X)
            {
                sdata[index] += sdata[(int)(index + s)];
            }

            Gpu.SyncThreads();
        }

        // write result for this block to global mem
        if (tid == 0) g_odata[Gpu.BlockIdx.X] = sdata[0];
    }

    /// <summary>reduce2: sequential addressing, no divergence or bank conflicts.</summary>
    [Kernel]
    public static void Reduce2<T>(Span<T> g_idata, Span<T> g_odata, uint n) where T : unmanaged, INumber<T>
    {
        Span<T> sdata = Gpu.DynamicShared<T>();

        // load shared mem
        uint tid = (uint)Gpu.ThreadIdx.X;
        uint i = (uint)(Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X);

        sdata[(int)tid] = (i < n) ? g_idata[(int)i] : T.Zero;

        Gpu.SyncThreads();

        // do reduction in shared mem
        for (uint s = (uint)Gpu.BlockDim.X / 2; s > 0; s >>= 1)
        {
            if (tid < s)
            {
                sdata[(int)tid] += sdata[(int)(tid + s)];
            }

            Gpu.SyncThreads();
        }

        // write result for this block to global mem
        if (tid == 0) g_odata[Gpu.BlockIdx.X] = sdata[0];
    }

    /// <summary>reduce3: n/2 threads, the first level of the reduction done while loading from global memory.</summary>
    [Kernel]
    public static void Reduce3<T>(Span<T> g_idata, Span<T> g_odata, uint n) where T : unmanaged, INumber<T>
    {
        Span<T> sdata = Gpu.DynamicShared<T>();

        // perform first level of reduction,
        // reading from global memory, writing to shared memory
        uint tid = (uint)Gpu.ThreadIdx.X;
        uint i = (uint)(Gpu.BlockIdx.X * (Gpu.BlockDim.X * 2) + Gpu.ThreadIdx.X);

        T mySum = (i < n) ? g_idata[(int)i] : T.Zero;

        if (i + Gpu.BlockDim.X < n) mySum += g_idata[(int)(i + Gpu.BlockDim.X)];

        sdata[(int)tid] = mySum;
        Gpu.SyncThreads();

        // do reduction in shared mem
        for (uint s = (uint)Gpu.BlockDim.X / 2; s > 0; s >>= 1)
        {
            if (tid < s)
            {
                sdata[(int)tid] = mySum = mySum + sdata[(int)(tid + s)];
            }

            Gpu.SyncThreads();
        }

        // write result for this block to global mem
        if (tid == 0) g_odata[Gpu.BlockIdx.X] = mySum;
    }

    /// <summary>reduce4: the last warp reduced with shuffles instead of shared memory.</summary>
    [Kernel]
    public static void Reduce4<T>(Span<T> g_idata, Span<T> g_odata, uint n, uint blockSize) where T : unmanaged, INumber<T>
    {
        Span<T> sdata = Gpu.DynamicShared<T>();

        // perform first level of reduction,
        // reading from global memory, writing to shared memory
        uint tid = (uint)Gpu.ThreadIdx.X;
        uint i = (uint)(Gpu.BlockIdx.X * (Gpu.BlockDim.X * 2) + Gpu.ThreadIdx.X);

        T mySum = (i < n) ? g_idata[(int)i] : T.Zero;

        if (i + blockSize < n) mySum += g_idata[(int)(i + blockSize)];

        sdata[(int)tid] = mySum;
        Gpu.SyncThreads();

        // do reduction in shared mem
        for (uint s = (uint)Gpu.BlockDim.X / 2; s > 32; s >>= 1)
        {
            if (tid < s)
            {
                sdata[(int)tid] = mySum = mySum + sdata[(int)(tid + s)];
            }

            Gpu.SyncThreads();
        }

        if (tid < 32)
        {
            // Fetch final intermediate sum from 2nd warp
            if (blockSize >= 64) mySum += sdata[(int)(tid + 32)];
            // Reduce final warp using shuffle
            for (int offset = Gpu.WarpSize / 2; offset > 0; offset /= 2)
            {
                mySum += Gpu.ShuffleDown(mySum, offset);
            }
        }

        // write result for this block to global mem
        if (tid == 0) g_odata[Gpu.BlockIdx.X] = mySum;
    }

    /// <summary>reduce5: the shared-memory steps unrolled for the block size (the template's constant).</summary>
    [Kernel]
    public static void Reduce5<T>(Span<T> g_idata, Span<T> g_odata, uint n, uint blockSize) where T : unmanaged, INumber<T>
    {
        Span<T> sdata = Gpu.DynamicShared<T>();

        // perform first level of reduction,
        // reading from global memory, writing to shared memory
        uint tid = (uint)Gpu.ThreadIdx.X;
        uint i = (uint)Gpu.BlockIdx.X * (blockSize * 2) + (uint)Gpu.ThreadIdx.X;

        T mySum = (i < n) ? g_idata[(int)i] : T.Zero;

        if (i + blockSize < n) mySum += g_idata[(int)(i + blockSize)];

        sdata[(int)tid] = mySum;
        Gpu.SyncThreads();

        // do reduction in shared mem
        if ((blockSize >= 512) && (tid < 256))
        {
            sdata[(int)tid] = mySum = mySum + sdata[(int)(tid + 256)];
        }

        Gpu.SyncThreads();

        if ((blockSize >= 256) && (tid < 128))
        {
            sdata[(int)tid] = mySum = mySum + sdata[(int)(tid + 128)];
        }

        Gpu.SyncThreads();

        if ((blockSize >= 128) && (tid < 64))
        {
            sdata[(int)tid] = mySum = mySum + sdata[(int)(tid + 64)];
        }

        Gpu.SyncThreads();

        if (tid < 32)
        {
            // Fetch final intermediate sum from 2nd warp
            if (blockSize >= 64) mySum += sdata[(int)(tid + 32)];
            // Reduce final warp using shuffle
            for (int offset = Gpu.WarpSize / 2; offset > 0; offset /= 2)
            {
                mySum += Gpu.ShuffleDown(mySum, offset);
            }
        }

        // write result for this block to global mem
        if (tid == 0) g_odata[Gpu.BlockIdx.X] = mySum;
    }

    /// <summary>reduce6: several elements per thread (Brent's theorem), a grid-stride first pass.</summary>
    [Kernel]
    public static void Reduce6<T>(Span<T> g_idata, Span<T> g_odata, uint n, uint blockSize, bool nIsPow2)
        where T : unmanaged, INumber<T>
    {
        Span<T> sdata = Gpu.DynamicShared<T>();

        // perform first level of reduction,
        // reading from global memory, writing to shared memory
        uint tid = (uint)Gpu.ThreadIdx.X;
        uint gridSize = blockSize * (uint)Gpu.GridDim.X;

        T mySum = T.Zero;

        // we reduce multiple elements per thread.  The number is determined by the
        // number of active thread blocks (via gridDim).  More blocks will result
        // in a larger gridSize and therefore fewer elements per thread
        if (nIsPow2)
        {
            uint i = (uint)Gpu.BlockIdx.X * blockSize * 2 + (uint)Gpu.ThreadIdx.X;
            gridSize = gridSize << 1;

            while (i < n)
            {
                mySum += g_idata[(int)i];
                // ensure we don't read out of bounds -- this is optimized away for
                // powerOf2 sized arrays
                if ((i + blockSize) < n)
                {
                    mySum += g_idata[(int)(i + blockSize)];
                }
                i += gridSize;
            }
        }
        else
        {
            uint i = (uint)Gpu.BlockIdx.X * blockSize + (uint)Gpu.ThreadIdx.X;
            while (i < n)
            {
                mySum += g_idata[(int)i];
                i += gridSize;
            }
        }

        // each thread puts its local sum into shared memory
        sdata[(int)tid] = mySum;
        Gpu.SyncThreads();

        // do reduction in shared mem
        if ((blockSize >= 512) && (tid < 256))
        {
            sdata[(int)tid] = mySum = mySum + sdata[(int)(tid + 256)];
        }

        Gpu.SyncThreads();

        if ((blockSize >= 256) && (tid < 128))
        {
            sdata[(int)tid] = mySum = mySum + sdata[(int)(tid + 128)];
        }

        Gpu.SyncThreads();

        if ((blockSize >= 128) && (tid < 64))
        {
            sdata[(int)tid] = mySum = mySum + sdata[(int)(tid + 64)];
        }

        Gpu.SyncThreads();

        if (tid < 32)
        {
            // Fetch final intermediate sum from 2nd warp
            if (blockSize >= 64) mySum += sdata[(int)(tid + 32)];
            // Reduce final warp using shuffle
            for (int offset = Gpu.WarpSize / 2; offset > 0; offset /= 2)
            {
                mySum += Gpu.ShuffleDown(mySum, offset);
            }
        }

        // write result for this block to global mem
        if (tid == 0) g_odata[Gpu.BlockIdx.X] = mySum;
    }
}
