using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// Each example of the README's Diagnostics table produces the id its row claims, at the example itself.
/// </summary>
/// <remarks>
/// The rule: a row is <c>| id | meaning | example |</c>, and the first code span of the Example column is the row's
/// example (what follows it may be prose or further, unchecked examples). The example is compiled with the generator
/// inside a fixed context (<see cref="Embed"/>), placed by its shape: a <c>Launch(...)</c> call is a statement of host
/// code; a type declaration stands at namespace level, and a kernel takes a span of it; a member declaration (starting
/// with <c>[</c>, <c>public</c> or <c>static</c>) goes into the class <c>Kernels</c>, and a constant-table property
/// there is read by a kernel; anything else is an expression (if it parses as one) or a statement in the
/// body of a kernel whose parameters and locals are the names the examples use: <c>c</c>, <c>a</c>, <c>m</c>,
/// <c>other</c>, <c>x</c>, <c>n</c>, <c>flag</c>, <c>v</c>, <c>tid</c> (the thread index), <c>local</c>, plus the
/// class's <c>s_weights</c> (a <c>static readonly float[]</c>), <c>scale</c> and the <c>[Device]</c> method
/// <c>Corner</c>. An example must be code as written: <c>...</c> is not filled in. The generator must report the row's
/// id at a span inside the example (or, for a diagnostic about a whole kernel, at the name of the kernel around it; for
/// a struct, at the parameter that uses it), and C# must report no error inside the example. Rows in <see cref="s_described"/> have an
/// example given in words, and say where a test covers them instead.
/// </remarks>
public sealed partial class DiagnosticExampleTests
{
    private const string Placeholder = "/*EXAMPLE*/";

    /// <summary>Rows whose example is prose, and where their diagnostic is tested instead.</summary>
    private static readonly Dictionary<string, string> s_described = new(StringComparer.Ordinal)
    {
        ["GPU0018"] = "an internal error has no example; RobustnessTests provoke it",
        ["GPU0034"] = "15,000 constants described in words; ConstantTableDiagnosticTests build them",
        ["GPU0038"] = "a declaration, reported only where GPU code uses it; DeviceGlobalDiagnosticTests declare and use each",
    };

    internal static Regex IdCell { get; } = IdCellPattern();

    /// <summary>The id of an id cell, which may hold the row's help-link anchor before it.</summary>
    internal static string IdOf(string cell) => IdPattern().Match(cell).Value;

