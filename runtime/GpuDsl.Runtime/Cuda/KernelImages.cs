using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace GpuDsl.Cuda;

/// <summary>
/// Kernel images shipped with a program: CUBINs compiled ahead of time and copied beside the program in a
/// <c>gpudsl-kernels</c> folder, used instead of NVRTC when one matches the module's CUDA source and the device's
/// architecture exactly. NVRTC's first compilation on a machine just started costs one to two seconds (paging in the
/// compiler and its headers), more than a small program's whole first epoch; with a matching image the program never
/// loads NVRTC. Any other case (no folder, another architecture, a module whose CUDA changed since, an image the driver
/// refuses) falls back to NVRTC, so a stale image can slow a start but never change a result.
/// </summary>
/// <remarks>
/// Images are made by running the program once on a GPU with <c>GPUDSL_EXPORT_KERNELS</c> naming a folder: every module
/// it loads is written there under its image name. Copy that folder into the project as <c>gpudsl-kernels/</c>; the
/// package's build targets copy it to the output and publish folders. A name is the module, a hash of its CUDA source
/// and the architecture (<c>Mlp.Kernels.MlpKernels.1f0c2a9e4b7d3c51.sm_90.cubin</c>): the source holds everything that
/// decides the machine code (checked mode and floating-point contraction are in it), and <c>#line</c> directives name
/// files without their folders, so the same build gives the same names on every machine.
/// </remarks>
internal sealed class KernelImages(string? directory)
{
    /// <summary>The folder beside the program that holds shipped images.</summary>
    public const string FolderName = "gpudsl-kernels";

    /// <summary>The environment variable naming a folder to which every loaded module's image is written.</summary>
    public const string ExportVariable = "GPUDSL_EXPORT_KERNELS";

    private const string Extension = ".cubin";

    // Each module's source hash: the context's start hashes every module (CoversAll) and each compilation asks again.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GpuModule, string> s_hashes = new();

    private static readonly Lazy<KernelImages> s_shipped = new(() => new KernelImages(Path.Combine(AppContext.BaseDirectory, FolderName)));

    /// <summary>The images beside this program, in <c>&lt;program folder&gt;/gpudsl-kernels</c>.</summary>
    public static KernelImages Shipped => s_shipped.Value;

    /// <summary>The folder searched; <see langword="null"/> finds nothing.</summary>
    public string? Directory { get; } = directory;

    /// <summary>The file name of <paramref name="module"/>'s image for <c>sm_<paramref name="architecture"/></c>.</summary>
    public static string FileName(GpuModule module, int architecture) =>
        $"{module.Name}.{SourceHash(module)}.sm_{architecture}{Extension}";

    /// <summary>The image for exactly this module source and architecture; false when there is none or it cannot be read.</summary>
    public bool TryFind(GpuModule module, int architecture, out byte[] image)
    {
        image = [];
        if (Directory is null)
        {
            return false;
        }

        try
        {
            string path = Path.Combine(Directory, FileName(module, architecture));
            if (!File.Exists(path))
            {
                return false;
            }

            image = File.ReadAllBytes(path);
            return image.Length > 0;
        }
        catch (Exception e) when (IsFileSystemFailure(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Whether every module in <paramref name="modules"/> has an image for some architecture: then a context need not
    /// start loading NVRTC before it knows its device (at the first compilation it still can).
    /// </summary>
    public bool CoversAll(IReadOnlyCollection<GpuModule> modules)
    {
        if (Directory is null || modules.Count == 0)
        {
            return false;
        }

        try
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return false;
            }

            HashSet<string> present = System.IO.Directory.EnumerateFiles(Directory, "*.sm_*" + Extension)
                .Select(path => Path.GetFileName(path))
                .Select(name => name[..name.LastIndexOf(".sm_", StringComparison.Ordinal)])
                .ToHashSet(StringComparer.Ordinal);
            return modules.All(module => present.Contains($"{module.Name}.{SourceHash(module)}"));
        }
        catch (Exception e) when (IsFileSystemFailure(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Writes a CUBIN under its image name when <c>GPUDSL_EXPORT_KERNELS</c> names a folder; PTX (made for a device newer
    /// than NVRTC) is not an image. Failures are ignored: exporting must never break a run.
    /// </summary>
    public static void Export(GpuModule module, CompiledModule compiled)
    {
        if (Environment.GetEnvironmentVariable(ExportVariable) is { Length: > 0 } folder && compiled.Target.Cubin)
        {
            new KernelImages(folder).Write(module, compiled.Target.Architecture, compiled.Image);
        }
    }

    /// <summary>Writes <paramref name="image"/> as the image of <paramref name="module"/> for that architecture.</summary>
    public void Write(GpuModule module, int architecture, byte[] image)
    {
        if (Directory is null)
        {
            return;
        }

        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            string path = Path.Combine(Directory, FileName(module, architecture));
            string temporary = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temporary, image);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (IsFileSystemFailure(e))
        {
        }
    }

    // 16 hex digits of SHA-256: names stay readable, and a collision between two versions of one module is not a concern.
    private static string SourceHash(GpuModule module) => s_hashes.GetValue(module, static m =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(m.Source)).AsSpan(0, 8)));

    private static bool IsFileSystemFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or NotSupportedException or SecurityException or ArgumentException;
}
