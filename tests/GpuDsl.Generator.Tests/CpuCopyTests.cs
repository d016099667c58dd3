using System.Reflection;
using System.Text;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// Checked mode's copies for the CPU backend: each GPU method of a partial type gets a copy whose span indexes go through
/// <c>CheckedSpan.At</c>, mapped line for line to the method by <c>#line</c>, and the CPU launcher runs it.
/// </summary>
public sealed class CpuCopyTests
{
    private const string SourcePath = "/src/App/Kernels.cs";
    private const string CpuChecked = "__CpuChecked";

    private const string Source = """
        using System;
        using System.Threading;
        using GpuDsl;

        namespace App
        {
            using static System.MathF;

            public struct Pair { public float A; public float B; }

            public static partial class Kernels
            {
                private const int Tile = 64;

                /// <summary>Documented.</summary>
                [Kernel]
                public static void Mix(ReadOnlySpan<float> input, Span<float> output, Span<Pair> pairs, Span<int> counts)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    Span<float> tile = Gpu.Shared<float>(Tile);
                    tile[Gpu.ThreadIdx.X] = Abs(input[i]);
                    Gpu.SyncThreads();
                    output[i] += tile[Tile - 1 - Gpu.ThreadIdx.X]
                        * Helpers.Scale(input[
                            i]);
                    output[i]++;
                    (output[0], output[1]) = (output[1], output[0]);
                    pairs[i].A = Twice(pairs[i].B);
                    Gpu.AtomicAdd(ref counts[0], 1);
                    Interlocked.Increment(ref counts[1]);
                    Split(input[i], out output[i]);
                }

                [Device]
                internal static float Twice(float x) => x * 2;

                [Device]
                private static void Split(float x, out float half) => half = Outside.Half(x);
            }

            public static partial class Helpers
            {
                [Device]
                public static float Scale(float x) => x * 3;
            }

            public static class Outside
            {
                [Device]
                public static float Half(float x) => x / 2;
            }
        }
        """;

