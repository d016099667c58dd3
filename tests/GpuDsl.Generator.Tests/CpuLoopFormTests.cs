using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// The loop form of kernels with barriers for the CPU backend: an iterator copy whose barriers are <c>yield return</c>s,
/// mapped line for line to the kernel, which the CPU launcher starts; kernels whose shape it cannot cut say why.
/// </summary>
public sealed class CpuLoopFormTests
{
    private const string SourcePath = "/src/App/Kernels.cs";

    private const string Source = """
        using System;
        using GpuDsl;

        namespace App
        {
            public static partial class Kernels
            {
                [Kernel]
                public static void Reduce(ReadOnlySpan<float> input, Span<float> sums)
                {
                    var tile = Gpu.Shared<float>(256);
                    Span<float> mine = stackalloc float[2];
                    int t = Gpu.ThreadIdx.X;
                    if (t >= 256) return;
                    tile[t] = input[Gpu.BlockIdx.X * 256 + t];
                    Stage(tile, t);
                    for (int s = 128; s > 0; s /= 2)
                    {
                        if (t < s) tile[t] += tile[t + s];
                        Gpu.SyncThreads();
                    }

                    int count = Gpu.SyncThreadsCount(tile[0] >
                        0f);
                    if (t == 0) sums[Gpu.BlockIdx.X] = tile[0] + count + mine[0];
                }

                [Device]
                public static void Stage(Span<float> tile, int t)
                {
                    tile[t] *= 2f;
                    Gpu.SyncThreads();
                }

                [Kernel]
                public static void WarpSum(Span<float> x)
                {
                    float v = x[Gpu.ThreadIdx.X];
                    v += Gpu.ShuffleDown(v, 16);
                    Gpu.SyncThreads();
                    x[Gpu.ThreadIdx.X] = v;
                }
            }
        }
        """;

    [Fact]
    public void A_barrier_kernel_gets_an_iterator_copy_whose_barriers_yield_and_its_CPU_launcher_starts_it()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile((SourcePath, Source)), checkedKernels: false);

        string loop = run.Sources["Kernels.CpuLoop.g.cs"];
        Assert.Contains("global::System.Collections.Generic.IEnumerator<int> Reduce__CpuLoop(global::GpuDsl.Cpu.CpuReadOnlySpan<float> input, global::GpuDsl.Cpu.CpuSpan<float> sums)", loop);
        Assert.Contains("global::GpuDsl.Cpu.CpuSpan<float> tile = Gpu.Shared<float>(256);", loop);
        Assert.Contains("global::GpuDsl.Cpu.CpuSpan<float> mine = global::GpuDsl.Cpu.CpuLoopForm.Local<float>(2);", loop);
        Assert.Contains("if (t >= 256) yield break;", loop);
        Assert.Contains("foreach (int __gpuDslPoint in Stage__CpuLoop(tile.AsSpan(), t)) yield return __gpuDslPoint;", loop);
        Assert.Contains("        yield return global::GpuDsl.Cpu.CpuLoopForm.Barrier;", loop);
        Assert.Contains("yield return global::GpuDsl.Cpu.CpuLoopForm.BarrierVoting(tile.AsSpan()[0] >\n", loop);
        Assert.Contains("int count = global::GpuDsl.Cpu.CpuLoopForm.Votes;", loop);
        Assert.Contains("global::System.Collections.Generic.IEnumerable<int> Stage__CpuLoop(global::GpuDsl.Cpu.CpuSpan<float> tile, int t)", loop);
        Assert.DoesNotContain("WarpSum__CpuLoop", loop);

        string launcher = run.Sources["App.Kernels.Kernels.g.cs"];
        Assert.Contains("public global::System.Collections.Generic.IEnumerator<int> Loop() => global::App.Kernels.Reduce__CpuLoop(_input.AsCpuSpan(), _sums.AsCpuSpan());", launcher);
        Assert.Contains("public string? ThreadFormReason => \"a warp collective (Gpu.ShuffleDown)\";", launcher);
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Every_unchanged_line_of_a_loop_form_maps_to_its_line_in_the_kernel()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile((SourcePath, Source)), checkedKernels: false);
        SyntaxTree loop = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Kernels.CpuLoop.g.cs", StringComparison.Ordinal));
        string[] original = Source.Split('\n');
        Microsoft.CodeAnalysis.Text.TextLineCollection lines = loop.GetText(TestContext.Current.CancellationToken).Lines;

        int unchanged = 0;
        foreach (SyntaxToken token in loop.GetRoot(TestContext.Current.CancellationToken).DescendantTokens())
        {
            FileLinePositionSpan mapped = token.GetLocation().GetMappedLineSpan();
            string line = lines.GetLineFromPosition(token.SpanStart).ToString();
            if (mapped.HasMappedPath && !line.Contains("global::", StringComparison.Ordinal) && !line.Contains("AsSpan()", StringComparison.Ordinal) &&
                !line.Contains("yield", StringComparison.Ordinal))
            {
                Assert.Equal(original[mapped.StartLinePosition.Line], line);
                unchanged++;
            }
        }

        Assert.True(unchanged > 10, $"only {unchanged} tokens were on unchanged lines");
    }

    [Fact]
    public void A_checked_loop_form_checks_its_indexes_and_calls_the_checked_copies()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile((SourcePath, Source)), checkedKernels: true);

        string loop = run.Sources["Kernels.CpuLoop.g.cs"];
        Assert.Contains("global::GpuDsl.CompilerServices.CheckedSpan.At(tile.AsSpan(), t, global::GpuDsl.CompilerServices.SpanAccess.Write, \"Kernels.Reduce\", true, \"Kernels.cs\", 15)", loop);
        Assert.Contains("global::GpuDsl.CompilerServices.CheckedSpan.At(tile.AsSpan(), t, global::GpuDsl.CompilerServices.SpanAccess.ReadWrite, \"Kernels.Stage\", false, \"Kernels.cs\", 31)", loop);
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
