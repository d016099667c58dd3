using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// What keeps a <c>DeviceGlobal&lt;T&gt;</c> or <c>ConstantArray&lt;T&gt;</c> field from being a module variable, each
/// reported at the declaration where the fix goes or at the use (GPU0038), a local holding the object (GPU0006), and a write
/// to a constant array, which C# itself rejects.
/// </summary>
public sealed class DeviceGlobalDiagnosticTests
{
    [Fact]
    public void Declarations_GPU_code_cannot_have_report_GPU0038_at_the_declaration()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                static DeviceGlobal<int> NotReadOnly = new();
                static readonly DeviceGlobal<nint> Pointer = new();
                static readonly DeviceGlobal<int> NotCreated = null!;
                static readonly ConstantArray<float> NoLength = Make();
                static readonly ConstantArray<float> Variable = new(Environment.ProcessorCount);
                static readonly ConstantArray<float> Empty = new(0);
                static ConstantArray<float> Make() => new(4);

                [Kernel]
                public static void K(Span<float> c)
                {
                    c[0] = NotReadOnly.Value + (int)Pointer.Value + NotCreated.Value + NoLength[0] + Variable.Length + Empty[0];
                }
            }
            """);

        Diagnostic[] found = run.GpuDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.All(found, d => Assert.Equal("GPU0038", d.Id));
        Assert.Equal(
            new[] { "NotReadOnly", "nint", "NotCreated", "Make()", "Environment.ProcessorCount", "0" },
            found.Select(GeneratorRun.Spanned).ToArray());
        Assert.Contains("it must be a 'static readonly' field", found[0].GetMessage());
        Assert.Contains("its element type 'nint' is not a GPU value type", found[1].GetMessage());
        Assert.Contains("it is not initialized with 'new()', so it would be null", found[2].GetMessage());
        Assert.Contains("its length is not given: initialize it with 'new(length)'", found[3].GetMessage());
        Assert.Contains("its length 'Environment.ProcessorCount' is not a compile-time constant", found[4].GetMessage());
        Assert.Contains("its length is 0; a constant array has at least one element", found[5].GetMessage());
        Snapshot.Verify(DiagnosticFormatter.Format(found), "txt");
    }

    [Fact]
    public void A_global_of_another_class_reports_GPU0038_at_the_use_and_a_local_holding_the_object_reports_GPU0006()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Shared
            {
                public static readonly DeviceGlobal<int> Counter = new();

                [Kernel]
                public static void Own(Span<int> c) => c[0] = Counter.Value;
            }

            public static class Helpers
            {
                [Device]
                public static int Read() => Shared.Counter.Value;
            }

            public static partial class Kernels
            {
                [Kernel]
                public static void K(Span<int> c)
                {
                    c[0] = Shared.Counter.Value + Helpers.Read();
                    DeviceGlobal<int> g = Shared.Counter;
                }
            }
            """);

        Diagnostic[] found = run.GpuDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(new[] { "GPU0038", "GPU0038", "GPU0006" }, found.Select(d => d.Id).ToArray());
        Assert.Equal("Shared.Counter", GeneratorRun.Spanned(found[0]));
        Assert.Contains("it is declared in 'Shared', but kernel 'Kernels.K' uses it through 'Read'", found[0].GetMessage());
        Assert.Contains("but kernel 'Kernels.K' uses it,", found[1].GetMessage());
        Assert.Contains("DeviceGlobal<int>", found[2].GetMessage());
        Snapshot.Verify(DiagnosticFormatter.Format(found), "txt");
    }

    [Fact]
    public void A_class_with_its_own_static_constructor_reports_GPU0038_and_a_write_to_a_constant_array_does_not_compile()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                static readonly DeviceGlobal<int> Counter = new();
                static readonly ConstantArray<int> Table = new(4);
                static readonly int Start;
                static Kernels() { Start = 1; }

                [Kernel]
                public static void K(Span<int> c)
                {
                    c[0] = Counter.Value;
                    Table[0] = 1;
                }
            }
            """);

        Diagnostic[] found = run.GpuDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(new[] { "Counter", "Table" }, found.Select(GeneratorRun.Spanned).ToArray());
        Assert.All(found, d => Assert.Contains("its class 'Kernels' declares a static constructor", d.GetMessage()));
        Assert.Contains(run.AllDiagnostics, e => e.Id == "CS0200" && GeneratorRun.Spanned(e) == "Table[0]");
        Assert.DoesNotContain(run.AllDiagnostics, e => e.Id == "CS0111"); // no second static constructor generated
    }
}