    [Fact]
    public void Checked_copy_indexes_through_CheckedSpan_and_calls_the_copies_of_device_methods_in_partial_types()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile((SourcePath, Source)), checkedKernels: true);

        AssertOnlyUnguardedIndexWarnings(run);
        Snapshot.Verify(run.Sources["Kernels.CpuChecked.g.cs"], "cs", "Kernels.CpuChecked.g");
        Assert.Contains("public void Execute() => global::App.Kernels.Mix__CpuChecked(", run.Sources["App.Kernels.Kernels.g.cs"]);
    }

    [Fact]
    public void Named_row_and_column_of_a_2D_index_are_checked_in_the_indexer_order()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", """
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Flip(Span2D<float> m)
                {
                    int r = Gpu.ThreadIdx.Y, c = Gpu.ThreadIdx.X;
                    m[column: c, row: r] = m[r, column: c] + 1f;
                }
            }
            """)), checkedKernels: true);

        Assert.Empty(run.AllDiagnostics);
        string copy = run.Sources["Kernels.CpuChecked.g.cs"];
        Assert.DoesNotContain("column:", copy);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(copy, @"CheckedSpan\.At\(m, r, c, ").Count);
    }

    [Fact]
    public void Unchecked_mode_writes_no_copies_and_runs_the_kernel_itself()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile((SourcePath, Source)), checkedKernels: false);

        AssertOnlyUnguardedIndexWarnings(run);
        Assert.Equal(new[] { "App.Kernels.Kernels.g.cs", "Kernels.CpuLoop.g.cs" }, run.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("CheckedSpan", run.Sources["Kernels.CpuLoop.g.cs"]);
        Assert.Contains("public void Execute() => global::App.Kernels.Mix(", run.Sources["App.Kernels.Kernels.g.cs"]);
    }

    [Fact]
    public void Every_line_of_a_copy_maps_to_its_line_in_the_method()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile((SourcePath, Source)), checkedKernels: true);
        SyntaxTree copies = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Kernels.CpuChecked.g.cs", StringComparison.Ordinal));
        string[] original = Source.Split('\n');
        SyntaxNode root = copies.GetRoot(TestContext.Current.CancellationToken);
        Microsoft.CodeAnalysis.Text.TextLineCollection lines = copies.GetText(TestContext.Current.CancellationToken).Lines;

        // A line with nothing rewritten is the original's line, character for character.
        int unchanged = 0;
        foreach (SyntaxToken token in root.DescendantTokens())
        {
            FileLinePositionSpan mapped = token.GetLocation().GetMappedLineSpan();
            string line = lines.GetLineFromPosition(token.SpanStart).ToString();
            if (mapped.HasMappedPath && !line.Contains("global::GpuDsl.CompilerServices.", StringComparison.Ordinal) && !line.Contains(CpuChecked, StringComparison.Ordinal))
            {
                Assert.Equal(original[mapped.StartLinePosition.Line], line);
                unchanged++;
            }
        }

        // Each index check starts on the line it names, the line of the index in the method.
        List<InvocationExpressionSyntax> checks = root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(c => c.Expression.ToString().StartsWith("global::GpuDsl.CompilerServices.CheckedSpan.", StringComparison.Ordinal)).ToList();
        Assert.All(checks, check => Assert.Equal(
            int.Parse(check.ArgumentList.Arguments[^1].ToString(), System.Globalization.CultureInfo.InvariantCulture),
            check.GetLocation().GetMappedLineSpan().StartLinePosition.Line + 1));
        Assert.Equal(16, checks.Count);
        Assert.True(unchanged > 30, $"only {unchanged} tokens were on unchanged lines");
    }

    [Fact]
    public void Out_of_range_index_in_a_checked_build_on_the_CPU_names_kernel_block_thread_index_and_length_at_the_kernel_line()
    {
        const string Kernel = """
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Shift(ReadOnlySpan<int> input, Span<int> output)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    output[i] = input[i + 1];
                }

                public static Exception? Run()
                {
                    using GpuContext gpu = GpuContext.Create(GpuBackend.Cpu);
                    using DeviceBuffer<int> input = gpu.Allocate<int>(64), output = gpu.Allocate<int>(64);
                    try
                    {
                        Launch(2, 32).Shift(input, output);
                        return null;
                    }
                    catch (KernelExecutionException e)
                    {
                        return e;
                    }
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(WithEncoding(GeneratorHarness.Compile((SourcePath, Kernel))), checkedKernels: true);
        AssertOnlyUnguardedIndexWarnings(run);

        Exception? error = (Exception?)Load(run.Output).GetType("Kernels")!.GetMethod("Run")!.Invoke(null, null);

        KernelExecutionException failure = Assert.IsType<KernelExecutionException>(error);
        Assert.Equal(
            "Kernel Kernels.Shift, Kernels.cs line 10: index 64 is out of range for a span of length 64 (block (1, 0, 0), thread (31, 0, 0)).",
            failure.Message);
        KernelIndexOutOfRangeException inner = Assert.IsType<KernelIndexOutOfRangeException>(failure.InnerException);
        Assert.Equal((64, 64), (inner.Index, inner.Length));

        // The copy's frame is the kernel's own file and line, where the debugger stops too.
        Assert.Contains($"at Kernels.Shift__CpuChecked(ReadOnlySpan`1 input, Span`1 output) in {SourcePath}:line 10", inner.StackTrace);
    }

    [Fact]
    public void Race_check_sees_the_reads_of_a_checked_build_and_names_the_shared_array_at_its_line()
    {
        const string Kernel = """
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Rotate(Span<float> output)
                {
                    int t = Gpu.ThreadIdx.X;
                    Span<float> ring = Gpu.Shared<float>(32);
                    ring[t] = t;
                    output[t] = ring[(t + 1) % 32];
                }

                public static Exception? Run()
                {
                    using GpuContext gpu = GpuContext.Create(GpuBackend.Cpu);
                    ((GpuDsl.Cpu.CpuContext)gpu).RaceCheck = true;
                    using DeviceBuffer<float> output = gpu.Allocate<float>(32);
                    try
                    {
                        Launch(1, 32).Rotate(output);
                        return null;
                    }
                    catch (KernelExecutionException e)
                    {
                        return e;
                    }
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(WithEncoding(GeneratorHarness.Compile((SourcePath, Kernel))), checkedKernels: true);
        Assert.Empty(run.AllDiagnostics);

        Exception? error = (Exception?)Load(run.Output).GetType("Kernels")!.GetMethod("Run")!.Invoke(null, null);

        Assert.Contains(
            "thread (0, 0, 0) read element 1 of the Gpu.Shared<float>(32) array of Kernels.cs line 10 and thread (1, 0, 0) wrote it",
            Assert.IsType<KernelExecutionException>(error).Message);
    }

    /// <summary>A PDB needs each file's encoding, which a tree parsed from a string lacks.</summary>
    private static CSharpCompilation WithEncoding(CSharpCompilation compilation)
    {
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(tree.ToString(), Encoding.UTF8)));
    }

    /// <summary>Emits <paramref name="compilation"/> with its PDB and loads it, so that stack traces have lines.</summary>
    private static Assembly Load(Compilation compilation)
    {
        using MemoryStream pe = new(), pdb = new();
        EmitResult result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        pe.Position = pdb.Position = 0;
        return new AssemblyLoadContext(nameof(CpuCopyTests), isCollectible: true).LoadFromStream(pe, pdb);
    }

    /// <summary>
    /// These kernels index with the global thread index and no bound, on purpose (one of them to overrun): GPU0030's
    /// warnings are expected; anything else is not.
    /// </summary>
    private static void AssertOnlyUnguardedIndexWarnings(GeneratorRun run) =>
        Assert.All(run.AllDiagnostics, d => Assert.True(d.Id == "GPU0030" && d.Severity == DiagnosticSeverity.Warning, d.ToString()));
}
