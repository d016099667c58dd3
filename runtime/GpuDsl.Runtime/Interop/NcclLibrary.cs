using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;

namespace GpuDsl.Interop;

/// <summary>
/// Finds and loads NCCL once. It is looked for where it is usually installed: the system loader's path (a system
/// package such as <c>libnccl2</c>), PyTorch's pip wheel (<c>site-packages/nvidia/nccl/lib</c>), a conda environment
/// and the CUDA toolkit's directory; <c>GPUDSL_NCCL_PATH</c> names the file to use before all of them.
/// </summary>
internal static class NcclLibrary
{
    /// <summary>The environment variable that names the NCCL library file to use, tried before anything else.</summary>
    public const string PathVariable = "GPUDSL_NCCL_PATH";

    private static readonly string[] s_names = ["libnccl.so.2", "libnccl.so"];

    private static readonly Lock s_loadLock = new();
    private static nint s_handle;
    private static string? s_loadFailure;

    /// <summary>Whether NCCL has been loaded (without trying to load it).</summary>
    public static bool IsLoaded
    {
        get
        {
            lock (s_loadLock)
            {
                return s_handle != 0;
            }
        }
    }

    /// <summary>The loaded library's handle, for the import resolver; zero when none could be loaded.</summary>
    internal static nint Handle => TryLoad(out _) ? s_handle : 0;

    /// <summary>Loads NCCL once, trying <see cref="Candidates"/> in order; false with what was searched when none loads.</summary>
    public static bool TryLoad([NotNullWhen(false)] out string? reason)
    {
        lock (s_loadLock)
        {
            if (s_handle == 0 && s_loadFailure is null)
            {
                s_loadFailure = OperatingSystem.IsLinux()
                    ? Probe(Candidates(Environment.GetEnvironmentVariable, Directory.Exists, PythonDirectories),
                        Environment.GetEnvironmentVariable(PathVariable), out s_handle)
                    : "NCCL is available on Linux only, so GpuDsl's communicators need Linux for CUDA devices.";
            }

            reason = s_loadFailure;
            return reason is null;
        }
    }

    /// <summary>Loads NCCL or throws a <see cref="CudaException"/> that says what was searched and what to install.</summary>
    public static void EnsureLoaded()
    {
        if (!TryLoad(out string? reason))
        {
            throw new CudaException(reason);
        }
    }

    /// <summary>
    /// The files to try, in order: <c>GPUDSL_NCCL_PATH</c> when set; each library name through the system loader's
    /// search path; then under each existing directory of <see cref="LibraryDirectories"/>.
    /// </summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="directoryExists">Whether a directory exists.</param>
    /// <param name="pythonDirectories">The <c>python3.*</c> directories under a <c>lib</c> directory.</param>
    public static IReadOnlyList<string> Candidates(
        Func<string, string?> environment, Func<string, bool> directoryExists, Func<string, IEnumerable<string>> pythonDirectories)
    {
        List<string> candidates = [];
        if (environment(PathVariable) is { Length: > 0 } explicitPath)
        {
            candidates.Add(explicitPath);
        }

        candidates.AddRange(s_names);
        foreach (string directory in LibraryDirectories(environment, directoryExists, pythonDirectories).Where(directoryExists))
        {
            candidates.AddRange(s_names.Select(name => Path.Combine(directory, name)));
        }

        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Where NCCL is found when the loader does not know it: the <c>nvidia/nccl/lib</c> directory of PyTorch's wheel
    /// in the site-packages of an active virtual or conda environment, the user's and the system's Pythons; the conda
    /// environment's own <c>lib</c>; and <c>$CUDA_HOME/lib64</c> and the default toolkit and distribution directories.
    /// </summary>
    private static IEnumerable<string> LibraryDirectories(
        Func<string, string?> environment, Func<string, bool> directoryExists, Func<string, IEnumerable<string>> pythonDirectories)
    {
        List<string> libs = [];
        foreach (string variable in (string[])["VIRTUAL_ENV", "CONDA_PREFIX"])
        {
            if (environment(variable) is { Length: > 0 } prefix) libs.Add(Path.Combine(prefix, "lib"));
        }

        if (environment("HOME") is { Length: > 0 } home) libs.Add(Path.Combine(home, ".local", "lib"));
        libs.AddRange(["/usr/local/lib", "/usr/lib"]);

        foreach (string lib in libs.Where(directoryExists))
        {
            foreach (string python in pythonDirectories(lib))
            {
                yield return Path.Combine(python, "site-packages", "nvidia", "nccl", "lib");
                yield return Path.Combine(python, "dist-packages", "nvidia", "nccl", "lib");
            }
        }

        yield return Path.Combine("/usr/lib/python3/dist-packages", "nvidia", "nccl", "lib");
        if (environment("CONDA_PREFIX") is { Length: > 0 } conda) yield return Path.Combine(conda, "lib");
        foreach (string variable in (string[])["CUDA_HOME", "CUDA_PATH"])
        {
            if (environment(variable) is { Length: > 0 } root) yield return Path.Combine(root, "lib64");
        }

        yield return "/usr/local/cuda/lib64";
        yield return "/usr/lib/x86_64-linux-gnu";
        yield return "/usr/lib/aarch64-linux-gnu";
    }

    /// <summary>The <c>python3.*</c> directories under <paramref name="lib"/>, newest name first.</summary>
    private static IEnumerable<string> PythonDirectories(string lib)
    {
        try
        {
            return Directory.GetDirectories(lib, "python3*").Order(StringComparer.Ordinal).Reverse().ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
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
        StringBuilder message = new("NCCL, NVIDIA's collective communication library, could not be loaded, so GPU communicators cannot be created. Searched: ");
        message.AppendJoin(", ", candidates).Append('.');
        if (explicitPathError is not null)
        {
            message.Append($" {PathVariable} did not load: {explicitPathError}");
        }

        message.Append(" Install NCCL 2 (the libnccl2 package, or pip install nvidia-nccl-cu12, which PyTorch also brings) " +
            $"and add its directory to LD_LIBRARY_PATH, or set {PathVariable} to the full path of libnccl.so.2.");
        return message.ToString();
    }
}
