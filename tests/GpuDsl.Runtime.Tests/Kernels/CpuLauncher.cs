using GpuDsl.Cpu;
using GpuDsl.Testing;

namespace GpuDsl.Runtime.Tests.Kernels;

/// <summary>
/// Launches for the tests of the CPU engine: a descriptor and a body written by hand, run by <see cref="CpuContext.Run"/>
/// after resolving the context as a launch does. Kernels the generator accepts launch through their generated launchers.
/// </summary>
internal static class CpuLauncher
{
    public static void Launch<TBody>(KernelDescriptor kernel, LaunchConfig config, GpuContext? firstBufferContext, TBody body)
        where TBody : struct, ICpuKernel
    {
        GpuContext context = config.ResolveContext(kernel, firstBufferContext);
        ((CpuContext)context).Run(kernel, config, body);
    }

    /// <summary>
    /// Runs <paramref name="launch"/> (a generated launcher's call) on a worker thread and fails the test instead of
    /// hanging it when it has not ended after <see cref="Hang.Deadline"/>: for the tests that prove a launch cannot hang.
    /// </summary>
    public static async Task WithDeadline(Action launch)
    {
        Task running = Task.Factory.StartNew(launch, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await running.WaitAsync(Hang.Deadline, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Launches on a worker thread and fails the test instead of hanging it when the launch has not ended after
    /// <see cref="Hang.Deadline"/>: for the tests that prove a launch cannot hang.
    /// </summary>
    public static async Task LaunchWithDeadline<TBody>(KernelDescriptor kernel, LaunchConfig config, GpuContext context, TBody body)
        where TBody : struct, ICpuKernel
    {
        Task launch = Task.Factory.StartNew(
            () => Launch(kernel, config, context, body), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await launch.WaitAsync(Hang.Deadline, TestContext.Current.CancellationToken);
    }
}
