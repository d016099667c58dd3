using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using GpuDsl.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// Many kernels compiled together, as a project would be: Roslyn parses each kernel's file, the GpuDsl generator runs
/// in-process over all of them, and the result is emitted to memory and loaded into a collectible context. Compiling
/// needs only the .NET runtime (its own assemblies are the references), so this runs where no SDK is installed.
/// </summary>
internal sealed class KernelBatch : IDisposable
{
    private static readonly ImmutableArray<MetadataReference> s_references = LoadReferences();
    private static readonly CSharpParseOptions s_parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private readonly AssemblyLoadContext? _context;

    private KernelBatch(AssemblyLoadContext? context, Dictionary<int, KernelCompilation> kernels)
    {
        _context = context;
        Kernels = kernels;
    }

    /// <summary>What became of each kernel, by index.</summary>
    public IReadOnlyDictionary<int, KernelCompilation> Kernels { get; }

    /// <summary>
    /// Compiles <paramref name="kernels"/>. A kernel whose own C# does not compile (a fuzzer bug), that the generator
    /// rejects with a GPU diagnostic, or whose generated C# does not compile, is left out and the rest compiled again.
    /// </summary>
    public static KernelBatch Compile(IReadOnlyList<GeneratedKernel> kernels, bool checkedKernels)
    {
        Dictionary<int, KernelCompilation> outcome = [];
        List<GeneratedKernel> remaining = [.. kernels];
        string name = $"Fuzz_{kernels[0].Seed}_{kernels[0].Index}";
        for (int round = 0; remaining.Count > 0; round++)
        {
            CSharpCompilation input = CSharpCompilation.Create(
                name,
                remaining.Select(k => CSharpSyntaxTree.ParseText(SourceText.From(k.Source, Encoding.UTF8), s_parseOptions, k.FileName)),
                s_references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));

            Dictionary<string, GeneratedKernel> byFile = remaining.ToDictionary(k => k.FileName);
            HashSet<GeneratedKernel> rejected = [];

            // Errors in the kernels' own C# show when the output is emitted (binding it once, not twice); the generator
            // is robust to them.
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                [new KernelGenerator().AsSourceGenerator()],
                parseOptions: s_parseOptions,
                optionsProvider: new CheckedModeOption(checkedKernels));
            driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            foreach (Diagnostic diagnostic in generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                Reject(diagnostic, KernelStatus.GpuDiagnostic);
            }

            // A GPU diagnostic on C# that does not compile would hide a bug of the kernel writer: check those kernels.
            foreach (SyntaxTree tree in input.SyntaxTrees.Where(t => rejected.Contains(byFile[t.FilePath])))
            {
                Diagnostic[] errors = input.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                if (errors.Length > 0)
                {
                    GeneratedKernel kernel = byFile[tree.FilePath];
                    outcome[kernel.Index] = new KernelCompilation(kernel, KernelStatus.CSharpError, errors.Select(Describe).ToArray(), null);
                }
            }

            if (rejected.Count == 0)
            {
                using MemoryStream image = new();
                var emitted = output.Emit(image);
                // An error in a kernel's own file is the kernel writer's; one in a generated file (even where #line maps
                // it back to the kernel) is the generator's.
                foreach (Diagnostic error in emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                {
                    bool own = error.Location.SourceTree is { } tree && byFile.ContainsKey(tree.FilePath);
                    Reject(error, own ? KernelStatus.CSharpError : KernelStatus.GeneratedCSharpError);
                }

                if (emitted.Success)
                {
                    image.Position = 0;
                    AssemblyLoadContext context = new(name, isCollectible: true);
                    Assembly assembly = context.LoadFromStream(image);
                    foreach (GeneratedKernel kernel in remaining)
                    {
                        outcome[kernel.Index] = new KernelCompilation(kernel, KernelStatus.Compiled, [], assembly.GetType(kernel.ClassName));
                    }

                    return new KernelBatch(context, outcome);
                }

                if (rejected.Count == 0)
                {
                    throw new InvalidOperationException($"{name} did not emit and no error names a kernel:\n{string.Join("\n", emitted.Diagnostics)}");
                }
            }

            remaining.RemoveAll(rejected.Contains);

            void Reject(Diagnostic diagnostic, KernelStatus status)
            {
                // A diagnostic in generated code names the kernel's class in its file name (K12.g.cs, K12.CpuChecked.g.cs).
                string file = Path.GetFileName(diagnostic.Location.GetMappedLineSpan().Path ?? diagnostic.Location.SourceTree?.FilePath ?? "");
                GeneratedKernel? kernel = byFile.GetValueOrDefault(file) ?? remaining.FirstOrDefault(k => file.StartsWith(k.ClassName + ".", StringComparison.Ordinal));
                if (kernel is null)
                {
                    throw new InvalidOperationException($"{name}: a diagnostic that names no kernel: {diagnostic}");
                }

                rejected.Add(kernel);
                KernelCompilation previous = outcome.GetValueOrDefault(kernel.Index) ?? new KernelCompilation(kernel, status, [], null);
                outcome[kernel.Index] = previous with { Diagnostics = [.. previous.Diagnostics, Describe(diagnostic)] };
            }
        }

        return new KernelBatch(null, outcome);
    }

    public void Dispose() => _context?.Unload();

    private static FuzzDiagnostic Describe(Diagnostic d)
    {
        string spanned = d.Location.SourceTree?.GetText().ToString(d.Location.SourceSpan) ?? "";
        return new FuzzDiagnostic(d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), spanned, d.ToString());
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

    /// <summary>
    /// The <c>GpuDslCheckedKernels</c> build property, and <c>GpuDslContractFloatingPoint</c> (false, the default, unless
    /// <c>GPUDSL_FUZZ_FMAD=1</c>), as the compiler passes them to the generator.
    /// </summary>
    private sealed class CheckedModeOption(bool value) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(value ? "true" : "false");

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(string? value) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(null);

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? result)
            {
                result = key switch
                {
                    "build_property.GpuDslCheckedKernels" => value,
                    "build_property.GpuDslContractFloatingPoint" when value is not null => FuzzEnvironment.KeepContraction ? "true" : "false",
                    _ => null,
                };
                return result is not null;
            }
        }
    }
}

/// <summary>How far a kernel got through compilation.</summary>
internal enum KernelStatus
{
    /// <summary>Compiled and loaded; <see cref="KernelCompilation.Type"/> holds its class.</summary>
    Compiled,

    /// <summary>The kernel's own C# does not compile: a bug of the kernel writer.</summary>
    CSharpError,

    /// <summary>The GpuDsl generator rejected it (GPUxxxx error).</summary>
    GpuDiagnostic,

    /// <summary>The C# the generator wrote for it (launcher, CPU copy) does not compile.</summary>
    GeneratedCSharpError,
}

/// <summary>A diagnostic, kept as text so that no compilation stays alive.</summary>
internal sealed record FuzzDiagnostic(string Id, string Message, string Spanned, string Full);

/// <summary>One kernel after compilation: its status, the diagnostics that decided it, and its loaded class.</summary>
internal sealed record KernelCompilation(GeneratedKernel Kernel, KernelStatus Status, FuzzDiagnostic[] Diagnostics, Type? Type);
