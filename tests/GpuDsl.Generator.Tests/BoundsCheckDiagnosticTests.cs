using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// GPU0030: a span parameter indexed by the global thread index with no bounds check on the way, once per statement;
/// and nothing wherever anything on the way compares the index, or what it is computed from, with anything.
/// </summary>
public sealed class BoundsCheckDiagnosticTests
{
    [Fact]
    public void Unguarded_global_index_reports_GPU0030_once_per_statement_at_its_first_access()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                c[i] = a[i] + b[i];
            }
            """);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("GPU0030", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("c[i]", Spanned(d));
        Assert.StartsWith("'c[i]' indexes 'c' with the global thread index 'i', which nothing on this path compares with a bound", d.GetMessage());
        Assert.Contains("'if (i < c.Length)'", d.GetMessage());
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void Unguarded_two_dimensional_and_derived_indexes_report_GPU0030()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> c, Span<float> d, Span<float> e, int cols, int n)
            {
                int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
                int col = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                c[row * cols + col] = 1f;
                Dim3 t = Gpu.ThreadIdx;
                int i = (Gpu.BlockIdx.X * Gpu.BlockDim.X + t.X) * 4;
                if (n > 0) d[i + 1] = 2f;
                e[Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X] = 3f;
                if (i >= e.Length) return;
            }
            """);

        Assert.Equal(new[] { "c[row * cols + col]", "d[i + 1]", "e[Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X]" }, Gpu(run).Select(Spanned).ToArray());
        Assert.All(Gpu(run), d => Assert.Equal("GPU0030", d.Id));
        Assert.Contains("with the global thread index 'row * cols + col'", Gpu(run)[0].GetMessage());
    }

    [Fact]
    public void A_check_after_the_access_or_in_a_branch_beside_it_does_not_guard_it()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> c, int n)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i < n) { c[0] = 1; } else { n = 0; }
                c[i] = 1;
                if (i >= c.Length) return;
            }
            """);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("c[i]", Spanned(d));
    }

    [Fact]
    public void Guards_grid_stride_loops_early_exits_and_bounded_indexes_report_nothing()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void Guarded(ReadOnlySpan<float> a, Span<float> c, int rows, int cols)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i < c.Length) c[i] = a[i];
                c[0] = i < a.Length ? a[i] : 0f;
                bool inside = i < c.Length;
                if (inside) { c[i] += 1f; }
                int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
                if (row < rows && i < cols) c[row * cols + i] = 2f;
                c[i % c.Length] = 3f;
                c[Math.Min(i, c.Length - 1)] = 4f;
                c[Gpu.ThreadIdx.X] = 5f;
                c[Gpu.BlockIdx.X * 16 + Gpu.ThreadIdx.X] = 6f;
                Span<float> tile = Gpu.Shared<float>(64);
                tile[i & 63] = 7f;
            }

            [Kernel]
            public static void EarlyReturn(Span<float> c, int n)
            {
                int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
                int col = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (row >= n || col >= n) return;
                float sum = 0f;
                for (int k = 0; k < n; k++) sum += c[row * n + k];
                c[row * n + col] = sum;
            }

            [Kernel]
            public static void GridStride(ReadOnlySpan<float> a, Span<float> c)
            {
                for (int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X; i < c.Length; i += Gpu.BlockDim.X * Gpu.GridDim.X)
                {
                    c[i] = a[i];
                }

                int j = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                while (true)
                {
                    if (j >= c.Length) break;
                    c[j] += 1f;
                    j += Gpu.BlockDim.X * Gpu.GridDim.X;
                }
            }

            [Device]
            static float Load(ReadOnlySpan<float> s, int i) => s[i];

            [Kernel]
            public static void ThroughDevice(ReadOnlySpan<float> a, Span<float> c)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i < c.Length) c[i] = Load(a, i);
            }
            """);

        Assert.Empty(run.AllDiagnostics);
    }

    private static GeneratorRun Kernels(string members) => GeneratorHarness.Analyze($$"""
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
        {{members}}
        }
        """);

    private static Diagnostic[] Gpu(GeneratorRun run) =>
        run.Diagnostics.Where(d => d.Id.StartsWith("GPU", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToArray();

    private static string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
}
