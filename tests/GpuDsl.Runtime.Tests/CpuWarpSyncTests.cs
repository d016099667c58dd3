using GpuDsl.Cpu;
using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary>
/// The CPU backend's masked warp collectives (lanes of different masks meet apart; a lane outside the mask is never
/// read; a mask that cannot complete is reported instead of hanging), its block votes, and its atomics with every lane
/// of a block running at once; each with and without <see cref="CpuContext.RaceCheck"/>, which runs lanes by turns.
/// </summary>
public sealed class CpuWarpSyncTests : IDisposable
{
    private readonly CpuContext _context = (CpuContext)GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData(64, false)]
    [InlineData(48, false)]
    [InlineData(64, true)]
    public async Task Two_halves_of_a_warp_shuffle_apart_with_their_own_masks_and_never_read_outside_them(int threads, bool raceCheck)
    {
        _context.RaceCheck = raceCheck;
        const int blocks = 2, rounds = 20;
        int n = blocks * threads;
        using DeviceBuffer<int> sums = _context.Allocate<int>(n), outside = _context.Allocate<int>(n);

        await CpuLauncher.WithDeadline(() => WarpSyncKernels.Launch(new LaunchConfig(blocks, threads)).MaskedHalves(sums, outside, rounds));

        int[] s = sums.ToArray(), o = outside.ToArray();
        for (int i = 0; i < n; i++)
        {
            int lane = (i % threads) % 32;
            int source = lane < 16 ? (lane < 15 ? lane + 1 : lane) : (lane > 16 ? lane - 1 : lane);
            Assert.True(rounds * source + rounds * (rounds - 1) / 2 == s[i], $"thread {i}: sum {s[i]}");
            Assert.Equal(100 + lane, o[i]);
        }
    }

    [Fact]
    public async Task A_lane_whose_mask_leaves_it_out_fails_the_launch_naming_the_lane_and_mask()
    {
        using DeviceBuffer<uint> ballots = _context.Allocate<uint>(32);

        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.WithDeadline(() => WarpSyncKernels.Launch(new LaunchConfig(1, 32)).MaskWithoutCaller(ballots)));

        Assert.Contains("a ballot in lane 3 of warp 0 with mask 0xfffffff7, which does not include that lane", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lanes_waiting_with_overlapping_masks_are_reported_instead_of_hanging(bool raceCheck)
    {
        _context.RaceCheck = raceCheck;
        using DeviceBuffer<int> values = _context.Allocate<int>(32);

        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.WithDeadline(() => WarpSyncKernels.Launch(new LaunchConfig(1, 32)).OverlappingMasks(values)));

        Assert.Contains("would hang at a shuffle", error.Message);
        Assert.Contains("which wait at another collective with a different mask", error.Message);
    }

    [Fact]
    public async Task A_masked_reduction_whose_member_returned_is_reported_instead_of_hanging()
    {
        using DeviceBuffer<int> values = _context.Allocate<int>(32);

        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.WithDeadline(() => WarpSyncKernels.Launch(new LaunchConfig(1, 32)).MaskedMemberReturns(values)));

        Assert.Contains("would hang at a warp reduction", error.Message);
        Assert.Contains("7 lanes of warp 0 wait with mask 0x000000ff for 1 that returned (lanes 0x00000020)", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ActiveMask_names_the_lanes_that_reach_the_call_together_in_a_partial_warp_and_in_each_branch(bool raceCheck)
    {
        _context.RaceCheck = raceCheck;
        const int blocks = 2, threads = 48, n = blocks * threads;
        int[] values = Enumerable.Range(0, n).Select(i => i * 7 % 11).ToArray();
        using DeviceBuffer<uint> masks = _context.Allocate<uint>(n), branchMasks = _context.Allocate<uint>(n);
        using DeviceBuffer<int> starts = _context.Allocate<int>(n), counter = _context.Allocate<int>(1), dv = _context.Allocate<int>(values);
        counter.Clear();
        starts.Clear();
        branchMasks.Clear();

        await CpuLauncher.WithDeadline(() => WarpSyncKernels.Launch(new LaunchConfig(blocks, threads)).ActiveMasks(masks, branchMasks, starts, counter, dv));

        uint[] m = masks.ToArray(), b = branchMasks.ToArray();
        int[] s = starts.ToArray();
        for (int i = 0; i < n; i++)
        {
            int warp = i - (i % threads) % 32, lanes = Math.Min(32, threads - (i % threads) / 32 * 32);
            Assert.Equal(lanes == 32 ? 0xffffffffu : (1u << lanes) - 1, m[i]);
            uint even = 0, other = 0;
            for (int lane = 0; lane < lanes; lane++)
            {
                int v = values[warp + lane];
                even |= v % 2 == 0 ? 1u << lane : 0;
                other |= v % 2 != 0 && v % 3 != 0 ? 1u << lane : 0;
            }

            uint expected = values[i] % 2 == 0 ? even : values[i] % 3 == 0 ? 0u : other;
            Assert.True(expected == b[i], $"thread {i} (value {values[i]}): branch mask {b[i]:x8}, expected {expected:x8}");
            Assert.True(values[i] % 2 == 0 ? s[i] >= 0 : values[i] % 3 == 0 ? s[i] == 0 : s[i] == -1, $"thread {i}: start {s[i]}");
        }

        Assert.Equal(values.Count(v => v % 2 == 0), counter.ToArray()[0]);
    }

    [Theory]
    [InlineData(64, false)]
    [InlineData(64, true)]
    [InlineData(1, false)]
    public async Task Block_votes_at_consecutive_barriers_each_count_only_their_own_predicate(int threads, bool raceCheck)
    {
        _context.RaceCheck = raceCheck;
        const int blocks = 2, rounds = 30;
        using DeviceBuffer<int> counts = _context.Allocate<int>(blocks * threads), flags = _context.Allocate<int>(blocks * threads);

        await CpuLauncher.WithDeadline(() => WarpSyncKernels.Launch(new LaunchConfig(blocks, threads)).VotesAtManyBarriers(counts, flags, rounds));

        int expectedCount = Enumerable.Range(0, rounds).Sum(r => Math.Min(3 * r, threads) * (r + 1));
        int expectedFlags = Enumerable.Range(0, rounds).Sum(r => (3 * r >= threads ? 1 : 0) + (r > 0 ? 100 : 0));
        Assert.All(counts.ToArray(), c => Assert.Equal(expectedCount, c));
        Assert.All(flags.ToArray(), f => Assert.Equal(expectedFlags, f));
    }

    [Fact]
    public async Task Combining_atomics_and_compare_exchange_loops_lose_no_update_with_a_block_running_at_once()
    {
        const int blocks = 2, threads = 128, times = 40;
        long n = (long)blocks * threads * times;
        using DeviceBuffer<uint> u = _context.Allocate<uint>([0u, 0u, 0u, 0u, 0u]);
        using DeviceBuffer<long> l = _context.Allocate<long>([0L, 0L, 0L]);
        using DeviceBuffer<float> f = _context.Allocate<float>([0f]);
        using DeviceBuffer<double> d = _context.Allocate<double>([0.0]);

        await CpuLauncher.WithDeadline(() => WarpSyncKernels.Launch(new LaunchConfig(blocks, threads)).HammerOneAddress(u, l, f, d, times));

        uint[] ru = u.ToArray();
        Assert.Equal((uint)(n % 1000), ru[0]);
        Assert.Equal((uint)((1000 - n % 1000) % 1000), ru[1]);
        uint xor = 0;
        long xorLong = 0, or = 0;
        for (int b = 0; b < blocks; b++)
        {
            for (int t = 0; t < threads; t++)
            {
                for (int k = 0; k < times; k++)
                {
                    xor ^= 1u << (k % 32);
                    xorLong ^= 1L << (t % 64);
                    or |= 1L << ((t + k) % 64);
                }
            }
        }

        Assert.Equal(xor, ru[2]);
        Assert.Equal(unchecked(0u - 3u * (uint)n), ru[3]);
        Assert.Equal((uint)(threads * times - 1), ru[4]);
        long[] rl = l.ToArray();
        Assert.Equal(new[] { xorLong, or, -(long)(threads * times - 1) }, rl);
        Assert.Equal((float)n, f.ToArray()[0]);
        Assert.Equal(0.5 * n, d.ToArray()[0]);
    }
}
