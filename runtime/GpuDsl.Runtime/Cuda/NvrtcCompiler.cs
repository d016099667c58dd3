using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using GpuDsl.Interop;

namespace GpuDsl.Cuda;

/// <summary>
/// Compiles a <see cref="GpuModule"/> for one device with NVRTC, through the <see cref="CompilationCache"/>. It produces
/// a CUBIN for the device's own architecture when this NVRTC knows it; for a device newer than NVRTC it produces PTX
/// for the newest architecture NVRTC knows, which the driver compiles on load.
/// </summary>
internal static partial class NvrtcCompiler
{
    /// <summary>Compiles (or finds in <paramref name="cache"/>) the module for a device of the given compute capability.</summary>
    /// <exception cref="KernelCompilationException">NVRTC rejected the source.</exception>
    /// <exception cref="CudaException">NVRTC is missing, does not support the device, or failed otherwise.</exception>
    public static CompiledModule Compile(GpuModule module, int computeCapabilityMajor, int computeCapabilityMinor, CompilationCache cache) =>
        Compile(module, computeCapabilityMajor, computeCapabilityMinor, cache, KernelImages.Shipped);

    /// <summary>
    /// The module's image shipped with the program (<paramref name="shipped"/>) when one matches, without loading NVRTC;
    /// otherwise compiled as <see cref="Compile(GpuModule, int, int, CompilationCache)"/> does. Pass a
    /// <see cref="KernelImages"/> of no folder to skip shipped images (after the driver refused one).
    /// </summary>
    public static CompiledModule Compile(GpuModule module, int computeCapabilityMajor, int computeCapabilityMinor, CompilationCache cache, KernelImages shipped)
    {
        int architecture = computeCapabilityMajor * 10 + computeCapabilityMinor;
        if (shipped.TryFind(module, architecture, out byte[] image))
        {
            return new CompiledModule(image, new CompilationTarget(architecture, Cubin: true), "(none: an image shipped in " +
                KernelImages.FolderName + ")", FromCache: true, Shipped: true);
        }

        CompiledModule compiled = CompileWithNvrtc(module, architecture, cache);
        KernelImages.Export(module, compiled);
        return compiled;
    }

    private static CompiledModule CompileWithNvrtc(GpuModule module, int architecture, CompilationCache cache)
    {
        Nvrtc.EnsureLoaded();
        string version = CompilerVersion();
        CompilationTarget target = ChooseTarget(architecture, SupportedArchitectures(), version);
        // --fmad=false unless the module asks (GpuDslContractFloatingPoint): a * b + c rounds twice, as in C#.
        string fmad = module.Source.Contains("#define GPUDSL_CONTRACT_FLOATING_POINT 1", StringComparison.Ordinal) ? "--fmad=true" : "--fmad=false";
        string[] options = [$"--gpu-architecture={target.Name}", "-std=c++17", "-lineinfo", fmad];
        if (module.Source.Contains("#include", StringComparison.Ordinal) &&
            CudaHeaders.Find(Environment.GetEnvironmentVariable, File.Exists) is { } include)
        {
            options = [.. options, .. CudaHeaders.IncludePaths(include, Directory.Exists).Select(d => $"--include-path={d}")];
        }

        string key = CompilationCache.Key(module.Source, options, target.Name, version);
        if (cache.TryLoad(key, out byte[]? cached))
        {
            return new CompiledModule(cached, target, version, FromCache: true);
        }

        byte[] image = Run(module, options, target, version);
        cache.Store(key, image);
        return new CompiledModule(image, target, version, FromCache: false);
    }

    /// <summary>
    /// Compiles an empty kernel and throws the result away: NVRTC's first compilation in a process (and, far more, the
    /// first on a machine) pays for initializing the compiler and paging in its code and built-in headers.
    /// </summary>
    internal static unsafe void WarmUp()
    {
        Nvrtc.ThrowIfFailed(Nvrtc.nvrtcCreateProgram(out nint program, "extern \"C\" __global__ void gpudsl_warm_up() {}", "warm_up.cu", 0, null, null));
        try
        {
            _ = CompileProgram(program, ["-std=c++17"]);
        }
        finally
        {
            Nvrtc.nvrtcDestroyProgram(ref program);
        }
    }

    /// <summary>
    /// CUBIN for <paramref name="deviceArchitecture"/> (e.g. 90 for sm_90) when NVRTC supports it, otherwise PTX for the
    /// newest supported architecture below it.
    /// </summary>
    /// <exception cref="CudaException">Every architecture NVRTC supports is newer than the device.</exception>
    public static CompilationTarget ChooseTarget(int deviceArchitecture, IReadOnlyCollection<int> supported, string compilerVersion)
    {
        if (supported.Contains(deviceArchitecture))
        {
            return new CompilationTarget(deviceArchitecture, Cubin: true);
        }

        int newestBelow = supported.Where(a => a <= deviceArchitecture).DefaultIfEmpty(0).Max();
        if (newestBelow == 0)
        {
            throw new CudaException(
                $"NVRTC {compilerVersion} cannot compile for this device (sm_{deviceArchitecture}): the oldest architecture it " +
                $"supports is sm_{supported.DefaultIfEmpty(0).Min()} (it supports {string.Join(", ", supported.Order().Select(a => $"sm_{a}"))}). " +
                $"Install the NVRTC of an older CUDA toolkit that still supports sm_{deviceArchitecture} (CUDA 12 supports " +
                $"sm_50 and newer) and set {Nvrtc.PathVariable} to its library file.");
        }

        return new CompilationTarget(newestBelow, Cubin: false);
    }

    /// <summary>NVRTC's version as <c>major.minor</c>.</summary>
    public static string CompilerVersion()
    {
        Nvrtc.ThrowIfFailed(Nvrtc.nvrtcVersion(out int major, out int minor));
        return $"{major}.{minor}";
    }

