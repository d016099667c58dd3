using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using GpuDsl;
using GpuDsl.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GeneratorBench;

/// <summary>
/// Drives GpuDsl's generator as the compiler and the IDE do: a <see cref="CSharpGeneratorDriver"/> over a
/// compilation that references the runtime, in Debug's checked mode (what the IDE sees), with step tracking on so a
/// run can say what it regenerated.
/// </summary>
internal static class GeneratorSession
{
    /// <summary>The generator's tracking name of the step that assembles one module per kernel class.</summary>
    public const string ModulesStep = "Modules";

    /// <summary>The tracking name of the step that translates each <c>[Kernel]</c> method.</summary>
    public const string KernelsStep = "Kernels";

    private static readonly CSharpParseOptions s_parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
    private static readonly ImmutableArray<MetadataReference> s_references = LoadReferences();

    /// <summary>A compilation of <paramref name="files"/>, parsed (parsing is the compiler's cost, not the generator's).</summary>
    public static CSharpCompilation Compile(IEnumerable<(string Path, string Source)> files)
    {
        List<SyntaxTree> trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Source, s_parseOptions, f.Path)).ToList();
        return CSharpCompilation.Create(
            "Synthetic", trees, s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>A driver that has run nothing yet.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new KernelGenerator().AsSourceGenerator() },
            parseOptions: s_parseOptions,
            optionsProvider: new CheckedBuild(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>What the driver's last run did, from its tracked steps.</summary>
    public static StepCounts Counts(GeneratorDriver driver)
    {
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        return new StepCounts(Count(result, ModulesStep), Count(result, KernelsStep));
    }

    private static ReasonCounts Count(GeneratorRunResult result, string step)
    {
        ReasonCounts counts = new();
        if (!result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> runs))
        {
            return counts; // the step's input was cached whole: nothing ran
        }

        foreach ((object _, IncrementalStepRunReason reason) in runs.SelectMany(r => r.Outputs))
        {
            counts.Add(reason);
        }

        return counts;
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
            .Append(typeof(KernelAttribute).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }

    /// <summary>The build properties of a Debug build: <c>GpuDslCheckedKernels=true</c>.</summary>
    private sealed class CheckedBuild : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(("build_property.GpuDslCheckedKernels", "true"));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(params (string Key, string Value)[] values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new();

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = values.FirstOrDefault(v => v.Key == key).Value;
                return value is not null;
            }
        }
    }
}

/// <summary>The outputs of a step, by why they are what they are.</summary>
internal sealed class ReasonCounts
{
    /// <summary>Computed for the first time.</summary>
    public int New { get; private set; }

    /// <summary>Recomputed, and different from last time: what follows reruns.</summary>
    public int Modified { get; private set; }

    /// <summary>Recomputed, and equal to last time: what follows is reused.</summary>
    public int Unchanged { get; private set; }

    /// <summary>Not recomputed: the input was the same.</summary>
    public int Cached { get; private set; }

    /// <summary>New or modified: what the steps after this one redo.</summary>
    public int Regenerated => New + Modified;

    public void Add(IncrementalStepRunReason reason)
    {
        switch (reason)
        {
            case IncrementalStepRunReason.New: New++; break;
            case IncrementalStepRunReason.Modified: Modified++; break;
            case IncrementalStepRunReason.Unchanged: Unchanged++; break;
            case IncrementalStepRunReason.Cached: Cached++; break;
        }
    }
}

/// <summary>What one generator run did: modules assembled and kernels translated, by reason.</summary>
/// <param name="Modules">The <c>Modules</c> step: one output per kernel class.</param>
/// <param name="Kernels">The <c>Kernels</c> step: one output per <c>[Kernel]</c> method.</param>
internal sealed record StepCounts(ReasonCounts Modules, ReasonCounts Kernels);
