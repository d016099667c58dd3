using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// A build that fails shows the real errors and only those: no GPU error where the C# compiler already reports one, no
/// second error at each use of something already reported, no compiler errors from generated files (a method with a
/// GPU error gets no launcher that could launch it and the compilation no checked copies), and messages that say what to
/// write instead.
/// </summary>
public sealed class CascadeDiagnosticTests
{
    [Fact]
    public void A_shared_array_of_non_constant_length_reports_GPU0019_once_pointing_to_DynamicShared_and_not_at_each_use()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> x, int n)
            {
                Span<float> s = Gpu.Shared<float>(n);
                s[0] = 1f;
                x[0] = s[0] + s.Length;
                Span<float> t = x.ToArray();
                t[0] = 2f;
                Helper(t);
            }

            [Device]
            static void Helper(Span<float> t) => t[0] = 3f;
            """);

        Assert.Equal(new[] { ("GPU0019", "n"), ("GPU0020", "x.ToArray()") }, Gpu(run).Select(d => (d.Id, Spanned(d))).ToArray());
        Assert.EndsWith(
            "because CUDA sizes the array when it compiles the kernel; for a length known only at launch, declare Gpu.DynamicShared<T>() and give its bytes as the launch's sharedMemoryBytes",
            Gpu(run)[0].GetMessage());
        AssertOnlyErrors(run, "GPU0019", "GPU0020");
    }

    [Fact]
    public void An_unknown_Gpu_member_reports_the_compilers_error_and_no_GPU0011()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> x)
            {
                x[0] = Gpu.Foo(1);
                Gpu.SyncThreads(3);
                x[1] = Gpu.Bar;
            }
            """);

        Assert.Empty(Gpu(run));
        AssertOnlyErrors(run, "CS0117", "CS1501", "CS0117");
    }

    [Fact]
    public void A_stackalloc_with_an_initializer_is_a_per_thread_array_with_those_values()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> x)
            {
                Span<float> t = stackalloc float[] { 1f, 2f };
                x[0] = t[0] + t.Length;
            }
            """);

        Assert.Empty(Gpu(run));
        Assert.Contains("float t[2] = { 1.0f, 2.0f };", run.Cuda());
    }

    [Fact]
    public void Console_WriteLine_in_a_kernel_points_to_Gpu_Printf_and_adds_no_errors_in_the_checked_copy()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(Source("""
            [Kernel]
            public static void K(Span<float> x)
            {
                int i = Gpu.ThreadIdx.X;
                Console.WriteLine($"value {x[i]} at {i}");
            }
            """)), checkedKernels: true);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal(("GPU0007", "Console.WriteLine($\"value {x[i]} at {i}\")"), (d.Id, Spanned(d)));
        Assert.Contains("GPU code has no console; print with Gpu.Printf(\"i = %d, x = %f\\n\", i, x)", d.GetMessage());
        AssertOnlyErrors(run, "GPU0007");
        Assert.DoesNotContain(run.Sources.Keys, hint => hint.EndsWith(".CpuChecked.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_kernel_with_a_type_parameter_not_unmanaged_reports_GPU0013_and_keeps_a_launcher_that_compiles()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K<T, U>(Span<T> x, Span<U> y) where T : unmanaged where U : struct
            {
            }

            public static void Host(DeviceBuffer<int> a, DeviceBuffer<float> b) => Launch(1, 32).K<int, float>(a.AsSpan(), b.AsSpan());
            """);

        AssertOnlyErrors(run, "GPU0013");
        Assert.Contains("public void K<T, U>(global::GpuDsl.DeviceSpan<T> x, global::GpuDsl.DeviceSpan<U> y)", run.Sources["Kernels.Kernels.g.cs"]);
    }

    [Fact]
    public void A_struct_with_a_string_field_reports_GPU0024_and_nothing_in_generated_files()
    {
        GeneratorRun run = Kernels("""
            public struct Named { public int A; public string Name; }

            [Kernel]
            public static void K(Span<Named> x)
            {
                x[0].A = 1;
            }

            [Kernel]
            public static void Fine(Span<int> y) => y[0] = 1;
            """);

        AssertOnlyErrors(run, "GPU0024");
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        Assert.DoesNotContain(" K(", launcher);
        Assert.Contains(" Fine(", launcher);
    }

    [Fact]
    public void A_kernel_with_an_error_in_its_body_keeps_a_launcher_that_throws_and_no_descriptor_and_other_kernels_lose_their_checked_copies()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(Source("""
            [Kernel]
            public static void Broken(Span<int> x)
            {
                try { x[0] = 1; } finally { x[1] = 2; }
            }

            [Kernel]
            public static void Fine(Span<int> y) => y[0] = 1;

            public static void Host(DeviceBuffer<int> a) => Launch(1, 32).Broken(a.AsSpan());
            """)), checkedKernels: true);

        AssertOnlyErrors(run, "GPU0008");
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        Assert.Contains("public void Broken(global::GpuDsl.DeviceSpan<int> x) =>", launcher);
        Assert.Contains("throw new global::System.InvalidOperationException(\"Kernels.Broken has GPU errors", launcher);
        Assert.DoesNotContain("__gpuDslKernel_Broken", launcher);
        Assert.Contains("__gpuDslKernel_Fine", launcher);
        Assert.Contains("public void Execute() => global::Kernels.Fine(", launcher);
        Assert.DoesNotContain(run.Sources.Keys, hint => hint.EndsWith(".CpuChecked.g.cs", StringComparison.Ordinal));
    }

    private static string Source(string members) => $$"""
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
        {{members}}
        }
        """;

    private static GeneratorRun Kernels(string members) => GeneratorHarness.Run(Source(members));

    /// <summary>The errors of the build, generated files included, are exactly <paramref name="ids"/>, all in the user's file.</summary>
    private static void AssertOnlyErrors(GeneratorRun run, params string[] ids)
    {
        Diagnostic[] errors = run.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToArray();
        Assert.True(
            errors.Select(d => d.Id).SequenceEqual(ids) && errors.All(d => d.Location.SourceTree?.FilePath == "Kernels.cs"),
            "Expected only " + string.Join(", ", ids) + ", got:\n" + string.Join("\n", errors.Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath} {d.Location.GetLineSpan().StartLinePosition}: {d.GetMessage()}")));
    }

    private static Diagnostic[] Gpu(GeneratorRun run) =>
        run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("GPU", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToArray();

    private static string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
}
