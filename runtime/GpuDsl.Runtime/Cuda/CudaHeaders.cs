namespace GpuDsl.Cuda;

/// <summary>
/// Where CUDA's own headers are, for modules that include one (<c>cuda_fp16.h</c> for <see cref="Half"/>, <c>cuda_bf16.h</c>,
/// which sits beside it, for <see cref="BFloat16"/>). NVRTC does
/// not search anywhere by itself, so the directory is passed with <c>--include-path</c>.
/// </summary>
internal static class CudaHeaders
{
    /// <summary>The variable that names the include directory explicitly.</summary>
    public const string IncludeVariable = "GPUDSL_CUDA_INCLUDE";

    /// <summary>The header every probed directory must hold.</summary>
    public const string ProbeHeader = "cuda_fp16.h";

    /// <summary>The include directories to try, in order.</summary>
    public static IEnumerable<string> Candidates(Func<string, string?> environment)
    {
        if (environment(IncludeVariable) is { Length: > 0 } explicitDirectory)
        {
            yield return explicitDirectory;
        }

        foreach (string variable in new[] { "CUDA_HOME", "CUDA_PATH", "CUDA_ROOT" })
        {
            if (environment(variable) is { Length: > 0 } root)
            {
                yield return Path.Combine(root, "include");
            }
        }

        yield return "/usr/local/cuda/include";
        yield return "/usr/include";
    }

    /// <summary>The first candidate that holds <see cref="ProbeHeader"/>, or <see langword="null"/>.</summary>
    public static string? Find(Func<string, string?> environment, Func<string, bool> fileExists) =>
        Candidates(environment).FirstOrDefault(d => fileExists(Path.Combine(d, ProbeHeader)));

    /// <summary>
    /// The directories to pass for the include directory <paramref name="include"/>: itself, and its <c>cccl</c>
    /// subdirectory where there is one. CUDA 13 moved the C++ core libraries there (<c>cuda/std/type_traits</c>, which
    /// <c>cooperative_groups.h</c> includes); nvcc adds it by itself, NVRTC does not.
    /// </summary>
    public static IEnumerable<string> IncludePaths(string include, Func<string, bool> directoryExists)
    {
        yield return include;
        string cccl = Path.Combine(include, "cccl");
        if (directoryExists(cccl))
        {
            yield return cccl;
        }
    }

    /// <summary>What to tell a user whose module could not find a CUDA header.</summary>
    public static string MissingHeaderAdvice =>
        $"NVRTC needs CUDA's headers for this module (it uses {ProbeHeader} for Half, cuda_bf16.h for BFloat16, or cooperative_groups.h for Gpu.SyncGrid). GpuDsl looked in " +
        $"{string.Join(", ", Candidates(Environment.GetEnvironmentVariable))}; install the CUDA toolkit's headers " +
        $"(e.g. the cuda-cudart-dev package) or set {IncludeVariable} to the directory that holds {ProbeHeader}.";
}
