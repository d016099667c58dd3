using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// The outcome of a run: counts per category, the GPU diagnostics by id and by the construct they point at, and
/// the kernels that failed, each with a reproduction.
/// </summary>
internal sealed partial class FuzzReport(FuzzSettings settings, FuzzBackends backends)
{
    private readonly List<KernelResult> _results = [];

    public FuzzSettings Settings { get; } = settings;

    public IReadOnlyList<KernelResult> Results => _results;

    public IEnumerable<KernelResult> Failures => _results.Where(r => r.IsFailure);

    public int Count(KernelStatus status) => _results.Count(r => r.Compilation.Status == status);

    public int Count(FailureKind kind) => _results.Count(r => r.Failures.Any(f => f.Kind == kind));

    /// <summary>Adds a batch's results and the time each stage took (batches may finish on several threads at once).</summary>
    public void Add(IEnumerable<KernelResult> results, TimeSpan compile, TimeSpan nvrtc, TimeSpan run)
    {
        lock (_results)
        {
            _results.AddRange(results);
            CompileTime += compile;
            NvrtcTime += nvrtc;
            RunTime += run;
        }
    }

    /// <summary>Puts the results in kernel order, whatever order the batches finished in.</summary>
    public void SortByIndex() => _results.Sort((x, y) => x.Kernel.Index.CompareTo(y.Kernel.Index));

    /// <summary>Smaller variants of failing kernels that fail the same way (see <see cref="Shrinker"/>).</summary>
    public Dictionary<KernelResult, KernelResult> Shrunk { get; } = [];

    /// <summary>Shrinks the first <paramref name="count"/> kernels that ran and failed.</summary>
    public void ShrinkFailures(int count)
    {
        foreach (KernelResult failure in Failures.Where(f => f.Failures.Count > 0).Take(count))
        {
            Shrunk[failure] = Shrinker.Shrink(failure, backends, Settings.CheckedKernels);
        }
    }

    /// <summary>Roslyn and the GpuDsl generator, summed over batches.</summary>
    public TimeSpan CompileTime { get; set; }

    /// <summary>NVRTC (wall time; modules compile in parallel).</summary>
    public TimeSpan NvrtcTime { get; set; }

    /// <summary>Inputs, plain C# and the launches.</summary>
    public TimeSpan RunTime { get; set; }

