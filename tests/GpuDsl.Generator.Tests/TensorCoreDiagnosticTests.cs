using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// GPU0040: tensor-core and async-copy operands that C#'s types accept but the instruction cannot take, reported at the
/// operand instead of as an NVRTC error or wrong results on the GPU. Wrong shape or type combinations of Gpu.Mma do not
/// compile at all (there is no overload for them), which the last test shows.
/// </summary>
public sealed class TensorCoreDiagnosticTests
{
    [Theory]
    [InlineData("Gpu.CopyAsyncWait(n);", "n", "Gpu.CopyAsyncWait's operand 'n': cp.async.wait_group takes the number of groups as an immediate")]
    [InlineData("Gpu.CopyAsync16(c, 0, a, 0);", "c", "Gpu.CopyAsync16's operand 'c': this span parameter of the kernel is global memory")]
    [InlineData("Gpu.CopyAsync4(tile, 0, tile, 0);", "tile", "Gpu.CopyAsync4's operand 'tile': this span is shared memory, and cp.async copies from global memory")]
    [InlineData("MmaA16x16Half f = Gpu.LoadMatrixX4(h, 0);", "h", "Gpu.LoadMatrixX4's operand 'h': this span parameter of the kernel is global memory")]
    public void An_operand_the_instruction_cannot_take_reports_GPU0040_at_it(string statement, string spanned, string problem)
    {
        GeneratorRun run = Kernel(statement);

        Diagnostic d = Assert.Single(run.GpuDiagnostics);
        Assert.Equal("GPU0040", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(spanned, GeneratorRun.Spanned(d));
        Assert.StartsWith(problem, d.GetMessage());
    }

    [Fact]
    public void Shared_tiles_constant_waits_and_global_sources_report_nothing()
    {
        GeneratorRun run = Kernel("""
            const int stages = 1;
            Gpu.CopyAsync16(tile, 8, a, 8);
            Gpu.CopyAsyncCommit();
            Gpu.CopyAsyncWait(stages);
            Gpu.SyncThreads();
            MmaA16x16Half f = Gpu.LoadMatrixX4(ht, 0);
            """);

        Assert.Empty(run.AllDiagnostics);
    }

    [Fact]
    public void A_tf32_fragment_multiplied_with_an_fp16_fragment_does_not_compile()
    {
        Compilation compilation = GeneratorHarness.Compile("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void K(ReadOnlySpan<Half> h, ReadOnlySpan<float> x, Span<float> c)
                {
                    MmaC16x8Float d = Gpu.Mma(MmaA16x8Tf32.Load(x, 0, 8), MmaB16x8Half.Load(h, 0, 8), default);
                    d.Store(c, 0, 8);
                }
            }
            """);

        Assert.Contains(compilation.GetDiagnostics(TestContext.Current.CancellationToken), d => d.Id == "CS1503" || d.Id == "CS1502");
    }

    private static GeneratorRun Kernel(string statements) => GeneratorHarness.Run($$"""
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
            [Kernel]
            public static void K(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<Half> h, int n)
            {
                Span<float> tile = Gpu.Shared<float>(64);
                Span<Half> ht = Gpu.Shared<Half>(256);
                {{statements}}
            }
        }
        """);
}
