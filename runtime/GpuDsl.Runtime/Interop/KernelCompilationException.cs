namespace GpuDsl;

/// <summary>
/// NVRTC rejected the CUDA C of a kernel class. The generated source carries <c>#line</c> directives, so the message
/// starts with the first error as <c>File.cs(line): error: ...</c>, pointing at the C# that produced it, followed by
/// NVRTC's full log.
/// </summary>
public sealed class KernelCompilationException : CudaException
{
    internal KernelCompilationException(string moduleName, string log, string message)
        : base("NVRTC_ERROR_COMPILATION", 6, message)
    {
        ModuleName = moduleName;
        Log = log;
    }

    /// <summary>The kernel class whose module failed to compile, e.g. <c>MyApp.VectorKernels</c>.</summary>
    public string ModuleName { get; }

    /// <summary>NVRTC's complete compilation log.</summary>
    public string Log { get; }
}