    /// <summary>GPU diagnostics by id: how many kernels each rejected, and the constructs it pointed at, commonest first.</summary>
    public IEnumerable<(string Id, int Kernels, string Message, IEnumerable<(string Construct, int Count)> Constructs)> DiagnosticsById() =>
        _results
            .Where(r => r.Compilation.Status == KernelStatus.GpuDiagnostic)
            .SelectMany(r => r.Compilation.Diagnostics.Select(d => (Result: r, Diagnostic: d)))
            .GroupBy(x => x.Diagnostic.Id)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (
                g.Key,
                g.Select(x => x.Result).Distinct().Count(),
                g.First().Diagnostic.Message,
                g.GroupBy(x => Construct(x.Diagnostic))
                    .Select(c => (c.Key, c.Count()))
                    .OrderByDescending(c => c.Item2).ThenBy(c => c.Key, StringComparer.Ordinal)
                    .AsEnumerable()));

    /// <summary>One line of counts, for progress.</summary>
    public string CountLine()
    {
        lock (_results)
        {
            return CountLineUnlocked();
        }
    }

    private string CountLineUnlocked() =>
        $"{_results.Count} generated, {Count(KernelStatus.Compiled)} compiled, {Count(KernelStatus.GpuDiagnostic)} GPU diagnostics, " +
        $"{Failures.Count()} failing; time: C# {CompileTime.TotalSeconds:F1} s, NVRTC {NvrtcTime.TotalSeconds:F1} s, runs {RunTime.TotalSeconds:F1} s";

    /// <summary>The summary and the first <paramref name="reproductions"/> reproductions.</summary>
    public string Text(int reproductions)
    {
        StringBuilder text = new();
        void Line(string line) => text.Append(line).Append('\n');

        Line($"GpuDsl fuzz: seed {Settings.Seed}, kernels {Settings.First}..{Settings.First + Settings.Count - 1}, " +
             $"{(Settings.CheckedKernels ? "checked" : "unchecked")} kernels, " +
             $"disabled constructs: {(Settings.Profile.Disabled.Count == 0 ? "none" : string.Join(", ", Settings.Profile.Disabled.Order(StringComparer.Ordinal)))}");
        Line($"backends: plain C#, CPU backend{(backends.Cuda is { } cuda ? $", CUDA ({cuda.Device.Name}; {backends.ContractionNote ?? "contraction off, the default"})" : " (no CUDA)")}");
        Line(CountLine());
        Line($"kernels generated:                 {_results.Count}");
        Line($"C# compiled and generator accepted: {Count(KernelStatus.Compiled)}");
        Line($"C# errors in kernels (fuzzer bug):  {Count(KernelStatus.CSharpError)}");
        Line($"GPU diagnostics (kernels):          {Count(KernelStatus.GpuDiagnostic)}");
        Line($"generated C# does not compile:      {Count(KernelStatus.GeneratedCSharpError)}");
        foreach (FailureKind kind in Enum.GetValues<FailureKind>())
        {
            Line($"{Describe(kind) + ":",-36}{Count(kind)}");
        }

        foreach (FailureKind kind in new[] { FailureKind.CpuDiffers, FailureKind.CudaDiffers })
        {
            var byType = _results.Where(r => r.Failures.Any(f => f.Kind == kind)).GroupBy(r => r.Kernel.Result.Name).Select(g => $"{g.Key} {g.Count()}");
            if (byType.Any())
            {
                Line($"  {Describe(kind)} by result type: {string.Join(", ", byType)}");
            }
        }

        foreach ((string id, int kernels, string message, IEnumerable<(string Construct, int Count)> constructs) in DiagnosticsById())
        {
            Line($"{id}: {kernels} kernels; e.g. {message}");
            foreach ((string construct, int count) in constructs.Take(40))
            {
                Line($"    {count,5} x {construct}");
            }
        }

        List<KernelResult> failures = Failures.ToList();
        Line($"reproductions: {Math.Min(reproductions, failures.Count)} of {failures.Count}");
        foreach (KernelResult failure in failures.Take(reproductions))
        {
            text.Append('\n').Append(failure.Reproduction());
            if (Shrunk.TryGetValue(failure, out KernelResult? shrunk) && shrunk != failure)
            {
                text.Append("\n--- shrunk (statements removed while it still fails the same way):\n").Append(shrunk.Reproduction());
            }
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="Text"/> to <c>fuzz-SEED.txt</c> in <paramref name="directory"/>; returns the path.</summary>
    public string WriteTo(string directory, int reproductions)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"fuzz-{Settings.Seed}-{Settings.First}.txt"));
        File.WriteAllText(path, Text(reproductions));
        return path;
    }

    private static string Describe(FailureKind kind) => kind switch
    {
        FailureKind.ReferenceThrew => "plain C# threw (fuzzer bug)",
        FailureKind.CpuThrew => "CPU backend threw",
        FailureKind.CpuDiffers => "CPU backend differs",
        FailureKind.NvrtcFailed => "NVRTC failures",
        FailureKind.CudaThrew => "CUDA threw",
        _ => "CUDA differs",
    };

    /// <summary>The construct a diagnostic points at, with the fuzzer's names and numbers made generic so that alike ones group.</summary>
    /// <remarks>A message that quotes what it rejects ('ushort.PopCount(ushort)') names it better than the span does.</remarks>
    private static string Construct(FuzzDiagnostic diagnostic)
    {
        Match quoted = Quoted().Match(diagnostic.Message);
        if (quoted.Success)
        {
            // 'ushort.PopCount(ushort)' and 'int.PopCount(int)' are one gap: 'T.PopCount(..)' for the integer types.
            return Parameters().Replace(IntegerReceiver().Replace(quoted.Groups[1].Value, "T."), "(..)");
        }

        string oneLine = Whitespace().Replace(diagnostic.Spanned, " ");
        string generic = Number().Replace(Names().Replace(oneLine, "v"), "N");
        return generic.Length > 60 ? generic[..60] + "..." : generic;
    }

    [GeneratedRegex(@"^(?:sbyte|byte|short|ushort|int|uint|long|ulong)\.")]
    private static partial Regex IntegerReceiver();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parameters();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\b(?:[vks]\d+|[xypq])\b")]
    private static partial Regex Names();

    [GeneratedRegex(@"\b\d+(?:\.\d+)?(?:E[+-]?\d+)?[fdLUu]*\b")]
    private static partial Regex Number();
}
