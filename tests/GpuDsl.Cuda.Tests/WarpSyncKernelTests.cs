namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Warp collectives with lane masks and segment widths, and block votes, on the CUDA device and on the CPU backend,
/// against plain C# written from CUDA's documented semantics: a width splits the warp into segments, shuffles up and down
/// stay inside the segment (a source outside it gives the lane's own value), an index wraps modulo the width, an XOR step
/// may read an earlier segment but not a later one.
/// </summary>
public sealed class WarpSyncKernelTests(Backends backends)
{
    /// <summary>Shuffle offsets (delta) and segment widths, each case on every backend.</summary>
    public static TheoryData<int, int> ShuffleShapes => new((1, 8), (3, 8), (9, 8), (5, 16), (15, 16), (2, 32), (17, 32), (1, 2));

    private readonly int _seed = Random.Shared.Next();

    [Theory]
    [BackendMemberData(nameof(ShuffleShapes))]
    public void Shuffles_with_a_width_stay_in_their_segment_in_every_type(string backend, int delta, int width)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 2, threads = 64, n = blocks * threads;
        using DeviceBuffer<int> down = gpu.Allocate<int>(n), up = gpu.Allocate<int>(n), xor = gpu.Allocate<int>(n), index = gpu.Allocate<int>(n);
        using DeviceBuffer<long> wide = gpu.Allocate<long>(n);
        using DeviceBuffer<double> real = gpu.Allocate<double>(n);

        WarpSyncKernels.Launch(blocks, threads).Segmented(down, up, xor, index, wide, real, delta, width);

