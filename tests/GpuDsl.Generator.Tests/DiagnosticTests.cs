using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// Every rejected construct is an error at its exact span with a message that says what is allowed. Each test checks
/// the id and the spanned text directly, and the whole report (message, position, caret line) by snapshot.
/// </summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void String_local_reports_GPU0006_at_its_type()
    {
        Diagnostic d = Single("string s = \"x\";", "GPU0006");
        Assert.Equal("string", Spanned(d));
    }

    [Fact]
    public void Try_block_reports_GPU0008_at_the_try_keyword()
    {
        Diagnostic d = Single("try { c[0] = 1; } catch { }", "GPU0008");
        Assert.Equal("try", Spanned(d));
    }

    [Fact]
    public void Lambda_reports_GPU0009_at_the_lambda()
    {
        Diagnostic d = Single("int y = Apply(x => x + 1);", "GPU0009", "GPU0007");
        Assert.Equal("x => x + 1", Spanned(d));
    }

    [Fact]
    public void Foreach_over_anything_but_a_span_reports_GPU0005_at_the_keyword()
    {
        Diagnostic d = Single("foreach (char ch in \"ab\") { }", "GPU0005");
        Assert.Equal("foreach", Spanned(d));
    }

    [Fact]
    public void Calling_a_method_that_is_not_Device_reports_GPU0007_with_the_fix()
    {
        Diagnostic d = Single("c[0] = Helper(1);", "GPU0007");
        Assert.Equal("Helper(1)", Spanned(d));
        Assert.Contains("mark it [Device]", d.GetMessage());
    }

    [Fact]
    public void Array_allocation_reports_GPU0010()
    {
        Diagnostic d = Single("c[0] = new int[4].Length;", "GPU0010", "GPU0012");
        Assert.Equal("new int[4]", Spanned(d));
    }

    [Fact]
    public void Reading_a_static_field_reports_GPU0012()
    {
        Diagnostic d = Single("c[0] = Counter;", "GPU0012");
        Assert.Equal("Counter", Spanned(d));
        Assert.Contains("static fields", d.GetMessage());
    }

    [Fact]
    public void Throw_and_interpolated_strings_report_their_own_spans()
    {
        GeneratorRun run = Body("if (c.Length == 0) throw new InvalidOperationException($\"empty {c.Length}\");");
        Assert.Equal(new[] { "GPU0008" }, Ids(run));
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void Kernel_signature_errors_are_reported_at_the_offending_part()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public partial class Kernels
            {
                [Kernel] public void NotStatic(Span<int> c) { }
                [Kernel] public static int ReturnsValue(Span<int> c) { return 0; }
                [Kernel] public static void TakesString(string s) { }
                [Kernel] public static void TakesArray(int[] a) { }
                [Kernel] public static void TakesRef(ref int x) { }
                [Kernel] public static void Generic<T>(Span<int> c) { }
                [Kernel] public static async void Async(Span<int> c) { }
            }

            public class NotPartial
            {
                [Kernel] public static void K(Span<int> c) { }
            }
            """);

        Assert.Equal(new[] { "GPU0001", "GPU0002", "GPU0003", "GPU0004", "GPU0004", "GPU0013", "GPU0014", "GPU0016" }, Ids(run));
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void A_file_local_kernel_type_reports_GPU0036_at_the_file_modifier_and_gets_no_launcher()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            file static partial class Local
            {
                [Kernel] public static void K(Span<int> c) { c[0] = 1; }
            }
            """);

        Diagnostic error = Assert.Single(Gpu(run));
        Assert.Equal("GPU0036", error.Id);
        Assert.Equal("file", Spanned(error));
        Assert.DoesNotContain(run.Sources.Keys, name => name.Contains("Local", StringComparison.Ordinal));
        Assert.DoesNotContain(run.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id != "GPU0036");
    }

    [Fact]
    public void Direct_and_indirect_recursion_report_GPU0015()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Device] static int Fact(int n) => n <= 1 ? 1 : n * Fact(n - 1);
                [Device] static int Ping(int n) => n == 0 ? 0 : Pong(n - 1);
                [Device] static int Pong(int n) => n == 0 ? 1 : Ping(n - 1);
                [Kernel] public static void K(Span<int> c) { c[0] = Fact(5) + Ping(3); }
            }
            """);

        Assert.Equal(new[] { "GPU0015", "GPU0015", "GPU0015" }, Ids(run));
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void A_user_member_named_Launch_reports_GPU0017()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                public static void Launch() { }
                [Kernel] public static void K(Span<int> c) { }
                [Kernel] public static void K2(Span<int> c) { }
            }
            """);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("GPU0017", d.Id);
        Assert.Equal("Launch", Spanned(d));
    }

    [Fact]
    public void Many_unsupported_constructs_are_all_reported_in_one_build()
    {
        GeneratorRun run = Body("""
            var t = (1, 2);
            object o = c;
            switch (c.Length) { case > 3 when c[0] == 1: break; }
            c[^1] = 0;
            c[0] = c is { Length: > 0 } ? 1 : 0;
            c[0] = typeof(int).Name.Length;
            """);
        Assert.All(Gpu(run), d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.True(Gpu(run).Length >= 6, DiagnosticFormatter.Format(Gpu(run)));
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void Shared_memory_with_a_variable_length_reports_GPU0019_at_the_length()
    {
        Diagnostic d = Single("Span<float> tile = Gpu.Shared<float>(c.Length);", "GPU0019");
        Assert.Equal("c.Length", Spanned(d));
    }

    [Fact]
    public void Shared_memory_outside_a_local_declaration_reports_GPU0020()
    {
        Diagnostic d = Single("c[0] = Gpu.Shared<int>(4).Length;", "GPU0020");
        Assert.Equal("Gpu.Shared<int>(4)", Spanned(d));
    }

    [Fact]
    public void Span_local_from_an_unsupported_source_reports_GPU0020()
    {
        Diagnostic d = Single("Span<int> s = c.ToArray();", "GPU0020");
        Assert.Equal("c.ToArray()", Spanned(d));
    }

    [Fact]
    public void Atomic_on_a_local_variable_reports_GPU0021_at_the_target()
    {
        Diagnostic d = Single("int n = 0; Gpu.AtomicAdd(ref n, 1);", "GPU0021");
        Assert.Equal("n", Spanned(d));
    }

    [Fact]
    public void Declaration_pattern_reports_GPU0022_at_the_pattern()
    {
        Diagnostic d = Single("c[0] = c[1] is int n ? n : 0;", "GPU0022");
        Assert.Equal("int n", Spanned(d));
    }

    [Fact]
    public void Relational_case_label_and_when_clause_report_GPU0022_each()
    {
        GeneratorRun run = Body("switch (c[0]) { case > 3: break; case 1 when c[1] == 0: break; }");
        Assert.Equal(new[] { "GPU0022", "GPU0022" }, Ids(run));
        Assert.Equal(new[] { "> 3", "when c[1] == 0" }, Gpu(run).Select(Spanned).OrderBy(t => t.Length).ToArray());
    }

    [Fact]
    public void Switch_expression_that_can_miss_reports_GPU0023_at_the_switch_keyword()
    {
        Diagnostic d = Single("c[0] = c[1] switch { 1 => 2, 2 => 3 };", "GPU0023");
        Assert.Equal("switch", Spanned(d));
        Assert.Contains("'_ =>'", d.GetMessage());
    }

    [Fact]
    public void Switch_expression_on_a_call_reports_GPU0011_at_the_call()
    {
        Diagnostic d = Single("c[0] = Twice(c[1]) switch { 1 => 2, 2 => 3, _ => 4 };", "GPU0011");
        Assert.Equal("Twice(c[1])", Spanned(d));
        Assert.Contains("assign it to a local first", d.GetMessage());
    }

    [Fact]
    public void Switch_statement_on_a_float_reports_GPU0005_at_the_keyword()
    {
        Diagnostic d = Single("float f = c[0]; switch (f) { case 1f: break; }", "GPU0005");
        Assert.Equal("switch", Spanned(d));
    }

    [Fact]
    public void Deconstructing_a_call_reports_GPU0011_at_the_value()
    {
        Diagnostic d = Single("var (a, b) = Pair(); c[0] = a + b;", "GPU0011");
        Assert.Equal("Pair()", Spanned(d));
    }

    [Fact]
    public void Struct_with_a_string_field_reports_GPU0024_at_the_parameter_type()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public struct Named { public int Id; public string Name; }

            public static partial class Kernels
            {
                [Kernel] public static void K(Span<Named> items) { }
            }
            """);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("GPU0024", d.Id);
        Assert.Equal("Span<Named>", Spanned(d));
        Assert.Contains("field 'Name'", d.GetMessage());
    }

    [Fact]
    public void Struct_with_explicit_layout_reports_GPU0024_at_the_local_type()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Runtime.InteropServices;
            using GpuDsl;

            [StructLayout(LayoutKind.Explicit)]
            public struct Overlay { [FieldOffset(0)] public int I; [FieldOffset(0)] public float F; }

            public static partial class Kernels
            {
                [Kernel] public static void K(Span<int> c) { Overlay o = default; c[0] = o.I; }
            }
            """);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("GPU0024", d.Id);
        Assert.Equal("Overlay", Spanned(d));
        Assert.Contains("StructLayout", d.GetMessage());
    }

    [Fact]
    public void Struct_members_GPU_code_cannot_translate_report_at_their_spans_with_what_to_write()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public record struct R(float X);
            public struct V
            {
                public float X;
                public float Twice { get => 2 * X; set => X = value / 2; }
                public static V operator ++(V a) => new V { X = a.X + 1 };
            }

            public static partial class Kernels
            {
                [Kernel] public static void K(Span<V> v, Span<R> r, Span<float> c)
                {
                    c[0] = r[0] == r[1] ? 1 : 0;
                    v[0].Twice += 1;
                    V a = v[1];
                    V b = a++;
                    c[1] = (v[2].Twice = 3);
                }
            }
            """);

        Assert.Equal(new[] { "GPU0007", "GPU0011", "GPU0011", "GPU0011" }, Ids(run));
        Diagnostic[] d = Gpu(run);
        Assert.Equal(("r[0] == r[1]", true), (Spanned(d[0]), d[0].GetMessage().Contains("compare or compute the fields in a [Device] method")));
        Assert.Equal(("v[0].Twice += 1", true), (Spanned(d[1]), d[1].GetMessage().Contains("write 'x.Twice = x.Twice + y'")));
        Assert.Equal(("a++", true), (Spanned(d[2]), d[2].GetMessage().Contains("write '++a'")));
        Assert.Equal(("v[2].Twice = 3", true), (Spanned(d[3]), d[3].GetMessage().Contains("set it in a statement of its own")));
        Assert.DoesNotContain(run.AllDiagnostics, e => e.Id.StartsWith("CS", StringComparison.Ordinal) && e.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_functor_property_read_through_its_type_parameter_is_reported_with_what_to_write_and_its_method_call_works()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public interface IBinaryOp<T> { T Apply(T a, T b); static abstract T Identity { get; } }
            public struct AddOp : IBinaryOp<float> { public float Apply(float a, float b) => a + b; public static float Identity => 0f; }

            public static partial class Kernels
            {
                [Kernel(typeof(AddOp))]
                public static void Reduce<TOp>(Span<float> x) where TOp : unmanaged, IBinaryOp<float> => x[0] = default(TOp).Apply(x[0], TOp.Identity);
            }
            """);

        Diagnostic[] d = Gpu(run).OrderBy(e => e.Location.SourceSpan.Start).ToArray();
        Assert.Equal(new[] { ("GPU0012", "TOp.Identity") }, d.Select(e => (e.Id, Spanned(e))));
        Assert.All(d, e => Assert.Contains("declare a property as a method (static abstract T Identity();)", e.GetMessage()));
    }

    [Fact]
    public void Generic_kernel_problems_report_GPU0013_and_GPU0025_at_their_spans()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel] public static void NoList<T>(Span<T> x) where T : unmanaged { }
                [Kernel] public static void NotUnmanaged<T>(Span<int> x) { }
                [Kernel(typeof(float), typeof(string), typeof(bool))] public static void Numbers<T>(Span<T> x) where T : unmanaged, INumber<T> { }
                [Kernel(typeof(float))] public static void NotGeneric(Span<int> x) { }
                [Kernel(typeof(float))] public static void TwoTypes<T, U>(Span<T> x, U u) where T : unmanaged where U : unmanaged { }
            }
            """);

        // TwoTypes lists a plain type where its two type parameters need a tuple, typeof((float, int)).
        Assert.Equal(new[] { "GPU0013", "GPU0025", "GPU0025", "GPU0025", "GPU0025" }, Ids(run));
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void Launching_a_generic_kernel_with_a_type_GPU_code_cannot_hold_reports_GPU0025_at_the_launch()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public struct Money { public decimal Amount; }

            public static partial class Kernels
            {
                [Kernel] public static void Scale<T>(T a, Span<T> y) where T : unmanaged, INumber<T> => y[0] *= a;
                [Kernel] public static void Fill<T>(Span<T> y, T value) where T : unmanaged => y[0] = value;

                public static void Run(DeviceSpan<decimal> d, DeviceSpan<Money> m)
                {
                    Launch(1, 1).Scale<decimal>(2m, d);
                    Launch(1, 1).Scale(2m, d);
                    Launch(1, 1).Fill(m, default(Money));
                }
            }
            """);

        Assert.Equal(new[] { "GPU0025", "GPU0025", "GPU0025" }, Ids(run));
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void Ref_parameters_are_allowed_on_device_functions_but_not_on_kernels_or_spans()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Device] static void Fine(ref int a, in float b, out double c) { c = a + b; }
                [Device] static void RefSpan(ref Span<int> s) { }
                [Kernel] public static void K(Span<int> x, out int y) { y = 0; }
            }
            """);

        Assert.Equal(new[] { "GPU0014", "GPU0014" }, Ids(run));
        Assert.Equal(new[] { "out int y", "ref Span<int> s" }, Gpu(run).Select(Spanned).OrderBy(t => t, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Static_shared_memory_over_48_KiB_reports_GPU0026_at_the_kernel_counting_its_device_methods()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Device] static float Stage(int i) { Span<float> half = Gpu.Shared<float>(8192); half[i] = i; return half[0]; }

                [Kernel] public static void Fits(Span<float> c) { Span<float> t = Gpu.Shared<float>(12288); c[0] = t[0]; }

                [Kernel] public static void TooLarge(Span<float> c) { Span<float> t = Gpu.Shared<float>(4097); c[0] = t[0] + Stage(0); }
            }
            """);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("GPU0026", d.Id);
        Assert.Equal("TooLarge", Spanned(d));
        Assert.Contains("49,156 bytes", d.GetMessage());
    }

    private static Diagnostic Single(string body, string id, params string[] alsoAllowed)
    {
        GeneratorRun run = Body(body);
        Diagnostic[] found = Gpu(run).Where(d => d.Id == id).ToArray();
        Assert.True(found.Length == 1, $"Expected one {id}, got:\n{DiagnosticFormatter.Format(Gpu(run))}");
        Assert.All(Gpu(run), d => Assert.Contains(d.Id, alsoAllowed.Append(id)));
        Assert.Equal(DiagnosticSeverity.Error, found[0].Severity);
        return found[0];
    }

    private static GeneratorRun Body(string body) => GeneratorHarness.Run($$"""
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
            static int Counter;
            static int Helper(int x) => x;
            static int Apply(Func<int, int> f) => f(1);
            static (int, int) Pair() => (1, 2);
            [Device] static int Twice(int x) => 2 * x;

            [Kernel]
            public static void K(Span<int> c)
            {
                {{body}}
            }
        }
        """);

    private static Diagnostic[] Gpu(GeneratorRun run) =>
        run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("GPU", StringComparison.Ordinal)).ToArray();

    private static string[] Ids(GeneratorRun run) => Gpu(run).Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal).ToArray();

    private static string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
}
