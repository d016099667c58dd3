using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace GpuDsl.Fuzz.Tests;

/// <summary>What to run: which kernels, compiled how, on which backends.</summary>
/// <param name="Seed">The run's seed.</param>
/// <param name="First">The index of the first kernel.</param>
/// <param name="Count">How many kernels.</param>
/// <param name="BatchSize">Kernels per Roslyn compilation.</param>
/// <param name="CheckedKernels">The <c>GpuDslCheckedKernels</c> property: true runs the generator's checked CPU copies.</param>
/// <param name="Profile">The constructs the kernel writer may use.</param>
internal sealed record FuzzSettings(int Seed, int First, int Count, int BatchSize, bool CheckedKernels, KernelProfile Profile);

/// <summary>The backends a run compares with plain C#: always the CPU backend, and CUDA when there is a context.</summary>
internal sealed record FuzzBackends(GpuContext Cpu, GpuContext? Cuda, string? CudaCacheDirectory)
{
    /// <summary>Why CUDA runs have contraction on, or null when they round as C# does (the default).</summary>
    public string? ContractionNote { get; init; }
}

/// <summary>
/// Writes, compiles and runs kernels batch by batch, and compares each backend's output with plain C#'s, element by
/// element: integers and bools by their bytes, floats by their bits except that any two NaNs are equal (the kernels
/// never turn a NaN into bits without making it the type's own NaN first; see <see cref="KernelWriter"/>).
/// </summary>
internal static class FuzzRun
{
    private const int ThreadsPerBlock = 128;

