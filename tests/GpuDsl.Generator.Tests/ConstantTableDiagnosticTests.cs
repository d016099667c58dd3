using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// What keeps a static property or field from being a constant table on the GPU, each reported at the declaration
/// where the fix goes (GPU0033, GPU0035), at the kernel that takes a module past 64 KiB (GPU0034), or at the read of a
/// static array with the table idiom as the fix (GPU0012).
/// </summary>
public sealed class ConstantTableDiagnosticTests
{
    [Fact]
    public void Table_shapes_and_element_types_constant_memory_cannot_hold_report_GPU0033_and_GPU0035_at_the_table()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                static float Scale = 2f;
                static readonly int[] Data = { 1, 2 };

                static ReadOnlySpan<float> NotConstant => new float[] { 1f, Scale, 3f };
                static ReadOnlySpan<int> Field => Data;
                static ReadOnlySpan<int> Spread => [1, .. Data];
                static ReadOnlySpan<int> Empty => [];
                static ReadOnlySpan<int> Statements { get { int[] a = { 1 }; return a; } }
                static ReadOnlySpan<char> Letters => new[] { 'a', 'b' };

                [Kernel]
                public static void K(Span<float> c)
                {
                    int i = Gpu.ThreadIdx.X & 1;
                    c[0] = NotConstant[i] + NotConstant.Length + Field[i] + Spread[i] + Empty.Length + Statements[i] + Letters[i];
                }
            }
            """);

        Assert.Equal(
            new[] { ("GPU0033", "Scale"), ("GPU0033", "Data"), ("GPU0033", ".. Data"), ("GPU0033", "[]"), ("GPU0033", "Statements"), ("GPU0035", "ReadOnlySpan<char>") },
            Gpu(run).OrderBy(d => d.Location.SourceSpan.Start).Select(d => (d.Id, Spanned(d))));
        Assert.All(Gpu(run), d => Assert.Contains(" 'Kernels.", " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void A_bad_table_read_by_two_functions_reports_once_for_each_and_its_reads_add_no_errors()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                static int Offset = 1;
                static ReadOnlySpan<int> Taps => new[] { 1, Offset };

                [Device] static int First() => Taps[0] + Taps.Length;

                [Kernel] public static void K(Span<int> c) { foreach (int t in Taps) c[0] += t + First(); }
            }
            """);

        Assert.Equal(new[] { "Offset", "Offset" }, Gpu(run).Select(Spanned));
        Assert.All(Gpu(run), d => Assert.Equal("GPU0033", d.Id));
    }

    [Fact]
    public void Tables_over_64_KiB_in_one_module_report_GPU0034_at_the_kernel_that_takes_it_over()
    {
        string Table(string type, string name, int count) =>
            $"static ReadOnlySpan<{type}> {name} => new {type}[] {{ {string.Join(", ", Enumerable.Repeat("1", count))} }};";
        GeneratorRun run = GeneratorHarness.Run($$"""
            using System;
            using GpuDsl;

            public static partial class Exactly64KiB
            {
                {{Table("int", "All", 16384)}}

                [Kernel] public static void K(Span<int> c) => c[0] = All[0];
            }

            public static partial class Kernels
            {
                {{Table("float", "Weights", 10000)}}
                {{Table("double", "Coefficients", 5000)}}

                [Kernel] public static void Fits(Span<float> c) => c[0] = Weights[0];

                [Kernel] public static void TooMuch(Span<double> c) => c[0] = Coefficients[0] + Weights[1];
            }
            """);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("GPU0034", d.Id);
        Assert.Equal("TooMuch", Spanned(d));
        Assert.Equal(
            "The kernels of 'Kernels' read 80,000 bytes of constant tables (Kernels.Coefficients: 40,000, Kernels.Weights: 40,000), more than the 65,536 bytes (64 KiB) of constant memory CUDA allows a module; pass the larger tables as ReadOnlySpan<T> parameters from a DeviceBuffer<T>, or move kernels that do not share them into another class",
            d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Reading_a_static_readonly_array_reports_GPU0012_pointing_to_the_table_idiom()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                static readonly float[] Weights = { 0.25f, 0.5f, 0.25f };
                static readonly int Count = 3;
                const int Taps = 3;

                [Kernel]
                public static void K(Span<float> c)
                {
                    c[0] = Weights[Gpu.ThreadIdx.X % Taps] + Count;
                }
            }
            """);

        Assert.Collection(Gpu(run).OrderBy(d => d.Location.SourceSpan.Start),
            d =>
            {
                Assert.Equal(("GPU0012", "Weights"), (d.Id, Spanned(d)));
                Assert.Contains("declare 'static ReadOnlySpan<float> Weights => new float[] { ... };', which GPU code reads from constant memory", d.GetMessage());
            },
            d =>
            {
                // A static readonly scalar keeps its own advice; a const needs none.
                Assert.Equal(("GPU0012", "Count"), (d.Id, Spanned(d)));
                Assert.Contains("only const fields can be read", d.GetMessage());
            });
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    private static Diagnostic[] Gpu(GeneratorRun run) =>
        run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("GPU", StringComparison.Ordinal)).ToArray();

    private static string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
}
