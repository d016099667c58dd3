using GpuDsl.Cpu;
using GpuDsl.Testing;

namespace GpuDsl.Runtime.Tests.Kernels;

/// <summary>The CPU half of a generated launcher: resolve the context as generated code does, then launch on it.</summary>
internal static class CpuLauncher
{
    public static void Launch<TBody>(KernelDescriptor kernel, LaunchConfig config, GpuContext? firstBufferContext, TBody body)
        where TBody : struct, ICpuKernel
    {
        GpuContext context = config.ResolveContext(kernel, firstBufferContext);
        ((CpuContext)context).Launch(kernel, config, body);
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
