using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>GPU0039: a <c>Gpu.Printf</c> format checked against its arguments at compile time, at the span that is wrong.</summary>
public sealed class PrintfDiagnosticTests
{
    [Theory]
    [InlineData("Gpu.Printf(\"%d\\n\", v);", "v", "'v' is a float, and '%d' prints an integer; for a float, double or Half use %f, %e or %g")]
    [InlineData("Gpu.Printf(\"%f\\n\", x);", "x", "'x' is a int, and '%f' prints a float, double or Half; for an integer use %d (%lld for a long)")]
    [InlineData("Gpu.Printf(\"%d\\n\", big);", "big", "'big' is a long, and '%d' prints 32 bits, which would cut a 64-bit value; write %lld")]
    [InlineData("Gpu.Printf(\"%d %d\\n\", x);", "\"%d %d\\n\"", "the format has 2 conversions for 1 argument")]
    [InlineData("Gpu.Printf(\"%s\\n\", x);", "\"%s\\n\"", "'%s' prints a string, which GPU code has none of; write the text into the format")]
    [InlineData("Gpu.Printf(\"%*d\\n\", x);", "\"%*d\\n\"", "'%*d' takes its width or precision from an argument, which Gpu.Printf does not; write the number into the format")]
    [InlineData("Gpu.Printf(\"%ld\\n\", big);", "\"%ld\\n\"", "'%ld' has the length 'l'; use none for values up to 32 bits and 'll' for 64")]
    [InlineData("Gpu.Printf(\"100%\", x);", "\"100%\"", "the format ends inside the conversion '%' (write %% for a percent sign)")]
    [InlineData("Gpu.Printf(\"%a\\n\", v);", "\"%a\\n\"", "'%a' (hexadecimal floating point) is not supported; use %e or %g")]
    [InlineData("Gpu.Printf(\"%d\\n\", p);", "p", "'p' is a Kernels.Pair, and prints integers, bool, enums, float, double and Half only")]
    public void A_format_that_does_not_match_reports_GPU0039_at_the_argument_or_the_format(string statement, string spanned, string problem)
    {
        GeneratorRun run = Kernel(statement);

        Diagnostic d = Assert.Single(run.GpuDiagnostics);
        Assert.Equal("GPU0039", d.Id);
        Assert.Equal(spanned, GeneratorRun.Spanned(d));
        Assert.StartsWith("Gpu.Printf: " + problem + "; its format is a string literal or const", d.GetMessage());
    }

    [Fact]
    public void A_format_that_is_not_a_constant_reports_GPU0011_at_it()
    {
        GeneratorRun run = Kernel("string f = x > 0 ? \"a\" : \"b\"; Gpu.Printf(f);");

        Assert.Contains(run.GpuDiagnostics, d => d.Id == "GPU0011" && GeneratorRun.Spanned(d) == "f" &&
            d.GetMessage().StartsWith("A Gpu.Printf format that is not a string literal or const", StringComparison.Ordinal));
    }

    [Fact]
    public void A_kernel_that_prints_span_elements_builds_without_diagnostics_in_checked_mode()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void K(ReadOnlySpan<float> x, Span<long> y)
                {
                    int i = Gpu.ThreadIdx.X;
                    if (i < x.Length && i < y.Length) Gpu.Printf("%d: %f %lld\n", i, x[i], y[i]);
                }
            }
            """), checkedKernels: true);

        Assert.Empty(run.AllDiagnostics);
        Assert.Contains(run.Sources.Keys, hint => hint.EndsWith(".CpuChecked.g.cs", StringComparison.Ordinal));
    }

    private static GeneratorRun Kernel(string statement) => GeneratorHarness.Run($$"""
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
            public struct Pair { public int A, B; }

            [Kernel]
            public static void K(Span<float> c, int x, float v, long big, Pair p)
            {
                {{statement}}
            }
        }
        """);
}
