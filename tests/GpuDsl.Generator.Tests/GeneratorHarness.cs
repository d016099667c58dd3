using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// Runs the generator over C# source the way the compiler does, and returns what it produced; <see cref="Analyze(string)"/>
/// runs the generator assembly's analyzers after it, as a build does.
/// </summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> s_references = LoadReferences();
    private static readonly CSharpParseOptions s_parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params (string Path, string Source)[] files) =>
        CSharpCompilation.Create(
            "Kernels",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, s_parseOptions, f.Path)),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpCompilation Compile(string source) => Compile(("Kernels.cs", source));

    public static GeneratorRun Run(string source) => Run(Compile(source));

    /// <summary>Runs the generator; <paramref name="checkedKernels"/> sets the <c>GpuDslCheckedKernels</c> build property.</summary>
    public static GeneratorRun Run(CSharpCompilation compilation, bool? checkedKernels = null) =>
        Run(compilation, checkedKernels is { } value ? BuildProperties.Checked(value) : null);

    /// <summary>Runs the generator with <paramref name="properties"/> as the project's build properties.</summary>
    public static GeneratorRun Run(CSharpCompilation compilation, BuildProperties? properties)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new KernelGenerator().AsSourceGenerator() },
            parseOptions: s_parseOptions,
            optionsProvider: properties,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(compilation, driver, output, diagnostics);
    }

    /// <summary>Every <see cref="DiagnosticAnalyzer"/> of the generator assembly, as the compiler finds them in it.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
    [
        .. typeof(KernelGenerator).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    public static GeneratorRun Analyze(string source) => Analyze(Compile(source));

    /// <summary>
    /// Runs the generator, then <see cref="Analyzers"/> over the compilation with its output (a build's order, so a
    /// launch binds to its generated launcher); the run's <see cref="GeneratorRun.AnalyzerDiagnostics"/> are theirs.
    /// </summary>
    public static GeneratorRun Analyze(CSharpCompilation compilation, bool? checkedKernels = null)
    {
        BuildProperties? properties = checkedKernels is { } value ? BuildProperties.Checked(value) : null;
        GeneratorRun run = Run(compilation, properties);
        CompilationWithAnalyzers analysis = run.Output.WithAnalyzers(
            Analyzers,
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([], properties ?? BuildProperties.Of()), onAnalyzerException: null, concurrentAnalysis: true,
                logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        // Analyzer exceptions come back as AD0001 diagnostics among these, so a test that expects none sees them.
        ImmutableArray<Diagnostic> diagnostics = analysis.GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return run with { AnalyzerDiagnostics = diagnostics };
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
            .Append(typeof(GpuContext).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}

/// <summary>Build properties as the compiler passes them to analyzers (<c>build_property.*</c> global options).</summary>
internal sealed class BuildProperties(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
{
    public static BuildProperties Checked(bool value) => Of(("GpuDslCheckedKernels", value ? "true" : "false"));

    /// <summary>The given <c>CompilerVisibleProperty</c> values, by property name.</summary>
    public static BuildProperties Of(params (string Name, string Value)[] properties) =>
        new(properties.ToDictionary(p => "build_property." + p.Name, p => p.Value));

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(properties);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }
}

/// <summary>One generator run: the driver (for incrementality), the compilation with generated code, diagnostics.</summary>
internal sealed record GeneratorRun(Compilation Input, GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>What the analyzers reported after the generator (<see cref="GeneratorHarness.Analyze(CSharpCompilation, bool?)"/>); empty for a generator-only run.</summary>
    public ImmutableArray<Diagnostic> AnalyzerDiagnostics { get; init; } = [];

    /// <summary>The generator's diagnostics, then the analyzers'.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => GeneratorDiagnostics.AddRange(AnalyzerDiagnostics);

    /// <summary>The generated C# files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>The CUDA module generated for <paramref name="type"/>, read back from its <c>CudaSource</c> constant.</summary>
    public string Cuda(string type = "Kernels")
    {
        INamedTypeSymbol symbol = Output.GetTypeByMetadataName(type) ?? throw new InvalidOperationException($"No type {type}");
        IFieldSymbol field = symbol.GetMembers("CudaSource").OfType<IFieldSymbol>().Single();
        return (string)field.ConstantValue!;
    }

    /// <summary>GpuDsl's own diagnostics, GPUxxxx, the generator's and the analyzers'.</summary>
    public Diagnostic[] GpuDiagnostics => Diagnostics.Where(d => d.Id.StartsWith("GPU", StringComparison.Ordinal)).ToArray();

    /// <summary>The source text a diagnostic points at.</summary>
    public static string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);

    /// <summary>Warnings and errors of the generated compilation (user code plus generated code), GpuDsl's included.</summary>
    public ImmutableArray<Diagnostic> AllDiagnostics =>
        Diagnostics.AddRange(Output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
}
