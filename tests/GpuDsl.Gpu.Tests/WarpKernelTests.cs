namespace GpuDsl.Cuda.Tests;

/// <summary>Warp shuffles, ballots and votes, on the CUDA device and on the CPU backend, against plain C#.</summary>
public sealed class WarpKernelTests(CudaDeviceFixture cuda)
{
    public static TheoryData<string> Backends => new() { "cuda", "cpu" };

    private static readonly Lazy<GpuContext> CpuBackend = new(() => GpuContext.Create(GpuBackend.Cpu));

    private readonly int _seed = Random.Shared.Next();

    [Theory]
    [MemberData(nameof(Backends))]
    public void Warp_shuffle_reduction_sums_within_float_tolerance(string backend)
    {
        GpuContext gpu = Context(backend);
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

    [Theory]
    [MemberData(nameof(Backends))]
    public void Ballot_broadcast_and_votes_agree_with_each_warp(string backend)
    {
        GpuContext gpu = Context(backend);
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

    private GpuContext Context(string backend) => backend == "cuda" ? cuda.RequireCompiler() : CpuBackend.Value;
}
