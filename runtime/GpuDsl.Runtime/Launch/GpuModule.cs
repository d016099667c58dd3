using System.ComponentModel;

namespace GpuDsl;

/// <summary>
/// The CUDA C translation of one class's kernels and the device functions they call, as the generator emitted it.
/// A context compiles it with NVRTC the first time one of its kernels is launched.
/// </summary>
/// <param name="Name">The C# class the module comes from, e.g. <c>MyApp.VectorKernels</c>.</param>
/// <param name="Source">The CUDA C source, with <c>#line</c> directives back to the C# files.</param>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public sealed record GpuModule(string Name, string Source);
