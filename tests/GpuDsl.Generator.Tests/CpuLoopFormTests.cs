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
                    for (int o = 8; o > 0; o /= 2) v += Gpu.ShuffleXor(Gpu.ShuffleDown(v,
                        o), 1);
                    if (Gpu.Any(v > 0f)) x[Gpu.ThreadIdx.X] = v;
                    Gpu.SyncWarp();
                    uint active = Gpu.ActiveMask(), low = active & 0xffu;
                    x[Gpu.ThreadIdx.X] += Gpu.Ballot(low, true);
                }

                [Kernel]
                public static void ConditionalVote(Span<int> x)
                {
                    int t = Gpu.ThreadIdx.X;
                    x[t] = t > 0 && Gpu.Any(x[t] > 0) ? 1 : 0;
                }

                [Device]
                public static float WarpMax(float v)
                {
                    for (int d = 16; d > 0; d /= 2) v = MathF.Max(v, Gpu.ShuffleXor(v, d));
                    return v;
                }

                [Kernel]
                public static void Normalize(Span<float> x)
                {
                    x[Gpu.ThreadIdx.X] /= WarpMax(x[Gpu.ThreadIdx.X]);
                }

                [Kernel]
                public static void VoteInLoopCondition(Span<int> x)
                {
                    int t = Gpu.ThreadIdx.X;
                    while (Gpu.Any(x[t] > 0)) x[t]--;
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
        Assert.Contains("float __gpuDslArg0_0 = v; int __gpuDslArg0_1 = 16; float __gpuDslWarp0; global::GpuDsl.Cpu.CpuLoopForm.Post(); " +
            "__gpuDslWarp0 = Gpu.ShuffleDown(__gpuDslArg0_0, __gpuDslArg0_1); yield return global::GpuDsl.Cpu.CpuLoopForm.Exchange; " +
            "__gpuDslWarp0 = Gpu.ShuffleDown(__gpuDslArg0_0, __gpuDslArg0_1); v += __gpuDslWarp0;", loop);
        Assert.Contains("global::GpuDsl.Cpu.CpuLoopForm.Post(); Gpu.SyncWarp(); yield return global::GpuDsl.Cpu.CpuLoopForm.Exchange; Gpu.SyncWarp();", loop);
        Assert.DoesNotContain("ConditionalVote__CpuLoop", loop);
        Assert.Contains("global::System.Collections.Generic.IEnumerable<int> WarpMax__CpuLoop(float v, global::GpuDsl.Cpu.CpuLoopResult<float> __gpuDslResult)", loop);
        Assert.Contains("{ __gpuDslResult.Value = v; yield break; }", loop);
        Assert.Contains("global::GpuDsl.Cpu.CpuLoopResult<float> __gpuDslWarp0 = new global::GpuDsl.Cpu.CpuLoopResult<float>(); " +
            "foreach (int __gpuDslPoint in WarpMax__CpuLoop(__gpuDslArg0_0, __gpuDslResult: __gpuDslWarp0)) yield return __gpuDslPoint; " +
            "x.AsSpan()[Gpu.ThreadIdx.X] /= __gpuDslWarp0.Value;", loop);

        string launcher = run.Sources["App.Kernels.Kernels.g.cs"];
        Assert.Contains("public global::System.Collections.Generic.IEnumerator<int> Loop() => global::App.Kernels.Reduce__CpuLoop(_input.AsCpuSpan(), _sums.AsCpuSpan());", launcher);
        Assert.Contains("public string? ThreadFormReason => \"Gpu.Any where the loop form cannot hoist it (only an expression statement, a declaration, an if's condition, a switch's value or a return)\";", launcher);
        Assert.Contains("public string? ThreadFormReason => \"Gpu.Any evaluated only under a condition (the right of &&, || or ??, a branch of ?: or a switch arm)\";", launcher);
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
            int number = lines.GetLineFromPosition(token.SpanStart).LineNumber;
            string line = lines[number].ToString();

            // A hoisted collective's statement (the line with the exchange) leaves what follows the call on its next line.
            bool afterHoisting = number > 0 && lines[number - 1].ToString().Contains("__gpuDsl", StringComparison.Ordinal);
            if (mapped.HasMappedPath && !line.Contains("global::", StringComparison.Ordinal) && !line.Contains("AsSpan()", StringComparison.Ordinal) &&
                !line.Contains("yield", StringComparison.Ordinal) && !afterHoisting)
            {
                Assert.Equal(original[mapped.StartLinePosition.Line], line);
                unchanged++;
            }
        }

        Assert.True(unchanged > 10, $"only {unchanged} tokens were on unchanged lines");
        string text = loop.GetText(TestContext.Current.CancellationToken).ToString();
        int hoisted = text.IndexOf("__gpuDslWarp2", StringComparison.Ordinal);
        Assert.Equal(original.ToList().FindIndex(l => l.Contains("for (int o = 8;", StringComparison.Ordinal)),
            loop.GetLocation(new Microsoft.CodeAnalysis.Text.TextSpan(hoisted, 1)).GetMappedLineSpan().StartLinePosition.Line);
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
