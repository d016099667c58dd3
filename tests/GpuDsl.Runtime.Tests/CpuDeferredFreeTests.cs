using GpuDsl.Cpu;
using GpuDsl.Runtime.Tests.Kernels;
using GpuDsl.Testing;

namespace GpuDsl.Runtime.Tests;

/// <summary>
/// A buffer freed while launches run stays allocated until those launches end, as <c>cuMemFree</c> waits for the device;
/// launches that start afterwards cannot use it and do not hold it back.
/// </summary>
public sealed class CpuDeferredFreeTests : IDisposable
{
    private static readonly KernelDescriptor Hold = new(new GpuModule("Tests.Hold", ""), "hold", "Tests.Hold", usesBarriers: false);

    private readonly CpuContext _context = (CpuContext)GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task A_free_during_a_launch_is_released_when_that_launch_ends_even_while_a_later_launch_runs()
    {
        using Gate first = new(), second = new();
        DeviceBuffer<float> freed = _context.Allocate<float>(1000);
        int before = _context.LiveAllocationCount;

        Task firstLaunch = LaunchHeld(first);
        first.AwaitRunning();
        freed.Dispose();
        Assert.Equal(before, _context.LiveAllocationCount); // deferred: the first launch might be using it

        Task secondLaunch = LaunchHeld(second);
        second.AwaitRunning();
        first.Release();
        await firstLaunch.WaitAsync(Hang.Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(before - 1, _context.LiveAllocationCount); // the second launch began after the free
        second.Release();
        await secondLaunch.WaitAsync(Hang.Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(before - 1, _context.LiveAllocationCount);
    }

    [Fact]
    public async Task A_free_during_two_launches_waits_for_both()
    {
        using Gate first = new(), second = new();
        DeviceBuffer<float> freed = _context.Allocate<float>(1000);
        int before = _context.LiveAllocationCount;

        Task firstLaunch = LaunchHeld(first), secondLaunch = LaunchHeld(second);
        first.AwaitRunning();
        second.AwaitRunning();
        freed.Dispose();
        second.Release();
        await secondLaunch.WaitAsync(Hang.Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(before, _context.LiveAllocationCount); // the first launch still runs
        first.Release();
        await firstLaunch.WaitAsync(Hang.Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(before - 1, _context.LiveAllocationCount);
    }

    private Task LaunchHeld(Gate gate) => Task.Factory.StartNew(
        () => CpuLauncher.Launch(Hold, new LaunchConfig(1, 1), _context, new HoldBody(gate)),
        CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Holds a launch inside its kernel until released, and says when the kernel is running.</summary>
    private sealed class Gate : IDisposable
    {
        private readonly ManualResetEventSlim _running = new(), _released = new();

        public void Enter()
        {
            _running.Set();
            if (!_released.Wait(Hang.Deadline))
            {
                throw new TimeoutException("The test never released the launch.");
            }
        }

        public void AwaitRunning() => Assert.True(_running.Wait(Hang.Deadline), "The launch did not start.");

        public void Release() => _released.Set();

        public void Dispose()
        {
            _released.Set();
            _running.Dispose();
            _released.Dispose();
        }
    }

    private readonly struct HoldBody(Gate gate) : ICpuKernel
    {
        public void Execute() => gate.Enter();
    }
}
