using System.ComponentModel;

namespace GpuDsl.CompilerServices;

/// <summary>
/// One kernel of a <see cref="GpuModule"/>, held in a static field of the generated launcher. The backends cache
/// what they resolve for it (the CUDA function, its limits) per context.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class KernelDescriptor
{
    /// <summary>Describes a kernel; called by generated code.</summary>
    /// <param name="module">The module that holds the kernel.</param>
    /// <param name="entryPoint">The <c>extern "C"</c> name of the <c>__global__</c> function.</param>
    /// <param name="displayName">The C# name, <c>Class.Method</c>, for messages.</param>
    /// <param name="usesBarriers">Whether the kernel (or a device function it calls) calls <see cref="Gpu.SyncThreads"/>,
    /// so the CPU backend must run the threads of a block concurrently.</param>
    /// <param name="staticSharedBytes">Bytes of <see cref="Gpu.Shared{T}"/> memory the kernel declares, for launch checks.</param>
    /// <param name="parameterCount">The CUDA function's parameter count (a span is two: pointer and length), or -1 when
    /// unknown; lets the CUDA backend read the parameter layout without probing past the end.</param>
    /// <param name="checkedSites">For a module compiled in checked mode, what each site id its index checks record
    /// stands for (one array shared by the module's kernels); <see langword="null"/> when unchecked.</param>
    /// <param name="usesGridSync">Whether the kernel (or a device function it calls) calls <see cref="Gpu.SyncGrid"/>, so
    /// the CUDA backend launches it cooperatively and the CPU backend runs every thread of the grid at once.</param>
    public KernelDescriptor(
        GpuModule module, string entryPoint, string displayName, bool usesBarriers, int staticSharedBytes = 0, int parameterCount = -1,
        CheckedIndexSite[]? checkedSites = null, bool usesGridSync = false)
    {
        UsesGridSync = usesGridSync;
        CheckedSites = checkedSites;
        ParameterCount = parameterCount;
        StaticSharedBytes = staticSharedBytes;
        Module = module;
        EntryPoint = entryPoint;
        DisplayName = displayName;
        UsesBarriers = usesBarriers;
    }

    /// <summary>The module that holds the kernel.</summary>
    public GpuModule Module { get; }

    /// <summary>The CUDA entry point name.</summary>
    public string EntryPoint { get; }

    /// <summary>The C# name, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The CUDA function's parameter count, or -1 when unknown.</summary>
    public int ParameterCount { get; }

    /// <summary>Bytes of static shared memory the kernel declares.</summary>
    public int StaticSharedBytes { get; }

    /// <summary>In checked mode, the span accesses of the kernel's module by site id; <see langword="null"/> when unchecked.</summary>
    public CheckedIndexSite[]? CheckedSites { get; }

    /// <summary>Whether the kernel synchronises its block.</summary>
    public bool UsesBarriers { get; }

    /// <summary>Whether the kernel synchronises the whole grid (<see cref="Gpu.SyncGrid"/>): a cooperative launch.</summary>
    public bool UsesGridSync { get; }

    /// <summary>Per-backend cache slot; the CUDA backend keeps the last (context, function) pair here.</summary>
    internal object? BackendCache;

    /// <inheritdoc/>
    public override string ToString() => DisplayName;
}