    private static unsafe int[] SupportedArchitectures()
    {
        Nvrtc.ThrowIfFailed(Nvrtc.nvrtcGetNumSupportedArchs(out int count));
        int[] architectures = new int[count];
        fixed (int* destination = architectures)
        {
            Nvrtc.ThrowIfFailed(Nvrtc.nvrtcGetSupportedArchs(destination));
        }

        return architectures;
    }

    private static unsafe byte[] Run(GpuModule module, string[] options, CompilationTarget target, string version)
    {
        Nvrtc.ThrowIfFailed(Nvrtc.nvrtcCreateProgram(out nint program, module.Source, module.Name + ".cu", 0, null, null));
        try
        {
            NvrtcResult result = CompileProgram(program, options);
            if (result != NvrtcResult.NVRTC_SUCCESS)
            {
                string log = ReadLog(program);
                string what = $"NVRTC {version} could not compile the kernels of {module.Name} for {target.Name}";
                if (result == NvrtcResult.NVRTC_ERROR_COMPILATION)
                {
                    string message = CompilationFailureMessage(what, log);
                    if (log.Contains("could not open source file", StringComparison.Ordinal))
                    {
                        message += "\n" + CudaHeaders.MissingHeaderAdvice;
                    }

                    throw new KernelCompilationException(module.Name, log, message);
                }

                string name = Nvrtc.ErrorName(result);
                throw new CudaException(name, (int)result,
                    $"{what} ({name}, options {string.Join(' ', options)}):\n{log}");
            }

            return target.Cubin ? ReadCubin(program) : ReadPtx(program);
        }
        finally
        {
            Nvrtc.nvrtcDestroyProgram(ref program);
        }
    }

    /// <summary>The first C# error line (from the <c>#line</c> directives) first, then the whole log.</summary>
    internal static string CompilationFailureMessage(string what, string log)
    {
        Match first = FirstCSharpError().Match(log);
        return first.Success
            ? $"{first.Value.TrimEnd()}\n{what}:\n{log}"
            : $"{what}:\n{log}";
    }

    private static unsafe NvrtcResult CompileProgram(nint program, string[] options)
    {
        nint[] utf8 = new nint[options.Length];
        try
        {
            for (int i = 0; i < options.Length; i++)
            {
                utf8[i] = Marshal.StringToCoTaskMemUTF8(options[i]);
            }

            fixed (nint* pointers = utf8)
            {
                return Nvrtc.nvrtcCompileProgram(program, options.Length, (byte**)pointers);
            }
        }
        finally
        {
            foreach (nint option in utf8)
            {
                Marshal.FreeCoTaskMem(option);
            }
        }
    }

    private static unsafe string ReadLog(nint program)
    {
        Nvrtc.ThrowIfFailed(Nvrtc.nvrtcGetProgramLogSize(program, out nuint size));
        byte[] log = new byte[(int)size];
        fixed (byte* destination = log)
        {
            Nvrtc.ThrowIfFailed(Nvrtc.nvrtcGetProgramLog(program, destination));
        }

        return System.Text.Encoding.UTF8.GetString(log).TrimEnd('\0').TrimEnd();
    }

    private static unsafe byte[] ReadCubin(nint program)
    {
        Nvrtc.ThrowIfFailed(Nvrtc.nvrtcGetCUBINSize(program, out nuint size));
        byte[] cubin = new byte[(int)size];
        fixed (byte* destination = cubin)
        {
            Nvrtc.ThrowIfFailed(Nvrtc.nvrtcGetCUBIN(program, destination));
        }

        return cubin;
    }

    // The size includes the terminating NUL that cuModuleLoadData needs to recognise PTX text.
    private static unsafe byte[] ReadPtx(nint program)
    {
        Nvrtc.ThrowIfFailed(Nvrtc.nvrtcGetPTXSize(program, out nuint size));
        byte[] ptx = new byte[(int)size];
        fixed (byte* destination = ptx)
        {
            Nvrtc.ThrowIfFailed(Nvrtc.nvrtcGetPTX(program, destination));
        }

        return ptx;
    }

    [GeneratedRegex(@"^[^\r\n]*?\.cs\(\d+\): (?:catastrophic )?error[^\r\n]*", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FirstCSharpError();
}

/// <summary>What NVRTC was asked to produce: a CUBIN for <c>sm_XY</c>, or PTX for <c>compute_XY</c>.</summary>
/// <param name="Architecture">The architecture number, e.g. 90.</param>
/// <param name="Cubin">True for machine code for exactly that architecture, false for PTX the driver compiles on load.</param>
internal readonly record struct CompilationTarget(int Architecture, bool Cubin)
{
    /// <summary>The value of <c>--gpu-architecture</c>: <c>sm_90</c> or <c>compute_90</c>.</summary>
    public string Name => Cubin ? $"sm_{Architecture}" : $"compute_{Architecture}";

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {(Cubin ? "CUBIN" : "PTX")}";
}

/// <summary>A module compiled for one device, ready for <c>cuModuleLoadData</c>.</summary>
/// <param name="Image">The CUBIN, or NUL-terminated PTX.</param>
/// <param name="Target">What it was compiled for.</param>
/// <param name="CompilerVersion">The NVRTC version that produced it.</param>
/// <param name="FromCache">Whether it came from the on-disk cache or the images shipped with the program.</param>
/// <param name="Shipped">Whether it is an image shipped with the program (<see cref="KernelImages"/>), not NVRTC's output.</param>
internal sealed record CompiledModule(byte[] Image, CompilationTarget Target, string CompilerVersion, bool FromCache, bool Shipped = false);
