using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace GpuDsl.Interop;

/// <summary>
/// NVRTC, the CUDA runtime compiler: the entry points GpuDsl uses, and the probe that finds the library. NVRTC ships with
/// the CUDA toolkit rather than the driver, so it is looked for in several places and its absence is explained.
/// </summary>
internal static unsafe partial class Nvrtc
{
    /// <summary>The logical library name; <see cref="NativeLibraryResolver"/> maps it to the file the probe loaded.</summary>
    public const string Library = "nvrtc";

    /// <summary>The environment variable that names the NVRTC library file to use, tried before anything else.</summary>
    public const string PathVariable = "GPUDSL_NVRTC_PATH";

    private static readonly string[] s_linuxNames = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"];
    private static readonly string[] s_windowsNames = ["nvrtc64_130_0.dll", "nvrtc64_120_0.dll"];

    private static readonly Lock s_loadLock = new();
    private static nint s_handle;
    private static string? s_loadFailure;
    private static int s_loadStarted;

    static Nvrtc() => NativeLibraryResolver.EnsureRegistered();

    /// <summary>The loaded library's handle, for the import resolver; zero when none could be loaded.</summary>
    internal static nint Handle => TryLoad(out _) ? s_handle : 0;

    /// <summary>Loads NVRTC once, trying <see cref="Candidates"/> in order; false with what was searched when none loads.</summary>
    public static bool TryLoad([NotNullWhen(false)] out string? reason)
    {
        lock (s_loadLock)
        {
            if (s_handle == 0 && s_loadFailure is null)
            {
                s_loadFailure = Probe(
                    Candidates(Environment.GetEnvironmentVariable, OperatingSystem.IsWindows(), Directory.Exists),
                    Environment.GetEnvironmentVariable(PathVariable),
                    out s_handle);
            }

            reason = s_loadFailure;
            return reason is null;
        }
    }

    /// <summary>
    /// Loads NVRTC and warms it up on a pool thread: it is a large library, and on a machine that has not run it since
    /// boot its first compilation also pages in its built-in headers and code, which took 1.4 s against 20 ms for the
    /// next one (an H100 machine just started; benchmarks/nvrtc/compile_times.py). Started as a CUDA context is being
    /// created, both overlap the driver's own start instead of delaying the first compilation. Does nothing after the
    /// first call.
    /// </summary>
    /// <param name="warmUp">Run after a successful load, on the same thread: a first, throw-away compilation.</param>
    public static void StartLoading(Action warmUp)
    {
        if (Interlocked.Exchange(ref s_loadStarted, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static warmUp =>
            {
                try
                {
                    if (TryLoad(out _))
                    {
                        warmUp();
                    }
                }
                catch (Exception)
                {
                    // Nothing is recorded after an unexpected failure, so the caller's own TryLoad runs the probe again
                    // and a real compilation reports it where it can be handled.
                }
            }, warmUp, preferLocal: false);
        }
    }

    /// <summary>Loads NVRTC or throws a <see cref="CudaException"/> that says what was searched and what to install.</summary>
    public static void EnsureLoaded()
    {
        if (!TryLoad(out string? reason))
        {
            throw new CudaException(reason);
        }
    }

