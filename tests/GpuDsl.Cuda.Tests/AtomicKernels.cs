namespace GpuDsl.Cuda.Tests;

/// <summary>Every thread of the launch on the same few addresses, for <see cref="AtomicKernelTests"/>.</summary>
public static partial class AtomicKernels
{
    /// <summary>
    /// Each thread applies every integer atomic once to one shared address per operation, and keeps what it got back
    /// from the wrapping increment and the exchange: the old values must form the sequence a serial order would give.
    /// </summary>
    [Kernel]
    public static void Contended(Span<int> ints, Span<uint> uints, Span<long> longs, Span<ulong> ulongs, Span<uint> incOld, Span<long> exchangeOld)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= incOld.Length || i >= exchangeOld.Length) return;
        Gpu.AtomicSub(ref ints[0], i % 7);
        Gpu.AtomicAnd(ref ints[1], ~(1 << (i % 31)));
        Gpu.AtomicOr(ref ints[2], 1 << (i % 31));
        Gpu.AtomicXor(ref ints[3], i);
        System.Threading.Interlocked.Add(ref ints[4], 3);
        System.Threading.Interlocked.Increment(ref ints[5]);
        System.Threading.Interlocked.And(ref ints[6], ~(1 << (i % 13)));
        System.Threading.Interlocked.Or(ref ints[7], 1 << (i % 17));
        incOld[i] = Gpu.AtomicInc(ref uints[0], 9u);
        Gpu.AtomicDec(ref uints[1], 9u);
        Gpu.AtomicSub(ref uints[2], 2u);
        Gpu.AtomicXor(ref uints[3], (uint)i * 2654435761u);
        Gpu.AtomicAnd(ref longs[0], ~(1L << (i % 63)));
        Gpu.AtomicOr(ref longs[1], 1L << (i % 63));
        Gpu.AtomicXor(ref longs[2], (long)i << 33);
        exchangeOld[i] = Gpu.AtomicExchange(ref longs[3], i);
        Gpu.AtomicMin(ref ulongs[0], (ulong)(i + 5) * 1_000_000_007ul);
        Gpu.AtomicMax(ref ulongs[1], (ulong)(i + 5) * 1_000_000_007ul);
        Gpu.AtomicXor(ref ulongs[2], (ulong)i << 40);
        System.Threading.Interlocked.Exchange(ref ulongs[3], (ulong)i);
    }

    /// <summary>
    /// Adds built from compare-exchange loops, the way CUDA code adds without atomicAdd: on float and double, by
    /// Gpu.AtomicCompareExchange and by Interlocked.CompareExchange, and on long; counts stay exact.
    /// </summary>
    [Kernel]
    public static void CompareExchangeLoops(Span<float> floats, Span<double> doubles, Span<long> longs)
    {
        float seen = floats[0];
        while (true)
        {
            float old = Gpu.AtomicCompareExchange(ref floats[0], seen + 1f, seen);
            if (old == seen) break;
            seen = old;
        }

        double before = doubles[0];
        while (true)
        {
            double old = System.Threading.Interlocked.CompareExchange(ref doubles[0], before + 0.5, before);
            if (old == before) break;
            before = old;
        }

        double was = doubles[1];
        while (true)
        {
            double old = Gpu.AtomicCompareExchange(ref doubles[1], was + 2.0, was);
            if (old == was) break;
            was = old;
        }

        long count = longs[0];
        while (true)
        {
            long old = System.Threading.Interlocked.CompareExchange(ref longs[0], count + 3, count);
            if (old == count) break;
            count = old;
        }
    }

    /// <summary>
    /// One compare-exchange per pair of elements, by one thread each: element <c>k</c> of <paramref name="targets"/> is
    /// replaced by <paramref name="values"/>[k] only if its bits equal those of <paramref name="comparands"/>[k]; the old
    /// value goes to <paramref name="old"/>[k].
    /// </summary>
    [Kernel]
    public static void CompareExchangeBits(Span<float> targets, ReadOnlySpan<float> comparands, ReadOnlySpan<float> values, Span<float> old,
        Span<double> wideTargets, ReadOnlySpan<double> wideComparands, ReadOnlySpan<double> wideValues, Span<double> wideOld)
    {
        int k = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (k >= targets.Length) return;
        old[k] = Gpu.AtomicCompareExchange(ref targets[k], values[k], comparands[k]);
        wideOld[k] = System.Threading.Interlocked.CompareExchange(ref wideTargets[k], wideValues[k], wideComparands[k]);
    }

    /// <summary>
    /// Shared memory: every thread of a block takes a slot of a ring of 5 with the wrapping increment, counts down a
    /// shared counter with the wrapping decrement, and sums with exchange-free adds; thread 0 writes the block's totals.
    /// </summary>
    [Kernel]
    public static void SharedCounters(Span<uint> totals, Span<uint> slots)
    {
        Span<uint> ring = Gpu.Shared<uint>(2);
        Span<double> sum = Gpu.Shared<double>(1);
        int t = Gpu.ThreadIdx.X;
        if (t == 0)
        {
            ring[0] = 0u;
            ring[1] = 0u;
            sum[0] = 0.0;
        }

        Gpu.SyncThreads();
        int g = Gpu.BlockIdx.X * Gpu.BlockDim.X + t;
        uint slot = Gpu.AtomicInc(ref ring[0], 4u);
        if (g < slots.Length) slots[g] = slot;
        Gpu.AtomicDec(ref ring[1], 6u);
        double seen = sum[0];
        while (true)
        {
            double old = Gpu.AtomicCompareExchange(ref sum[0], seen + t, seen);
            if (old == seen) break;
            seen = old;
        }

        Gpu.SyncThreads();
        if (t == 0)
        {
            totals[3 * Gpu.BlockIdx.X] = ring[0];
            totals[3 * Gpu.BlockIdx.X + 1] = ring[1];
            totals[3 * Gpu.BlockIdx.X + 2] = (uint)Gpu.AtomicExchange(ref sum[0], 0.0);
        }
    }
    /// <summary>
    /// Atomics through a ref local into shared memory and into a span element, and on a field of a span element: each
    /// block counts its threads in shared memory (ILGPU's SharedMemoryVariable sample), then adds the count to a total and
    /// to its bin's Count field, and every thread adds 1.5 to its bin's Sum.
    /// </summary>
    [Kernel]
    public static void ThroughReferences(Span<int> total, Span<AtomicBin> bins)
    {
        Span<int> shared = Gpu.Shared<int>(1);
        ref int count = ref shared[0];
        if (Gpu.ThreadIdx.X == 0) count = 0;
        Gpu.SyncThreads();
        Gpu.AtomicAdd(ref count, 1);
        Gpu.SyncThreads();
        ref AtomicBin bin = ref bins[Gpu.BlockIdx.X % bins.Length];
        Gpu.AtomicAdd(ref bin.Sum, 1.5f);
        if (Gpu.ThreadIdx.X == 0)
        {
            ref int sum = ref total[0];
            Gpu.AtomicAdd(ref sum, count);
            Gpu.AtomicAdd(ref bins[Gpu.BlockIdx.X % bins.Length].Count, count);
        }
    }
}

/// <summary>A histogram bin whose fields are atomic targets (<see cref="AtomicKernels.ThroughReferences"/>).</summary>
public struct AtomicBin
{
    public int Count;
    public float Sum;
}
