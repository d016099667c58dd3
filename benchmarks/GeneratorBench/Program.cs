using System.Collections.Immutable;
using GeneratorBench;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

// The generator's cost in the IDE, printed as a markdown table and as RESULT key=value lines: a synthetic project of
// --files kernel classes with --kernels-per-file kernels each, generated (a) from scratch and after one-line edits
// (b) inside a kernel, (c) in host code, (d) in a comment and (e) of a declaration, each on the driver of the run before.
// Usage: GeneratorBench [--files 50] [--kernels-per-file 4] [--repetitions 30] [--warmups 5]
int files = Option("--files", 50), kernelsPerFile = Option("--kernels-per-file", 4);
int repetitions = Option("--repetitions", 30), warmups = Option("--warmups", 5);
if (files < 1 || kernelsPerFile < 1 || repetitions < 1 || warmups < 0)
{
    Console.Error.WriteLine("--files, --kernels-per-file and --repetitions must be at least 1, --warmups at least 0.");
    return 2;
}

SyntheticProject project = new(files, kernelsPerFile);
CSharpCompilation compilation = GeneratorSession.Compile(project.Sources());
if (Problems(compilation) is { Length: > 0 } problems)
{
    Console.Error.WriteLine("The synthetic project does not generate cleanly, so its figures would time error paths:");
    Console.Error.WriteLine(string.Join(Environment.NewLine, problems));
    return 1;
}

Scenarios scenarios = new(project, warmups, repetitions);
int edited = files / 2; // a file in the middle, so modules both before and after it are reused
Console.Error.WriteLine($"Timing {warmups} + {repetitions} runs of each scenario; edits in {SyntheticProject.PathOf(edited)}...");
Timing full = scenarios.Full(out double firstMs);
Timing[] edits =
[
    scenarios.Edit("kernel", SyntheticProject.Edit.KernelBody, edited),
    scenarios.Edit("host", SyntheticProject.Edit.HostCode, edited),
    scenarios.Edit("comment", SyntheticProject.Edit.Comment, edited),
    scenarios.Edit("declaration", SyntheticProject.Edit.Declaration, edited),
];
Report.Print(project, full, firstMs, edits);
return 0;

// Generator diagnostics, compiler errors in the generated compilation, and a missing module.
static string[] Problems(CSharpCompilation compilation)
{
    GeneratorSession.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generator);
    // One launcher per kernel class (checked mode adds a file of CPU copies per class besides).
    int launchers = output.SyntaxTrees.Count(t => t.FilePath.EndsWith(".Kernels.g.cs", StringComparison.Ordinal));
    IEnumerable<string> missing = launchers == compilation.SyntaxTrees.Count()
        ? []
        : [$"{launchers} generated launchers for {compilation.SyntaxTrees.Count()} kernel classes"];
    return generator.Concat(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning))
        .Select(d => d.ToString())
        .Concat(missing)
        .ToArray();
}

int Option(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
}
