namespace GpuDsl.Cuda.Tests;

/// <summary>Kernels built on warp intrinsics, for <see cref="WarpKernelTests"/>.</summary>
public static partial class WarpKernels
{
    /// <summary>
    /// A block reduction the way CUDA's samples do it: each warp sums its lanes with shuffles, lane 0 of each warp
    /// writes to shared memory, then the first warp sums those; one atomic per block.
    /// </summary>
    [Kernel]
    public static void Sum(ReadOnlySpan<float> x, Span<float> total)
    {
        Span<float> warpSums = Gpu.Shared<float>(32);
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        float v = i < x.Length ? x[i] : 0f;
        for (int offset = 16; offset > 0; offset /= 2) v += Gpu.ShuffleDown(v, offset);
        int warp = Gpu.ThreadIdx.X / Gpu.WarpSize;
        if (Gpu.LaneId == 0) warpSums[warp] = v;
        Gpu.SyncThreads();
        if (warp == 0)
        {
            int warps = Gpu.BlockDim.X / Gpu.WarpSize;
            float w = Gpu.LaneId < warps ? warpSums[Gpu.LaneId] : 0f;
            for (int offset = 16; offset > 0; offset /= 2) w += Gpu.ShuffleXor(w, offset);
            if (Gpu.LaneId == 0) Gpu.AtomicAdd(ref total[0], w);
        }
    }

    /// <summary>
    /// Per warp: the ballot of positive values, a broadcast of lane 3's value, and all/any votes. Lanes past the end
    /// still vote (with 0), since every lane of the warp must, and only then leave.
    /// </summary>
    [Kernel]
    public static void Votes(ReadOnlySpan<int> x, Span<uint> ballots, Span<int> broadcast, Span<int> flags)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        bool inside = i < x.Length;
        int v = inside ? x[i] : 0;
        uint ballot = Gpu.Ballot(v > 0);
        int fromLane3 = Gpu.Shuffle(v, 3);
        bool all = Gpu.All(v > -1000);
        bool any = Gpu.Any(v == 7);
        Gpu.SyncWarp();
        if (!inside) return;
        ballots[i] = ballot;
        broadcast[i] = fromLane3;
        flags[i] = (all ? 1 : 0) + (any ? 2 : 0);
    }
    /// <summary>Shuffles of a generic kernel's number type: a warp sum by ShuffleDown, and the up, xor and broadcast reads.</summary>
    [Kernel(typeof(int), typeof(double), typeof(short))]
    public static void GenericShuffles<T>(ReadOnlySpan<T> x, Span<T> sums, Span<T> reads) where T : unmanaged, System.Numerics.INumber<T>
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        T own = i < x.Length ? x[i] : T.Zero;
        T v = own;
        for (int offset = Gpu.WarpSize / 2; offset > 0; offset /= 2)
        {
            v += Gpu.ShuffleDown(v, offset);
        }

        T up = Gpu.ShuffleUp(own, 1), xor = Gpu.ShuffleXor(own, 5), broadcast = Gpu.Shuffle(own, 7);
        if (Gpu.LaneId == 0 && i / 32 < sums.Length) sums[i / 32] = v;
        if (3 * i + 2 < reads.Length)
        {
            reads[3 * i] = up;
            reads[3 * i + 1] = xor;
            reads[3 * i + 2] = broadcast;
        }
    }
}