    public static FuzzReport Execute(FuzzSettings settings, FuzzBackends backends, Action<string>? progress = null)
    {
        FuzzReport report = new(settings, backends);
        int[] starts = Enumerable.Range(0, (settings.Count + settings.BatchSize - 1) / settings.BatchSize)
            .Select(b => settings.First + b * settings.BatchSize).ToArray();

        // Roslyn uses a few cores per compilation and NVRTC all of them, so a big machine takes several batches at once.
        ParallelOptions parallel = new() { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount / 4) };
        Parallel.ForEach(starts, parallel, first =>
        {
            int count = Math.Min(settings.BatchSize, settings.First + settings.Count - first);
            GeneratedKernel[] kernels = Enumerable.Range(first, count).Select(i => KernelWriter.Write(settings.Seed, i, settings.Profile)).ToArray();
            RunBatch(report, kernels, backends);
            progress?.Invoke($"kernels {first}..{first + count - 1}: {report.CountLine()}");
        });
        report.SortByIndex();
        return report;
    }

    /// <summary>Runs one given kernel (a hand-written one, say).</summary>
    public static FuzzReport Execute(GeneratedKernel kernel, FuzzBackends backends, bool checkedKernels = true)
    {
        FuzzReport report = new(new FuzzSettings(kernel.Seed, kernel.Index, 1, 1, checkedKernels, KernelProfile.Everything), backends);
        RunBatch(report, [kernel], backends);
        return report;
    }

    private static void RunBatch(FuzzReport report, GeneratedKernel[] kernels, FuzzBackends backends)
    {
        long start = Stopwatch.GetTimestamp();
        using KernelBatch batch = KernelBatch.Compile(kernels, report.Settings.CheckedKernels);
        TimeSpan compile = Stopwatch.GetElapsedTime(start);
        start = Stopwatch.GetTimestamp();
        Dictionary<int, string> nvrtcFailures = backends.Cuda is null ? [] : CompileForCuda(batch, backends);
        TimeSpan nvrtc = Stopwatch.GetElapsedTime(start);
        start = Stopwatch.GetTimestamp();
        KernelResult[] results = kernels.Select(k => Run(batch.Kernels[k.Index], backends, nvrtcFailures.GetValueOrDefault(k.Index))).ToArray();
        report.Add(results, compile, nvrtc, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>Runs one compiled kernel (or records why it did not compile) on every backend.</summary>
    public static KernelResult Run(KernelCompilation compilation, FuzzBackends backends, string? nvrtcFailure)
    {
        GeneratedKernel kernel = compilation.Kernel;
        KernelResult result = new(compilation);
        if (compilation.Type is not { } type)
        {
            return result;
        }

        result.CudaSource = ((GpuModule)type.GetProperty("KernelModule")!.GetValue(null)!).Source;
        (result.A, result.B) = InputValues.For(kernel);
        MethodInfo run = typeof(FuzzRun).GetMethod(nameof(RunTyped), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(kernel.A.Clr, kernel.B.Clr, kernel.Result.Clr);
        run.Invoke(null, [type, result, backends, nvrtcFailure]);
        return result;
    }

    private delegate void Reference<TA, TB, TR>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, Span<TR> o);

    private static void RunTyped<TA, TB, TR>(Type type, KernelResult result, FuzzBackends backends, string? nvrtcFailure)
        where TA : unmanaged where TB : unmanaged where TR : unmanaged
    {
        TA[] a = (TA[])result.A!;
        TB[] b = (TB[])result.B!;
        TR[] expected = new TR[a.Length];
        try
        {
            type.GetMethod("Reference")!.CreateDelegate<Reference<TA, TB, TR>>()(a, b, expected);
            result.Expected = expected;
        }
        catch (Exception e)
        {
            result.Fail(FailureKind.ReferenceThrew, e.ToString());
            return;
        }

        result.Cpu = Launch<TA, TB, TR>(backends.Cpu, type, a, b, result, FailureKind.CpuThrew);
        if (result.Cpu is not null && FirstDifference(expected, (TR[])result.Cpu) >= 0)
        {
            result.Fail(FailureKind.CpuDiffers, null);
        }

        if (backends.Cuda is not null)
        {
            if (nvrtcFailure is not null)
            {
                result.Fail(FailureKind.NvrtcFailed, nvrtcFailure);
                return;
            }

            result.Cuda = Launch<TA, TB, TR>(backends.Cuda, type, a, b, result, FailureKind.CudaThrew);
            if (result.Cuda is not null && FirstDifference(expected, (TR[])result.Cuda) >= 0)
            {
                result.Fail(FailureKind.CudaDiffers, null);
            }
        }
    }

    private static TR[]? Launch<TA, TB, TR>(GpuContext gpu, Type type, TA[] a, TB[] b, KernelResult result, FailureKind failure)
        where TA : unmanaged where TB : unmanaged where TR : unmanaged
    {
        try
        {
            using DeviceBuffer<TA> da = gpu.Allocate<TA>(a);
            using DeviceBuffer<TB> db = gpu.Allocate<TB>(b);
            using DeviceBuffer<TR> output = gpu.Allocate<TR>(a.Length);
            MethodInfo launch = type.GetMethod("Launch", [typeof(Dim3), typeof(Dim3), typeof(int), typeof(GpuStream)])!;
            object launcher = launch.Invoke(null, [new Dim3((a.Length + ThreadsPerBlock - 1) / ThreadsPerBlock), new Dim3(ThreadsPerBlock), 0, null])!;
            launcher.GetType().GetMethod("Run")!.Invoke(launcher, [da.AsSpan(), db.AsSpan(), output.AsSpan()]);
            return output.ToArray();
        }
        catch (Exception e)
        {
            result.Fail(failure, (e is TargetInvocationException { InnerException: { } inner } ? inner : e).ToString());
            return null;
        }
    }

    /// <summary>
    /// Compiles the batch's CUDA modules, several at once (NVRTC is most of a CUDA run); returns NVRTC's error by kernel
    /// index for those it rejected.
    /// </summary>
    private static Dictionary<int, string> CompileForCuda(KernelBatch batch, FuzzBackends backends)
    {
        GpuContext cuda = backends.Cuda!;
        KernelCompilation[] compiled = batch.Kernels.Values.Where(k => k.Type is not null).ToArray();
        Dictionary<int, string> failures = [];
        Parallel.ForEach(compiled, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, kernel =>
        {
            GpuModule module = (GpuModule)kernel.Type!.GetProperty("KernelModule")!.GetValue(null)!;
            try
            {
                cuda.Preload(module);
            }
            catch (CudaException e)
            {
                // KernelCompilationException for NVRTC's errors; any other is the module's load (cuModuleLoadData).
                lock (failures)
                {
                    failures[kernel.Kernel.Index] = e.Message;
                }
            }
        });
        return failures;
    }

    /// <summary>The first index where <paramref name="actual"/> differs from <paramref name="expected"/>, or -1.</summary>
    public static int FirstDifference<T>(T[] expected, T[] actual) where T : unmanaged
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!Same(expected[i], actual[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Equal bytes, or both NaN.</summary>
    public static bool Same<T>(T x, T y) where T : unmanaged => IsNaN(x) && IsNaN(y) || Bits(x) == Bits(y);

    public static bool IsNaN<T>(T v) where T : unmanaged =>
        v is float f && float.IsNaN(f) || v is double d && double.IsNaN(d) || v is Half h && Half.IsNaN(h) || v is BFloat16 b && BFloat16.IsNaN(b);

    /// <summary>The value's bytes as an integer (a bool's byte as stored, not normalized).</summary>
    public static ulong Bits<T>(T v) where T : unmanaged
    {
        ulong bits = 0;
        Unsafe.CopyBlockUnaligned(ref Unsafe.As<ulong, byte>(ref bits), ref Unsafe.As<T, byte>(ref v), (uint)Unsafe.SizeOf<T>());
        return bits;
    }
}
