using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// The pure analyses (GPU0027-GPU0030, GPU0037) come from the generator assembly's analyzers, not from the generator:
/// each warning is reported once, by the analyzer, and its severity follows the per-id setting as any analyzer's does.
/// </summary>
public sealed class AnalyzerTests
{
    /// <summary>Code with one of each analyzer warning: three GPU0027 (two at calls), and one each of the others.</summary>
    private const string Source = """
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
            [Device] static void Stage() => Gpu.SyncThreads();
            [Device] static void Wait() => Gpu.SyncGrid();

            [Kernel]
            public static void K(Span<float> c)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                c[i] = 1;
                float v = 0;
                if (Gpu.ThreadIdx.X < 32)
                {
                    Gpu.SyncThreads();
                    Stage();
                }

                if (Gpu.LaneId < 16) v += Gpu.ShuffleDown(v, 16);
                if (Gpu.BlockIdx.X == 0) Wait();
                c[0] = v;
            }

            public static void Run(DeviceBuffer<float> c) => Launch(1, 2048).K(c);
        }
        """;

    private static readonly string[] s_expected = ["GPU0030", "GPU0027", "GPU0027", "GPU0029", "GPU0037", "GPU0028"];

    [Fact]
    public void The_generator_reports_none_of_the_analyzer_ids_and_the_analyzers_report_each_warning_once()
    {
        HashSet<string> analyzerIds = GeneratorHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.Equal(["GPU0027", "GPU0028", "GPU0029", "GPU0030", "GPU0037"], analyzerIds.Order(StringComparer.Ordinal));

        GeneratorRun run = GeneratorHarness.Analyze(Source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(s_expected, Ordered(run.AnalyzerDiagnostics).Select(d => d.Id));
        Assert.Equal(
            ["c[i]", "Gpu.SyncThreads()", "Stage()", "Gpu.ShuffleDown(v, 16)", "Wait()", "2048"],
            Ordered(run.AnalyzerDiagnostics).Select(GeneratorRun.Spanned));
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public async Task The_analyzers_find_the_same_warnings_before_the_generator_has_run()
    {
        // As in an IDE that has not run the generator yet: the launcher does not exist, and the launch is recognised by its type.
        CSharpCompilation compilation = GeneratorHarness.Compile(Source);

        ImmutableArray<Diagnostic> found = await compilation.WithAnalyzers(GeneratorHarness.Analyzers)
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(s_expected, Ordered(found).Select(d => d.Id));
    }

    [Fact]
    public void A_per_id_severity_setting_makes_GPU0030_an_error_and_silences_GPU0027()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Source);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["GPU0030"] = ReportDiagnostic.Error,
            ["GPU0027"] = ReportDiagnostic.Suppress,
        }));

        GeneratorRun run = GeneratorHarness.Analyze(compilation);

        Diagnostic unguarded = Assert.Single(run.AnalyzerDiagnostics, d => d.Id == "GPU0030");
        Assert.Equal(DiagnosticSeverity.Error, unguarded.Severity);
        Assert.DoesNotContain(run.AnalyzerDiagnostics, d => d.Id == "GPU0027");
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(run.AnalyzerDiagnostics, d => d.Id == "GPU0029").Severity);
    }

    private static IEnumerable<Diagnostic> Ordered(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal);
}
