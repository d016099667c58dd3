namespace GpuDsl;

/// <summary>
/// A kernel compiled in checked mode (the <c>GpuDslCheckedKernels</c> build property, on by default in Debug) indexed a
/// span outside its bounds. On the GPU it is thrown at the next synchronization with the device (a <c>Synchronize</c>,
/// a copy to the host) after the kernel ran, or at the launch itself with <c>GPUDSL_SYNC_LAUNCHES=1</c>; it describes
/// the first out-of-range access since the previous report. The offending access read or wrote element 0 instead,
/// so the context stays usable, but what the kernel computed is not to be trusted.
/// </summary>
/// <remarks>
/// On the CPU backend a kernel built in checked mode throws it too, as the <see cref="Exception.InnerException"/> of the
/// <see cref="KernelExecutionException"/> that fails the launch, at the faulting access itself. It cannot derive from
/// <see cref="IndexOutOfRangeException"/> (what a span throws in an unchecked build), which is sealed.
/// </remarks>
public sealed class KernelIndexOutOfRangeException : Exception
{
    /// <summary>Describes an out-of-range span access.</summary>
    /// <param name="site">Where the access is in the C# source.</param>
    /// <param name="index">The index used.</param>
    /// <param name="length">The span's length.</param>
    /// <param name="blockIdx">The block of the thread that made the access.</param>
    /// <param name="threadIdx">The thread, within its block.</param>
    public KernelIndexOutOfRangeException(CheckedIndexSite site, int index, int length, Dim3 blockIdx, Dim3 threadIdx)
        : base(Describe(site ?? throw new ArgumentNullException(nameof(site)), index, length, blockIdx, threadIdx))
    {
        Site = site;
        Kernel = site.Function;
        File = site.File;
        Line = site.Line;
        Index = index;
        Length = length;
        BlockIdx = blockIdx;
        ThreadIdx = threadIdx;
    }

    private static string Describe(CheckedIndexSite site, int index, int length, Dim3 blockIdx, Dim3 threadIdx) =>
        $"{(site.IsKernel ? "Kernel" : "Device method")} {Where(site, index, length, blockIdx, threadIdx)}";

    /// <summary>The message after "Kernel " or "Device method ": the method, the line, the index and the thread.</summary>
    private static string Where(CheckedIndexSite site, int index, int length, Dim3 blockIdx, Dim3 threadIdx) =>
        $"{site.Function}, {site.File} line {site.Line}: " +
        (site.Dimension is { } dimension
            ? $"{Name(dimension)} {index} is out of range for a {(dimension is "slice" or "3D row" or "3D column" ? "3D" : "2D")} span of {length} {Name(dimension)}s"
            : $"index {index} is out of range for a span of length {length}") +
        $" (block {blockIdx}, thread {threadIdx}).";

    /// <summary>A dimension's name: a 3D span's <c>"3D row"</c> and <c>"3D column"</c> are rows and columns.</summary>
    private static string Name(string dimension) => dimension.StartsWith("3D ", StringComparison.Ordinal) ? dimension.Substring(3) : dimension;

    /// <summary>The message without its leading "Kernel" or "Device method", for a report that names the kernel first.</summary>
    internal string Where() => Where(Site, Index, Length, BlockIdx, ThreadIdx);

    /// <summary>Where the access is, as the generated site table describes it.</summary>
    internal CheckedIndexSite Site { get; }

    /// <summary>The method that made the access, <c>Class.Method</c>: the kernel, or a <c>[Device]</c> method it called.</summary>
    public string Kernel { get; }

    /// <summary>The C# file of the access, without its directory.</summary>
    public string File { get; }

    /// <summary>The 1-based line of the access in <see cref="File"/>.</summary>
    public int Line { get; }

    /// <summary>The index used: for a 2D span, the row or the column that is out of range (the message says which).</summary>
    public int Index { get; }

    /// <summary>The span's length: for a 2D span, its rows or its columns, as <see cref="Index"/> is a row or a column.</summary>
    public int Length { get; }

    /// <summary>The block (<see cref="Gpu.BlockIdx"/>) of the thread that made the access.</summary>
    public Dim3 BlockIdx { get; }

    /// <summary>The thread (<see cref="Gpu.ThreadIdx"/>) that made the access, within its block.</summary>
    public Dim3 ThreadIdx { get; }
}
