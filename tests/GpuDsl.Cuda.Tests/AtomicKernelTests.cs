namespace GpuDsl.Cuda.Tests;

/// <summary>
/// The atomic set (Gpu.Atomic* and System.Threading.Interlocked) under contention, on the CUDA device and on the CPU
/// backend: every thread on one address per operation, so a lost update changes the total. Wrapping increment and
/// decrement follow CUDA's formulas; compare-exchange on float and double compares bits.
/// </summary>
public sealed class AtomicKernelTests(Backends backends)
{
    [Theory, BackendData]
    public void Every_integer_atomic_on_one_address_loses_no_update(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        (int blocks, int threads) = backend == "cuda" ? (512, 256) : (4, 64);
        int n = blocks * threads;
        using DeviceBuffer<int> ints = gpu.Allocate<int>([0, -1, 0, 0, 0, 0, -1, 0]);
        using DeviceBuffer<uint> uints = gpu.Allocate<uint>([0u, 0u, 0u, 0u]);
        using DeviceBuffer<long> longs = gpu.Allocate<long>([-1L, 0L, 0L, -1L]);
        using DeviceBuffer<ulong> ulongs = gpu.Allocate<ulong>([ulong.MaxValue, 0ul, 0ul, ulong.MaxValue]);
        using DeviceBuffer<uint> incOld = gpu.Allocate<uint>(n);
        using DeviceBuffer<long> exchangeOld = gpu.Allocate<long>(n);

        AtomicKernels.Launch(blocks, threads).Contended(ints, uints, longs, ulongs, incOld, exchangeOld);

        int[] all = Enumerable.Range(0, n).ToArray();
        int[] i = ints.ToArray();
        Assert.Equal(-all.Sum(t => t % 7), i[0]);
        Assert.Equal(all.Aggregate(-1, (acc, t) => acc & ~(1 << (t % 31))), i[1]);
        Assert.Equal(all.Aggregate(0, (acc, t) => acc | (1 << (t % 31))), i[2]);
        Assert.Equal(all.Aggregate(0, (acc, t) => acc ^ t), i[3]);
        Assert.Equal(3 * n, i[4]);
        Assert.Equal(n, i[5]);
        Assert.Equal(all.Aggregate(-1, (acc, t) => acc & ~(1 << (t % 13))), i[6]);
        Assert.Equal(all.Aggregate(0, (acc, t) => acc | (1 << (t % 17))), i[7]);

        uint[] u = uints.ToArray();
        Assert.Equal((uint)(n % 10), u[0]); // atomicInc(limit 9) counts 0..9 and wraps
        Assert.Equal((uint)((10 - n % 10) % 10), u[1]); // atomicDec(limit 9) from 0: 9, 8, ... 0, 9
        Assert.Equal(0u - 2u * (uint)n, u[2]);
        Assert.Equal(all.Aggregate(0u, (acc, t) => acc ^ ((uint)t * 2654435761u)), u[3]);

        // The old values of the wrapping increment are what a serial order gives: each of 0..9 about n / 10 times.
        int[] histogram = new int[10];
        foreach (uint old in incOld.ToArray()) histogram[old]++;
        Assert.Equal(Enumerable.Range(0, 10).Select(k => (n - k + 9) / 10).ToArray(), histogram);

        long[] l = longs.ToArray();
        Assert.Equal(all.Aggregate(-1L, (acc, t) => acc & ~(1L << (t % 63))), l[0]);
        Assert.Equal(all.Aggregate(0L, (acc, t) => acc | (1L << (t % 63))), l[1]);
        Assert.Equal(all.Aggregate(0L, (acc, t) => acc ^ ((long)t << 33)), l[2]);
        // Exchange hands each value on exactly once: the olds and the final value are the initial -1 and every index.
        long[] handedOn = exchangeOld.ToArray().Append(l[3]).Order().ToArray();
        Assert.Equal(Enumerable.Range(-1, n + 1).Select(v => (long)v).ToArray(), handedOn);

        ulong[] ul = ulongs.ToArray();
        Assert.Equal(5 * 1_000_000_007ul, ul[0]);
        Assert.Equal((ulong)(n + 4) * 1_000_000_007ul, ul[1]);
        Assert.Equal(all.Aggregate(0ul, (acc, t) => acc ^ ((ulong)t << 40)), ul[2]);
        Assert.InRange(ul[3], 0ul, (ulong)n - 1);
    }

    [Theory, BackendData]
    public void Atomics_through_ref_locals_and_on_fields_of_span_elements_lose_no_update(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 6, threads = 64, binCount = 4;
        using DeviceBuffer<int> total = gpu.Allocate<int>(1);
        using DeviceBuffer<AtomicBin> bins = gpu.Allocate<AtomicBin>(binCount);
        total.Clear();
        bins.Clear();

        AtomicKernels.Launch(blocks, threads).ThroughReferences(total, bins);

        Assert.Equal(blocks * threads, total.ToArray()[0]);
        AtomicBin[] b = bins.ToArray();
        for (int k = 0; k < binCount; k++)
        {
            int blocksOfBin = Enumerable.Range(0, blocks).Count(block => block % binCount == k);
            Assert.Equal(blocksOfBin * threads, b[k].Count);
            Assert.Equal(blocksOfBin * threads * 1.5f, b[k].Sum); // multiples of 1.5 below 2^24: every sum is exact
        }
    }