        int[] d = down.ToArray(), u = up.ToArray(), x = xor.ToArray(), s = index.ToArray();
        long[] w = wide.ToArray();
        double[] r = real.ToArray();
        for (int i = 0; i < n; i++)
        {
            int lane = i % 32, warp = i - lane, segment = lane / width * width;
            int expectedDown = lane % width + delta < width ? i + delta : i;
            int expectedUp = lane % width - delta >= 0 ? i - delta : i;
            int xorLane = lane ^ delta;
            int expectedXor = xorLane / width <= lane / width ? warp + xorLane : i;
            int expectedIndex = warp + segment + delta % width;
            string at = $"thread {i}, delta {delta}, width {width}";
            Assert.True(expectedDown == d[i], $"{at}: down gave {d[i]}, expected {expectedDown}");
            Assert.True(expectedUp == u[i], $"{at}: up gave {u[i]}, expected {expectedUp}");
            Assert.True(expectedXor == x[i], $"{at}: xor gave {x[i]}, expected {expectedXor}");
            Assert.True(expectedIndex == s[i], $"{at}: index gave {s[i]}, expected {expectedIndex}");
            long expectedWide = 1_000_000_000_000L * expectedDown + 7L * expectedUp + 3L * (expectedXor + 3_000_000_000L);
            Assert.True(expectedWide == w[i], $"{at}: long/ulong/uint gave {w[i]}, expected {expectedWide}");
            Assert.Equal((double)(expectedIndex + 0.5f) + (expectedDown + 0.25) * 1000.0, r[i]);
        }
    }

    [Theory, BackendData]
    public void Lanes_split_three_ways_run_their_own_masked_collectives_and_read_only_their_mask(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 2, threads = 64, n = blocks * threads;
        Random random = new(_seed);
        int[] x = Enumerable.Range(0, n).Select(_ => random.Next(-5, 40)).ToArray();
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), a = gpu.Allocate<int>(n);
        using DeviceBuffer<uint> b = gpu.Allocate<uint>(n), c = gpu.Allocate<uint>(n);

        WarpSyncKernels.Launch(blocks, threads).PartialMasks(dx, a, b, c);

        int[] ra = a.ToArray();
        uint[] rb = b.ToArray(), rc = c.ToArray();
        for (int i = 0; i < n; i++)
        {
            int lane = i % 32, warp = i - lane;
            int[] low = Lanes(x, warp, l => l < 16), odd = Lanes(x, warp, l => l >= 16 && l % 2 == 1), even = Lanes(x, warp, l => l >= 16 && l % 2 == 0);
            (int ea, uint eb, uint ec) = lane < 16
                ? ((lane % 8 + 3 < 8 ? x[i + 3] : x[i]) + 1000 * low.Min(),
                   (uint)low.Sum() ^ low.Aggregate(0u, (acc, v) => acc ^ ((uint)v << 4)),
                   Bits(x, warp, l => l < 16 && x[warp + l] % 2 == 0) | (low.All(v => v >= 0) ? 1u << 31 : 0u))
                : lane % 2 == 1
                ? (x[warp + (lane ^ 2)] + x[warp + 17],
                   Bits(x, warp, l => l >= 16 && l % 2 == 1 && x[warp + l] % 3 == x[i] % 3) | (odd.Contains(5) ? 1u : 0u),
                   odd.Aggregate(0u, (acc, v) => acc | (1u << (v & 31))) & odd.Aggregate(uint.MaxValue, (acc, v) => acc & ((uint)v | 0xf0000000u)))
                : (even.Max() + (lane % 16 >= 2 ? x[i - 2] : x[i]),
                   even.Select(v => (uint)v).Max() + even.Select(v => (uint)v).Min(),
                   Bits(x, warp, l => l >= 16 && l % 2 == 0 && x[warp + l] > 10) + Bits(x, warp, l => l >= 16 && l % 2 == 0 && x[warp + l] % 2 == x[i] % 2));
            string at = $"seed {_seed}, thread {i}";
            Assert.True(ea == ra[i], $"{at}: a = {ra[i]}, expected {ea}");
            Assert.True(eb == rb[i], $"{at}: b = {rb[i]:x8}, expected {eb:x8}");
            Assert.True(ec == rc[i], $"{at}: c = {rc[i]:x8}, expected {ec:x8}");
        }
    }

    [Theory, BackendData]
    public void MatchAny_groups_floats_and_doubles_by_their_bits(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 2, threads = 64, n = blocks * threads;
        float[] floatKeys = [BitConverter.Int32BitsToSingle(0x7fc00001), BitConverter.Int32BitsToSingle(0x7fc00002), 0f, -0f, 1f];
        double[] doubleKeys = [BitConverter.Int64BitsToDouble(0x7ff8000000000001), BitConverter.Int64BitsToDouble(0x7ff8000000000002), 0.0, -0.0, 1.0];
        Random random = new(_seed);
        float[] keys = Enumerable.Range(0, n).Select(_ => floatKeys[random.Next(floatKeys.Length)]).ToArray();
        double[] wideKeys = Enumerable.Range(0, n).Select(_ => doubleKeys[random.Next(doubleKeys.Length)]).ToArray();
        using DeviceBuffer<float> dk = gpu.Allocate<float>(keys);
        using DeviceBuffer<double> dw = gpu.Allocate<double>(wideKeys);
        using DeviceBuffer<uint> groups = gpu.Allocate<uint>(n), wideGroups = gpu.Allocate<uint>(n);

        WarpSyncKernels.Launch(blocks, threads).MatchBits(dk, dw, groups, wideGroups);

        uint[] g = groups.ToArray(), wg = wideGroups.ToArray();
        for (int i = 0; i < n; i++)
        {
            int warp = i - i % 32;
            uint expected = Bits(keys, warp, l => BitConverter.SingleToInt32Bits(keys[warp + l]) == BitConverter.SingleToInt32Bits(keys[i]));
            uint expectedWide = Bits(keys, warp, l => BitConverter.DoubleToInt64Bits(wideKeys[warp + l]) == BitConverter.DoubleToInt64Bits(wideKeys[i]));
            Assert.True(expected == g[i], $"seed {_seed}, thread {i}: float match {g[i]:x8}, expected {expected:x8}");
            Assert.True(expectedWide == wg[i], $"seed {_seed}, thread {i}: double match {wg[i]:x8}, expected {expectedWide:x8}");
        }
    }

    [Theory, BackendData]
    public void Block_votes_count_and_combine_every_thread_of_the_block_at_each_barrier(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int blocks = 4, threads = 96, n = blocks * threads;
        Random random = new(_seed);
        int[] x = Enumerable.Range(0, n).Select(_ => random.Next(-3, 50)).ToArray();
        x[threads] = 7; // block 1 has a 7; block 2 only non-zero, non-negative values
        for (int i = 2 * threads; i < 3 * threads; i++) x[i] = 1 + i % 9;
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), counts = gpu.Allocate<int>(n), flags = gpu.Allocate<int>(n);

        WarpSyncKernels.Launch(blocks, threads).BlockVotes(dx, counts, flags);

        int[] c = counts.ToArray(), f = flags.ToArray();
        for (int block = 0; block < blocks; block++)
        {
            int[] mine = x.Skip(block * threads).Take(threads).ToArray();
            int expectedCount = mine.Count(v => v > 0) + 1000 * mine.Count(v => v % 2 == 0);
            int expectedFlags = (mine.All(v => v != 0) ? 1 : 0) + (mine.Any(v => v < 0) ? 2 : 0) + (mine.Contains(7) ? 4 : 0);
            for (int t = 0; t < threads; t++)
            {
                Assert.True(expectedCount == c[block * threads + t], $"seed {_seed}, block {block}, thread {t}: count {c[block * threads + t]}, expected {expectedCount}");
                Assert.True(expectedFlags == f[block * threads + t], $"seed {_seed}, block {block}, thread {t}: flags {f[block * threads + t]}, expected {expectedFlags}");
            }
        }
    }

    [Theory, BackendData]
    public void Warp_aggregated_atomics_keep_every_positive_value_once(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int n = backend == "cuda" ? 100_000 : 300; // the last warp partial
        Random random = new(_seed);
        int[] x = Enumerable.Range(0, n).Select(_ => random.Next(-50, 50)).ToArray();
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), kept = gpu.Allocate<int>(n), count = gpu.Allocate<int>(1);
        count.Clear();

        WarpSyncKernels.Launch((n + 127) / 128, 128).FilterPositive(dx, kept, count);

        int found = count.ToArray()[0];
        int[] positive = x.Where(v => v > 0).Order().ToArray();
        Assert.Equal(positive.Length, found);
        Assert.Equal(positive, kept.ToArray().Take(found).Order().ToArray());
    }

    private static int[] Lanes(int[] x, int warp, Func<int, bool> lane) => Enumerable.Range(0, 32).Where(lane).Select(l => x[warp + l]).ToArray();

    private static uint Bits<T>(T[] values, int warp, Func<int, bool> lane) =>
        Enumerable.Range(0, 32).Where(l => warp + l < values.Length && lane(l)).Aggregate(0u, (bits, l) => bits | (1u << l));
}
