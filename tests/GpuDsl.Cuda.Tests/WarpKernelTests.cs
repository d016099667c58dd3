namespace GpuDsl.Cuda.Tests;

/// <summary>Warp shuffles, ballots and votes, on the CUDA device and on the CPU backend, against plain C#.</summary>
public sealed class WarpKernelTests(Backends backends)
{
    private readonly int _seed = Random.Shared.Next();

    [Theory, BackendData]
    public void Warp_shuffle_reduction_sums_within_float_tolerance(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // On the CPU each emulated thread of a block is an OS thread; a dozen blocks, the last partial, prove the sum
        // as well as hundreds.
        int n = backend == "cuda" ? 1 << 20 : 3_000;
        Random random = new(_seed);
        float[] x = Enumerable.Range(0, n).Select(_ => random.NextSingle()).ToArray();
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), total = gpu.Allocate<float>(1);
        total.Clear();

        WarpKernels.Launch((n + 255) / 256, 256).Sum(dx, total);

        double expected = x.Sum(v => (double)v);
        float actual = total.ToArray()[0];
        Assert.True(Math.Abs(actual - expected) <= 1e-5 * expected, $"seed {_seed}: {actual} vs {expected}");
    }

    [Theory, BackendData]
    public void Ballot_broadcast_and_votes_agree_with_each_warp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 256;
        Random random = new(_seed);
        int[] x = Enumerable.Range(0, n).Select(_ => random.Next(-20, 20)).ToArray();
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), broadcast = gpu.Allocate<int>(n), flags = gpu.Allocate<int>(n);
        using DeviceBuffer<uint> ballots = gpu.Allocate<uint>(n);

        WarpKernels.Launch(2, 128).Votes(dx, ballots, broadcast, flags);

        uint[] b = ballots.ToArray();
        int[] cast = broadcast.ToArray(), f = flags.ToArray();
        for (int i = 0; i < n; i++)
        {
            int[] warp = x.Skip(i / 32 * 32).Take(32).ToArray();
            uint expectedBallot = 0;
            for (int lane = 0; lane < 32; lane++) expectedBallot |= warp[lane] > 0 ? 1u << lane : 0;
            Assert.True(expectedBallot == b[i], $"seed {_seed}, thread {i}: ballot {b[i]:x8}, expected {expectedBallot:x8}");
            Assert.Equal(warp[3], cast[i]);
            Assert.Equal(1 + (warp.Contains(7) ? 2 : 0), f[i]);
        }
    }

    [Theory, BackendData]
    public void Shuffles_of_a_generic_kernels_type_move_ints_doubles_and_shorts_exactly(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(_seed);
        int[] ints = Enumerable.Range(0, 64).Select(_ => random.Next(-1000, 1000)).ToArray();
        GenericShuffles(gpu, ints, (a, b) => a + b);
        GenericShuffles(gpu, ints.Select(v => v / 8.0).ToArray(), (a, b) => a + b); // eighths: every sum is exact
        GenericShuffles(gpu, ints.Select(v => (short)v).ToArray(), (a, b) => (short)(a + b));
    }

    private void GenericShuffles<T>(GpuContext gpu, T[] x, Func<T, T, T> add) where T : unmanaged, System.Numerics.INumber<T>
    {
        using DeviceBuffer<T> dx = gpu.Allocate<T>(x), sums = gpu.Allocate<T>(x.Length / 32), reads = gpu.Allocate<T>(3 * x.Length);

        WarpKernels.Launch(1, x.Length).GenericShuffles(dx, sums, reads);

        T[] s = sums.ToArray(), r = reads.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            int lane = i % 32, warp = i - lane;
            if (lane == 0)
            {
                // The butterfly's order of additions, so floating sums match bit for bit.
                T[] v = x.Skip(warp).Take(32).ToArray();
                for (int offset = 16; offset > 0; offset /= 2)
                {
                    v = [.. v.Select((value, l) => l + offset < 32 ? add(value, v[l + offset]) : add(value, value))];
                }

                Assert.True(v[0] == s[i / 32], $"{typeof(T).Name}, seed {_seed}, warp {i / 32}: {s[i / 32]}, expected {v[0]}");
            }

            Assert.Equal(x[lane >= 1 ? i - 1 : i], r[3 * i]);
            Assert.Equal(x[warp + (lane ^ 5)], r[3 * i + 1]);
            Assert.Equal(x[warp + 7], r[3 * i + 2]);
        }
    }
}