    [Theory, BackendData]
    public void Compare_exchange_loops_on_float_double_and_long_add_exactly(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        (int blocks, int threads) = backend == "cuda" ? (64, 256) : (3, 64);
        int n = blocks * threads;
        using DeviceBuffer<float> floats = gpu.Allocate<float>([0f]);
        using DeviceBuffer<double> doubles = gpu.Allocate<double>([0.0, 0.0]);
        using DeviceBuffer<long> longs = gpu.Allocate<long>([0L]);

        AtomicKernels.Launch(blocks, threads).CompareExchangeLoops(floats, doubles, longs);

        Assert.Equal((float)n, floats.ToArray()[0]);
        Assert.Equal(new[] { 0.5 * n, 2.0 * n }, doubles.ToArray());
        Assert.Equal(3L * n, longs.ToArray()[0]);
    }

    [Theory, BackendData]
    public void Compare_exchange_on_float_and_double_compares_bits_so_NaN_matches_itself_and_zero_not_minus_zero(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        float nan1 = BitConverter.Int32BitsToSingle(0x7fc00001), nan2 = BitConverter.Int32BitsToSingle(0x7fc00002);
        float negativeNan = BitConverter.Int32BitsToSingle(unchecked((int)0xffc00000));
        float[] targets = [nan1, nan1, -0f, 0f, 1.5f, negativeNan, 3f];
        float[] comparands = [nan1, nan2, 0f, 0f, 1.5f, negativeNan, nan1];
        float[] values = [1f, 1f, 1f, 2f, 3f, 4f, 5f];
        bool[] swaps = [true, false, false, true, true, true, false];
        double dnan1 = BitConverter.Int64BitsToDouble(0x7ff8000000000001), dnan2 = BitConverter.Int64BitsToDouble(0x7ff8000000000002);
        double[] wideTargets = [dnan1, dnan1, -0.0, 0.0, 1.5, -dnan1, 3.0];
        double[] wideComparands = [dnan1, dnan2, 0.0, 0.0, 1.5, -dnan1, dnan1];
        double[] wideValues = [1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        int k = targets.Length;
        using DeviceBuffer<float> dt = gpu.Allocate<float>(targets), dc = gpu.Allocate<float>(comparands), dv = gpu.Allocate<float>(values), old = gpu.Allocate<float>(k);
        using DeviceBuffer<double> wt = gpu.Allocate<double>(wideTargets), wc = gpu.Allocate<double>(wideComparands), wv = gpu.Allocate<double>(wideValues), wold = gpu.Allocate<double>(k);

        AtomicKernels.Launch(1, 32).CompareExchangeBits(dt, dc, dv, old, wt, wc, wv, wold);

        float[] after = dt.ToArray(), olds = old.ToArray();
        double[] wideAfter = wt.ToArray(), wideOlds = wold.ToArray();
        for (int i = 0; i < k; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(targets[i]) == BitConverter.SingleToInt32Bits(olds[i]), $"case {i}: float old value's bits");
            float expected = swaps[i] ? values[i] : targets[i];
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(after[i]), $"case {i}: float swapped {after[i]}, expected {expected}");
            Assert.True(BitConverter.DoubleToInt64Bits(wideTargets[i]) == BitConverter.DoubleToInt64Bits(wideOlds[i]), $"case {i}: double old value's bits");
            double wideExpected = swaps[i] ? wideValues[i] : wideTargets[i];
            Assert.True(BitConverter.DoubleToInt64Bits(wideExpected) == BitConverter.DoubleToInt64Bits(wideAfter[i]), $"case {i}: double swapped {wideAfter[i]}, expected {wideExpected}");
        }
    }

    [Theory, BackendData]
    public void Wrapping_increment_and_decrement_on_shared_memory_count_each_block_exactly(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 3, threads = 64;
        using DeviceBuffer<uint> totals = gpu.Allocate<uint>(3 * blocks), slots = gpu.Allocate<uint>(blocks * threads);

        AtomicKernels.Launch(blocks, threads).SharedCounters(totals, slots);

        uint[] t = totals.ToArray(), s = slots.ToArray();
        for (int block = 0; block < blocks; block++)
        {
            Assert.Equal((uint)(threads % 5), t[3 * block]); // atomicInc(limit 4): 0..4, wrapping
            Assert.Equal((uint)((7 - threads % 7) % 7), t[3 * block + 1]); // atomicDec(limit 6) from 0
            Assert.Equal((uint)(threads * (threads - 1) / 2), t[3 * block + 2]);
            int[] histogram = new int[5];
            foreach (uint slot in s.Skip(block * threads).Take(threads)) histogram[slot]++;
            Assert.Equal(Enumerable.Range(0, 5).Select(k => (threads - k + 4) / 5).ToArray(), histogram);
        }
    }
}