    /// <summary>
    /// The files to try, in order: <c>GPUDSL_NVRTC_PATH</c> when set, then each known library name through the system
    /// loader's search path, then the same names under <c>$CUDA_HOME</c> (or <c>$CUDA_PATH</c>) and the default toolkit
    /// directory when those exist.
    /// </summary>
    public static IReadOnlyList<string> Candidates(Func<string, string?> environment, bool windows, Func<string, bool> directoryExists)
    {
        List<string> candidates = [];
        if (environment(PathVariable) is { Length: > 0 } explicitPath)
        {
            candidates.Add(explicitPath);
        }

        string[] names = windows ? s_windowsNames : s_linuxNames;
        candidates.AddRange(names);

        foreach (string directory in ToolkitLibraryDirectories(environment, windows).Where(directoryExists))
        {
            candidates.AddRange(names.Select(name => Path.Combine(directory, name)));
        }

        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> ToolkitLibraryDirectories(Func<string, string?> environment, bool windows)
    {
        foreach (string variable in (string[])["CUDA_HOME", "CUDA_PATH"])
        {
            if (environment(variable) is { Length: > 0 } root)
            {
                yield return windows ? Path.Combine(root, "bin", "x64") : Path.Combine(root, "lib64");
                if (windows)
                {
                    yield return Path.Combine(root, "bin");
                }
            }
        }

        if (!windows)
        {
            yield return "/usr/local/cuda/lib64";
        }
    }

    /// <summary>Tries each candidate; returns null on success, otherwise the explanation for the user.</summary>
    internal static string? Probe(IReadOnlyList<string> candidates, string? explicitPath, out nint handle)
    {
        string? explicitPathError = null;
        foreach (string candidate in candidates)
        {
            try
            {
                handle = NativeLibrary.Load(candidate);
                return null;
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                if (candidate == explicitPath)
                {
                    explicitPathError = e.Message;
                }
            }
        }

        handle = 0;
        StringBuilder message = new("NVRTC, the CUDA runtime compiler, could not be loaded, so kernels cannot be compiled. Searched: ");
        message.AppendJoin(", ", candidates).Append('.');
        if (explicitPathError is not null)
        {
            message.Append($" {PathVariable} did not load: {explicitPathError}");
        }

        message.Append(OperatingSystem.IsWindows()
            ? " Install the CUDA toolkit (12 or 13) and add its bin\\x64 directory to PATH, or set "
            : " Install NVRTC from the CUDA toolkit 12 or 13 (e.g. the cuda-nvrtc-12-x package, or pip install nvidia-cuda-nvrtc-cu12) and add its directory to LD_LIBRARY_PATH, or set ");
        message.Append($"{PathVariable} to the full path of the library file, or CUDA_HOME to the toolkit directory.");
        return message.ToString();
    }

    // ---- Entry points

    [LibraryImport(Library)] public static partial NvrtcResult nvrtcVersion(out int major, out int minor);
    [LibraryImport(Library)] public static partial NvrtcResult nvrtcGetNumSupportedArchs(out int count);
    [LibraryImport(Library)] public static partial NvrtcResult nvrtcGetSupportedArchs(int* architectures);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial NvrtcResult nvrtcCreateProgram(
        out nint program, string source, string name, int headerCount, byte** headers, byte** includeNames);

    [LibraryImport(Library)] public static partial NvrtcResult nvrtcCompileProgram(nint program, int optionCount, byte** options);
    [LibraryImport(Library)] public static partial NvrtcResult nvrtcGetProgramLogSize(nint program, out nuint size);
    [LibraryImport(Library)] public static partial NvrtcResult nvrtcGetProgramLog(nint program, byte* log);
    [LibraryImport(Library)] public static partial NvrtcResult nvrtcGetPTXSize(nint program, out nuint size);
    [LibraryImport(Library)] public static partial NvrtcResult nvrtcGetPTX(nint program, byte* ptx);
    [LibraryImport(Library)] public static partial NvrtcResult nvrtcGetCUBINSize(nint program, out nuint size);
    [LibraryImport(Library)] public static partial NvrtcResult nvrtcGetCUBIN(nint program, byte* cubin);
    [LibraryImport(Library)] public static partial NvrtcResult nvrtcDestroyProgram(ref nint program);
    [LibraryImport(Library)] private static partial byte* nvrtcGetErrorString(NvrtcResult result);

    /// <summary>Throws a <see cref="CudaException"/> naming the NVRTC error and the call unless it succeeded.</summary>
    public static void ThrowIfFailed(NvrtcResult result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != NvrtcResult.NVRTC_SUCCESS)
        {
            string name = ErrorName(result);
            throw new CudaException(name, (int)result, $"{call} failed: {name}.");
        }
    }

    /// <summary>NVRTC's name for the error, e.g. <c>NVRTC_ERROR_COMPILATION</c>.</summary>
    public static string ErrorName(NvrtcResult result)
    {
        byte* text = TryLoad(out _) ? nvrtcGetErrorString(result) : null;
        return text is null ? result.ToString() : Marshal.PtrToStringUTF8((nint)text) ?? result.ToString();
    }
}

/// <summary>NVRTC status codes (nvrtc.h <c>nvrtcResult</c>).</summary>
[SuppressMessage("Naming", "CA1707", Justification = "Names as in nvrtc.h.")]
internal enum NvrtcResult
{
    NVRTC_SUCCESS = 0,
    NVRTC_ERROR_OUT_OF_MEMORY = 1,
    NVRTC_ERROR_PROGRAM_CREATION_FAILURE = 2,
    NVRTC_ERROR_INVALID_INPUT = 3,
    NVRTC_ERROR_INVALID_PROGRAM = 4,
    NVRTC_ERROR_INVALID_OPTION = 5,
    NVRTC_ERROR_COMPILATION = 6,
    NVRTC_ERROR_BUILTIN_OPERATION_FAILURE = 7,
    NVRTC_ERROR_INTERNAL_ERROR = 11,
}
