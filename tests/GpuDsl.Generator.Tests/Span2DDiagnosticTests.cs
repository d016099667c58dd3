using Microsoft.CodeAnalysis;
using static GpuDsl.Generator.Tests.GeneratorRun;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// 2D spans used in ways GPU code cannot follow: GPU0031 for a 2D span local declared or assigned from anything but a
/// Gpu.Shared2D tile or another 2D span, GPU0032 for any other use than indexing, Rows/Columns/Pitch, GetRow into a
/// span local and passing it to a [Device] method. Each at its exact span, never a crash or CUDA that means otherwise.
/// </summary>
public sealed class Span2DDiagnosticTests
{
    [Fact]
    public void Span2D_local_made_with_new_reports_GPU0031_at_the_initializer()
    {
        Diagnostic d = Single("Span2D<float> v = new Span2D<float>(s, 2, 2);", "GPU0031");
        Assert.Equal("new Span2D<float>(s, 2, 2)", Spanned(d));
        Assert.Contains("'v': a 2D span local must be declared with Gpu.Shared2D<T>(rows, columns)", d.GetMessage());
    }

    [Fact]
    public void Span2D_local_without_an_initializer_and_assigned_later_reports_GPU0031_at_both()
    {
        GeneratorRun run = Body("Span2D<float> v; v = m;");
        Assert.Equal(new[] { "GPU0031", "GPU0031" }, run.GpuDiagnostics.Select(d => d.Id));
        Assert.Equal(new[] { "v", "v = m" }, run.GpuDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(Spanned));
    }

    [Fact]
    public void Assigning_a_Span2D_parameter_again_reports_GPU0031_at_the_assignment()
    {
        Diagnostic d = Single("m = Gpu.Shared2D<float>(4, 4);", "GPU0031");
        Assert.Equal("m = Gpu.Shared2D<float>(4, 4)", Spanned(d));
    }

    [Fact]
    public void Shared2D_outside_a_local_declaration_reports_GPU0031_at_the_call()
    {
        Diagnostic d = Single("m[0, 0] = Gpu.Shared2D<float>(4, 4)[1, 1];", "GPU0031");
        Assert.Equal("Gpu.Shared2D<float>(4, 4)", Spanned(d));
    }

    [Fact]
    public void Shared2D_with_a_variable_size_reports_GPU0019_at_the_size()
    {
        Diagnostic d = Single("Span2D<float> tile = Gpu.Shared2D<float>(4, m.Columns); tile[0, 0] = 1f;", "GPU0019");
        Assert.Equal("m.Columns", Spanned(d));
    }

    [Fact]
    public void Shared2D_whose_element_count_overflows_an_int_reports_GPU0026_at_the_call()
    {
        Diagnostic d = Single("Span2D<float> tile = Gpu.Shared2D<float>(65536, 65536); tile[0, 0] = 1f;", "GPU0026");
        Assert.Equal("Gpu.Shared2D<float>(65536, 65536)", Spanned(d));
        Assert.Contains("17,179,869,184 bytes", d.GetMessage());
    }

    [Fact]
    public void Span2D_chosen_by_a_conditional_reports_GPU0032_at_each_branch()
    {
        GeneratorRun run = Body("s[0] = Corner(s[1] > 0f ? m : m);");
        Assert.Equal(new[] { "GPU0032", "GPU0032" }, run.GpuDiagnostics.Select(d => d.Id));
        Assert.All(run.GpuDiagnostics, d => Assert.Equal("m", Spanned(d)));
        Assert.Contains("'m' is used as a value", run.GpuDiagnostics[0].GetMessage());
    }

    [Fact]
    public void GetRow_used_in_place_reports_GPU0032_at_the_call()
    {
        Diagnostic d = Single("s[0] = m.GetRow(1)[2];", "GPU0032");
        Assert.Equal("m.GetRow(1)", Spanned(d));
        Assert.Contains("'m.GetRow(1)' is used in place (declare a span local from it first)", d.GetMessage());
    }

    [Fact]
    public void New_Span2D_passed_to_a_device_method_reports_GPU0032_at_the_creation()
    {
        Diagnostic d = Single("s[0] = Corner(new Span2D<float>(s, 2, 2));", "GPU0032");
        Assert.Equal("new Span2D<float>(s, 2, 2)", Spanned(d));
        Assert.Contains("creates a 2D span", d.GetMessage());
    }

    [Fact]
    public void Span2D_in_a_ref_struct_field_is_GPU0024_at_the_struct_type_and_GPU0032_at_the_field()
    {
        GeneratorRun run = Body("Holder h = default; s[0] = h.M[0, 0];");
        Assert.Equal(new[] { "GPU0024", "GPU0032" }, run.GpuDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Id));
        Assert.Equal(new[] { "Holder", "h.M" }, run.GpuDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(Spanned));
    }

    [Fact]
    public void Shared2D_tiles_count_toward_the_48_KiB_of_static_shared_memory_GPU0026_guards()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel] public static void Fits(Span2D<float> m) { Span2D<float> t = Gpu.Shared2D<float>(96, 128); m[0, 0] = t[0, 0]; }

                [Kernel] public static void TooLarge(Span2D<float> m) { Span2D<float> t = Gpu.Shared2D<float>(97, 128); m[0, 0] = t[0, 0]; }
            }
            """);

        Diagnostic d = Assert.Single(run.GpuDiagnostics);
        Assert.Equal("GPU0026", d.Id);
        Assert.Equal("TooLarge", Spanned(d));
        Assert.Contains("49,664 bytes", d.GetMessage());
    }

    [Fact]
    public void Every_unsupported_use_of_a_2D_span_is_reported_in_one_build()
    {
        GeneratorRun run = Body("""
            Span2D<float> made = new Span2D<float>(s, 2, 2);
            Span2D<float> alias = m;
            alias = m;
            s[0] = m.GetRow(0).Length + Host(m) + m.Rows;
            s[1] = Corner(Gpu.Shared2D<float>(2, 2));
            """);
        Assert.All(run.GpuDiagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.Equal(new[] { "GPU0007", "GPU0031", "GPU0031", "GPU0031", "GPU0032" }, run.GpuDiagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));
        Snapshot.Verify(DiagnosticFormatter.Format(run.GpuDiagnostics), "txt");
    }

    private static Diagnostic Single(string body, string id, params string[] alsoAllowed)
    {
        GeneratorRun run = Body(body);
        Diagnostic[] found = run.GpuDiagnostics.Where(d => d.Id == id).ToArray();
        Assert.True(found.Length == 1, $"Expected one {id}, got:\n{DiagnosticFormatter.Format(run.GpuDiagnostics)}");
        Assert.All(run.GpuDiagnostics, d => Assert.Contains(d.Id, alsoAllowed.Append(id)));
        Assert.Equal(DiagnosticSeverity.Error, found[0].Severity);
        return found[0];
    }

    private static GeneratorRun Body(string body) => GeneratorHarness.Run($$"""
        using System;
        using GpuDsl;

        public ref struct Holder { public Span2D<float> M; }

        public static partial class Kernels
        {
            static float Host(Span2D<float> m) => m[0, 0];
            [Device] static float Corner(ReadOnlySpan2D<float> m) => m[0, 0];

            [Kernel]
            public static void K(Span<float> s, Span2D<float> m)
            {
                {{body}}
            }
        }
        """);
}
