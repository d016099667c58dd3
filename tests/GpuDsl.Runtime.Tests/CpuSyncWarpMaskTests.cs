using GpuDsl.Cpu;
using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary>
/// The CPU backend's <c>Gpu.SyncWarp(mask)</c> (CUDA's <c>__syncwarp(mask)</c>): the lanes of the mask wait for each
/// other and no other lane; a member that never comes is reported instead of hanging; a caller outside its mask fails
/// the launch. With and without <see cref="CpuContext.RaceCheck"/>, which runs lanes by turns.
/// </summary>
public sealed class CpuSyncWarpMaskTests : IDisposable
{
    private static readonly KernelDescriptor QuartersKernel = Describe(nameof(Quarters));
    private static readonly KernelDescriptor MemberReturnsKernel = Describe(nameof(MemberReturns));

    private readonly CpuContext _context = (CpuContext)GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_quarter_of_a_warp_syncs_with_its_own_mask_while_the_last_quarter_returns(bool raceCheck)
    {
        _context.RaceCheck = raceCheck;
        using DeviceBuffer<int> values = _context.Allocate<int>(32);

        await CpuLauncher.LaunchWithDeadline(QuartersKernel, new LaunchConfig(1, 32), _context, new QuartersBody(values));

        // Each lane of the first three quarters read its mirror in its own quarter, written before the SyncWarp.
        int[] v = values.ToArray();
        for (int lane = 0; lane < 24; lane++)
        {
            int quarter = lane / 8 * 8;
            Assert.Equal(1000 + quarter + 7 - (lane - quarter), v[lane]);
        }

        Assert.All(v[24..], x => Assert.Equal(0, x));
    }

    [Fact]
    public async Task A_member_of_the_mask_that_returned_is_reported_instead_of_hanging()
    {
        using DeviceBuffer<int> values = _context.Allocate<int>(32);

        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.LaunchWithDeadline(MemberReturnsKernel, new LaunchConfig(1, 32), _context, new MemberReturnsBody(values)));

        Assert.Contains("would hang at Gpu.SyncWarp(0x000000ff)", error.Message);
    }

    [Fact]
    public async Task A_caller_outside_its_mask_fails_the_launch_naming_the_lane()
    {
        using DeviceBuffer<int> values = _context.Allocate<int>(32);

        KernelExecutionException error = await Assert.ThrowsAsync<KernelExecutionException>(() =>
            CpuLauncher.LaunchWithDeadline(MemberReturnsKernel, new LaunchConfig(1, 32), _context, new MemberReturnsBody(values, outside: true)));

        Assert.Contains("Gpu.SyncWarp(0x000000ff) in lane 9 of warp 0 with mask 0x000000ff, which does not include that lane", error.Message);
    }

    /// <summary>Lanes 24-31 return; each other quarter writes, syncs with its own mask, and reads its mirror lane.</summary>
    private static void Quarters(Span<int> values)
    {
        Span<int> slots = Gpu.Shared<int>(32);
        int lane = Gpu.LaneId;
        if (lane >= 24)
        {
            return;
        }

        int quarter = lane / 8 * 8;
        slots[lane] = 1000 + lane;
        Gpu.SyncWarp(0xffu << quarter);
        values[lane] = slots[quarter + 7 - (lane - quarter)];
    }

    /// <summary>Lane 5 returns while lanes 0-7 sync with a mask that names it; or, with <paramref name="outside"/>, lane 9 calls too.</summary>
    private static void MemberReturns(Span<int> values, bool outside)
    {
        int lane = Gpu.LaneId;
        if (outside ? lane > 9 || lane == 8 : lane == 5 || lane >= 8)
        {
            return;
        }

        Gpu.SyncWarp(0xffu);
        values[lane] = 1;
    }

    private static KernelDescriptor Describe(string name) => new(new GpuModule("Tests", ""), name.ToLowerInvariant(), $"Tests.{name}", usesBarriers: true);

    private readonly struct QuartersBody(DeviceSpan<int> values) : ICpuKernel
    {
        public void Execute() => Quarters(values.AsCpuSpan());
    }

    private readonly struct MemberReturnsBody(DeviceSpan<int> values, bool outside = false) : ICpuKernel
    {
        public void Execute() => MemberReturns(values.AsCpuSpan(), outside);
    }
}