    public static TheoryData<string> Ids() =>
        [.. MarkdownDocument.Readme.TableRows(IdCell).Select(r => IdOf(r.Cells[0])).Where(id => !s_described.ContainsKey(id))];

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_README_example_of_a_diagnostic_reports_that_id_at_the_example(string id)
    {
        string example = ExampleOf(id);
        (string source, TextSpan span, TextSpan use) = Embed(example);

        GeneratorRun run = GeneratorHarness.Analyze(GeneratorHarness.Compile(source), checkedKernels: false);

        string report = $"{id} example `{example}` in\n{source}\nreported:\n" +
            string.Join('\n', run.AllDiagnostics.Select(d => $"{d.Id} at '{GeneratorRun.Spanned(d)}': {d.GetMessage()}"));
        TextSpan method = EnclosingMethodName(run.Input.SyntaxTrees.Single(), span);
        Assert.True(
            run.AllDiagnostics.Any(d => d.Id == id && (span.Contains(d.Location.SourceSpan) || d.Location.SourceSpan == method || d.Location.SourceSpan == use)),
            report);
        Assert.False(
            run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceSpan.IntersectsWith(span)),
            "C# errors in the example: " + report);
    }

    [Fact]
    public void Rows_described_in_words_are_still_rows_of_the_table()
    {
        string[] ids = [.. MarkdownDocument.Readme.TableRows(IdCell).Select(r => IdOf(r.Cells[0]))];

        Assert.All(s_described.Keys, id => Assert.Contains(id, ids));
    }

    [Fact]
    public void An_example_that_reports_another_id_is_not_taken_for_this_one()
    {
        (string source, TextSpan span, _) = Embed("string s = \"x\";");

        GeneratorRun run = GeneratorHarness.Analyze(GeneratorHarness.Compile(source), checkedKernels: false);

        Assert.Contains(run.AllDiagnostics, d => d.Id == "GPU0006" && span.Contains(d.Location.SourceSpan));
        Assert.DoesNotContain(run.AllDiagnostics, d => d.Id == "GPU0010");
    }

    /// <summary>
    /// The name of the method around the example: where a diagnostic about a whole kernel (its shared memory, GPU0026)
    /// is reported.
    /// </summary>
    private static TextSpan EnclosingMethodName(SyntaxTree tree, TextSpan example) =>
        tree.GetRoot(TestContext.Current.CancellationToken).FindNode(example, getInnermostNodeForTie: true)
            .AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.Span ?? default;

    /// <summary>The first code span of the row's Example column.</summary>
    private static string ExampleOf(string id)
    {
        (string[] cells, int line) = MarkdownDocument.Readme.TableRows(IdCell).Single(r => IdOf(r.Cells[0]) == id);
        Match code = CodeSpanPattern().Match(cells[2]);
        Assert.True(code.Success, $"README.md line {line}: {id} has no code example; write one, or list the row in s_described");
        return code.Groups[1].Value;
    }

    /// <summary>
    /// The example in its context, where it is in the source, and for a struct the kernel parameter that uses it (where
    /// a struct GPU code cannot hold is reported).
    /// </summary>
    internal static (string Source, TextSpan Span, TextSpan Use) Embed(string example)
    {
        string hostStatement = "", topLevel = "", member = "", statement = "", extraKernel = "", use = "";
        if (example.Contains(".Launch(", StringComparison.Ordinal) || example.StartsWith("Launch(", StringComparison.Ordinal))
        {
            hostStatement = Placeholder + ";";
        }
        else if (SyntaxFactory.ParseMemberDeclaration(example) is BaseTypeDeclarationSyntax type && !example.StartsWith('['))
        {
            topLevel = Placeholder;
            if (type is StructDeclarationSyntax)
            {
                use = $"Span<{type.Identifier.Text}>";
                extraKernel = $"[Kernel] internal static void UsesType({use} items) {{ }}";
            }
        }
        else if (example.StartsWith('[') || example.StartsWith("public ", StringComparison.Ordinal) || example.StartsWith("static ", StringComparison.Ordinal))
        {
            member = Placeholder;
            if (SyntaxFactory.ParseMemberDeclaration(example) is PropertyDeclarationSyntax table)
            {
                extraKernel = $"[Kernel] public static void ReadsTable(Span<float> c) {{ c[0] = (float){table.Identifier.Text}[0]; }}";
            }
        }
        else if (SyntaxFactory.ParseExpression(example) is var expression && expression.ContainsDiagnostics)
        {
            statement = Placeholder;
        }
        else
        {
            statement = expression is InvocationExpressionSyntax or AssignmentExpressionSyntax
                ? Placeholder + ";"
                : "var e = " + Placeholder + ";";
        }

        string source = $$"""
            using System;
            using System.Runtime.InteropServices;
            using GpuDsl;

            {{topLevel}}

            public partial class Kernels
            {
                static readonly float[] s_weights = { 1f, 2f };
                static float scale = 2f;

                [Kernel]
                public static void Run(Span<float> c, ReadOnlySpan<float> a, Span2D<float> m, Span2D<float> other, int x, int n, bool flag, float v)
                {
                    int tid = Gpu.ThreadIdx.X;
                    int local = 0;
                    {{statement}}
                }

                [Device] static float Corner(Span2D<float> q) => q[0, 0];

                {{extraKernel}}

                {{member}}
            }

            public static partial class VectorKernels
            {
                [Kernel]
                public static void Add(Span<float> c)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    if (i < c.Length) c[i] = 1f;
                }
            }

            public static class Host
            {
                public static void Launch(DeviceBuffer<float> c, Dim3 grid)
                {
                    {{hostStatement}}
                }
            }
            """;
        int start = source.IndexOf(Placeholder, StringComparison.Ordinal);
        source = source.Replace(Placeholder, example, StringComparison.Ordinal);
        TextSpan useSpan = use.Length == 0 ? default : new TextSpan(source.IndexOf(use + " items", StringComparison.Ordinal), use.Length);
        return (source, new TextSpan(start, example.Length), useSpan);
    }

    [GeneratedRegex(@"^(<a id=""[^""]+""></a>)?GPU[0-9]{4}$")]
    private static partial Regex IdCellPattern();

    [GeneratedRegex("GPU[0-9]{4}")]
    private static partial Regex IdPattern();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpanPattern();
}
