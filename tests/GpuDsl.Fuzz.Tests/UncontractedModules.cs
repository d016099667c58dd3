using System.Reflection;

namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// The hook that turns floating-point contraction off for CUDA runs. NVRTC fuses <c>a * b + c</c> into one FMA by
/// default (<c>--fmad=true</c>), which rounds once where C# rounds twice, so exact comparison needs <c>--fmad=false</c>.
/// The runtime has no option for that yet, so this compiles each module with the runtime's own NVRTC options plus
/// <c>--fmad=false</c> and stores the image in the runtime's compilation cache under the key of the options the
/// runtime uses; the launch then finds it there. It reaches the runtime's internals by reflection, checks that the
/// runtime really reads the entry back (<c>FromCache</c>), and only ever writes into a cache directory of its own.
/// </summary>
/// <remarks>
/// When the runtime gets a contraction option, replace <see cref="Compile"/> with setting that option, and delete the
/// reflection. Until then a failure of this hook is reported, and the run goes on with contraction on.
/// </remarks>
internal static class UncontractedModules
{
    private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
    private static readonly Assembly s_runtime = typeof(GpuContext).Assembly;

    private delegate void StoreImage(string key, ReadOnlySpan<byte> image);

    /// <summary>
    /// Points the runtime's compilation cache at a fresh directory, so the entries written here reach no other
    /// program; call before the first CUDA compilation of the process.
    /// </summary>
    public static string UsePrivateCache()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"gpudsl-fuzz-cache-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        Environment.SetEnvironmentVariable("GPUDSL_CACHE_DIR", directory);
        return directory;
    }

    /// <summary>
    /// Compiles <paramref name="module"/> for <paramref name="device"/> with <c>--fmad=false</c> into the cache in
    /// <paramref name="cacheDirectory"/>. Throws <see cref="KernelCompilationException"/> when NVRTC rejects the source,
    /// and <see cref="InvalidOperationException"/> when the hook itself no longer fits the runtime.
    /// </summary>
    public static void Compile(GpuModule module, DeviceInfo device, string cacheDirectory)
    {
        Type compiler = RuntimeType("GpuDsl.Cuda.NvrtcCompiler");
        Type cacheType = RuntimeType("GpuDsl.Cuda.CompilationCache");
        object cache = Property(cacheType, "Default").GetValue(null)!;
        if ((string?)cache.GetType().GetProperty("Directory")!.GetValue(cache) != cacheDirectory)
        {
            throw new InvalidOperationException($"the runtime's compilation cache is not {cacheDirectory}: the hook must not write into a shared cache");
        }

        string version = (string)Invoke(compiler, "CompilerVersion")!;
        object supported = Invoke(compiler, "SupportedArchitectures")!;
        object target = Invoke(compiler, "ChooseTarget", device.ComputeCapabilityMajor * 10 + device.ComputeCapabilityMinor, supported, version)!;
        string targetName = (string)target.GetType().GetProperty("Name")!.GetValue(target)!;

        // The options NvrtcCompiler.Compile passes; FromCache below proves they still are.
        string[] options = [$"--gpu-architecture={targetName}", "-std=c++17", "-lineinfo"];
        if (module.Source.Contains("#include", StringComparison.Ordinal) &&
            Invoke(RuntimeType("GpuDsl.Cuda.CudaHeaders"), "Find", (Func<string, string?>)Environment.GetEnvironmentVariable, (Func<string, bool>)File.Exists) is string include)
        {
            options = [.. options, $"--include-path={include}"];
        }

        string key = (string)Invoke(cacheType, "Key", module.Source, options, targetName, version)!;
        byte[] image = (byte[])Invoke(compiler, "Run", module, (string[])[.. options, "--fmad=false"], target, version)!;
        cache.GetType().GetMethod("Store")!.CreateDelegate<StoreImage>(cache)(key, image);

        object compiled = Invoke(compiler, "Compile", module, device.ComputeCapabilityMajor, device.ComputeCapabilityMinor, cache)!;
        if (compiled.GetType().GetProperty("FromCache")!.GetValue(compiled) is not true)
        {
            throw new InvalidOperationException("the runtime compiled the module itself instead of reading the --fmad=false image from the cache: its NVRTC options changed");
        }
    }

    /// <summary>The runtime members the hook reaches by reflection that the runtime no longer has (empty when it fits).</summary>
    public static IReadOnlyList<string> MissingMembers()
    {
        (string Type, string Member)[] needed =
        [
            ("GpuDsl.Cuda.NvrtcCompiler", "CompilerVersion"), ("GpuDsl.Cuda.NvrtcCompiler", "SupportedArchitectures"),
            ("GpuDsl.Cuda.NvrtcCompiler", "ChooseTarget"), ("GpuDsl.Cuda.NvrtcCompiler", "Run"), ("GpuDsl.Cuda.NvrtcCompiler", "Compile"),
            ("GpuDsl.Cuda.CompilationCache", "Key"), ("GpuDsl.Cuda.CompilationCache", "Default"), ("GpuDsl.Cuda.CompilationCache", "Store"),
            ("GpuDsl.Cuda.CompilationCache", "Directory"), ("GpuDsl.Cuda.CudaHeaders", "Find"),
        ];
        return needed
            .Where(n => s_runtime.GetType(n.Type)?.GetMember(n.Member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance) is not { Length: 1 })
            .Select(n => $"{n.Type}.{n.Member}")
            .ToArray();
    }

    private static Type RuntimeType(string name) =>
        s_runtime.GetType(name) ?? throw new InvalidOperationException($"the runtime has no {name}");

    private static PropertyInfo Property(Type type, string name) =>
        type.GetProperty(name, Static) ?? throw new InvalidOperationException($"{type.Name} has no {name}");

    private static object? Invoke(Type type, string name, params object?[] arguments)
    {
        MethodInfo method = type.GetMethod(name, Static) ?? throw new InvalidOperationException($"{type.Name} has no {name}");
        try
        {
            return method.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
