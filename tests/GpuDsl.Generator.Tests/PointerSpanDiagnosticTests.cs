using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// What is left unsupported of pointer-style spans, ref locals and per-thread arrays is reported at its span with what to
/// write instead; what is supported reports nothing (the advice "mark it [Device]" for Slice is gone).
/// </summary>
public sealed class PointerSpanDiagnosticTests
{
    [Fact]
    public void Slicing_a_span_into_a_device_call_and_assigning_it_again_report_nothing()
    {
        GeneratorRun run = Body("Span<int> p = c; p = p.Slice(1); c[0] = Sum(p.Slice(1)) + Sum(c.Length > 2 ? c : p);");

        Assert.Empty(Gpu(run));
        Assert.Empty(run.AllDiagnostics);
    }

    [Fact]
    public void Pointing_a_ref_local_elsewhere_reports_GPU0011_with_the_fix()
    {
        Diagnostic d = Single("ref int r = ref c[0]; r = ref c[1];", "GPU0011");
        Assert.Equal("r = ref c[1]", Spanned(d));
        Assert.Contains("declare a new ref local", d.GetMessage());
    }

    [Fact]
    public void Assigning_an_array_local_reports_GPU0011_with_the_fix()
    {
        Diagnostic d = Single("int[] a = new int[4]; int[] b = new int[4]; a = b; c[0] = a[0];", "GPU0011");
        Assert.Equal("a = b", Spanned(d));
        Assert.Contains("Span<T> local", d.GetMessage());
    }

    [Fact]
    public void An_array_local_of_variable_length_reports_GPU0019_at_the_length()
    {
        Diagnostic d = Single("int[] a = new int[c.Length]; c[0] = a[0];", "GPU0019");
        Assert.Equal("c.Length", Spanned(d));
    }

    [Fact]
    public void An_array_allocated_in_place_reports_GPU0010_with_the_per_thread_form()
    {
        Diagnostic d = Single("c[0] = Sum(new int[4]);", "GPU0010");
        Assert.Equal("new int[4]", Spanned(d));
        Assert.Contains("int[] a = new int[8]", d.GetMessage().Replace("float", "int"));
    }

    [Fact]
    public void A_span_method_other_than_Slice_reports_GPU0007_saying_to_write_a_loop_not_to_mark_it_Device()
    {
        Diagnostic d = Single("c.Fill(0);", "GPU0007");
        Assert.Equal("c.Fill(0)", Spanned(d));
        Assert.Contains("write Fill as a loop", d.GetMessage());
        Assert.DoesNotContain("[Device]", d.GetMessage());
    }

    [Fact]
    public void A_slice_bound_with_side_effects_reports_GPU0011_at_the_bound()
    {
        Diagnostic d = Single("int k = 0; Span<int> p = c; p = p.Slice(k++);", "GPU0011");
        Assert.Equal("k++", Spanned(d));
    }

    [Fact]
    public void A_span_chosen_by_a_condition_with_side_effects_reports_GPU0011_at_the_condition()
    {
        Diagnostic d = Single("int k = 0; c[0] = Sum(k++ > 0 ? c : c.Slice(1));", "GPU0011");
        Assert.Equal("k++ > 0", Spanned(d));
    }

    private static Diagnostic Single(string body, string id)
    {
        Diagnostic[] found = Gpu(Body(body));
        Assert.True(found.Length == 1 && found[0].Id == id, $"Expected one {id}, got:\n{DiagnosticFormatter.Format(found)}");
        Assert.Equal(DiagnosticSeverity.Error, found[0].Severity);
        return found[0];
    }

    private static GeneratorRun Body(string body) => GeneratorHarness.Run($$"""
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
            [Device] static int Sum(ReadOnlySpan<int> s) { int t = 0; foreach (int v in s) t += v; return t; }

            [Kernel]
            public static void K(Span<int> c)
            {
                {{body}}
            }
        }
        """);

    private static Diagnostic[] Gpu(GeneratorRun run) =>
        run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("GPU", StringComparison.Ordinal)).ToArray();

    private static string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
}
