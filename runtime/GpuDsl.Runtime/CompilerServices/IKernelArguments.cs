using System.ComponentModel;

namespace GpuDsl.CompilerServices;

/// <summary>
/// The arguments of one launch of one kernel, as a struct the generator emits per kernel (per compiled type of a generic
/// kernel). It knows its kernel, hands each argument to whatever <see cref="IKernelArgumentLoader"/> a backend supplies
/// (the CUDA backend packs them as the kernel's parameters lie in memory), and runs the kernel's C# body for the CPU
/// backend. A launcher passes it to <see cref="KernelLaunch.Launch"/> and names no backend, so a new backend or a new
/// way of passing arguments changes the runtime, not the generated code. Implemented by generated code only.
/// </summary>
/// <remarks>
/// The shape follows ComputeSharp's <c>IComputeShaderDescriptor&lt;T&gt;</c>: static facts as static abstract members,
/// arguments pushed into a loader struct that the backend supplies, so the calls are direct and a launch allocates nothing.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IKernelArguments : ICpuKernel
{
    /// <summary>The kernel these are the arguments of.</summary>
    static abstract KernelDescriptor Kernel { get; }

    /// <summary>The context of the first span argument (the one a launch without a stream runs on), or
    /// <see langword="null"/> when the kernel takes no span or the span is empty.</summary>
    GpuContext? BufferContext { get; }

    /// <summary>Hands every argument to <paramref name="loader"/>, in the order of the kernel's parameters.</summary>
    /// <typeparam name="TLoader">The backend's loader: a struct, so each call is direct and inlinable.</typeparam>
    void Load<TLoader>(ref TLoader loader) where TLoader : struct, IKernelArgumentLoader;
}
