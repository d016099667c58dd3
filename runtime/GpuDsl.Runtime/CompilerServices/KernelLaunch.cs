using System.ComponentModel;
using GpuDsl.Cpu;
using GpuDsl.Cuda;

namespace GpuDsl.CompilerServices;

/// <summary>
/// The one call a generated launcher makes: <c>KernelLaunch.Launch(in config, new AddArguments(a, b, c))</c>. It
/// resolves the context (the stream's, else the first buffer's) and hands the arguments to that context's backend.
/// Called by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelLaunch
{
    /// <summary>Launches <typeparamref name="TArguments"/>'s kernel with <paramref name="config"/>.</summary>
    /// <exception cref="InvalidOperationException">No stream and no buffer argument say which context to run on.</exception>
    /// <exception cref="ArgumentException">A buffer belongs to another context, or a read-only span argument overlaps a
    /// writable one.</exception>
    /// <exception cref="ObjectDisposedException">The context or a buffer is disposed; the message names the kernel.</exception>
    /// <exception cref="InvalidLaunchException">The configuration breaks a limit of the device or the kernel.</exception>
    public static void Launch<TArguments>(in LaunchConfig config, in TArguments arguments) where TArguments : struct, IKernelArguments
    {
        KernelDescriptor kernel = TArguments.Kernel;
        GpuContext context = config.ResolveContext(kernel, arguments.BufferContext);

        // A type test per backend rather than a generic virtual method: the contexts are sealed, so each test is one
        // compare, where a generic virtual call on a struct type argument goes through a runtime lookup every launch.
        if (context is CudaContext cuda)
        {
            cuda.Launch(kernel, in config, in arguments);
        }
        else
        {
            ((CpuContext)context).Launch(kernel, in config, in arguments);
        }
    }
}
