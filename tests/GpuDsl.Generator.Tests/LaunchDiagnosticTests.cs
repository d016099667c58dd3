using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// GPU0028: a launch whose grid or block, written as constants, no CUDA device can run is an error at that argument;
/// sizes known only at run time, and configurations built away from a launch, are left to the runtime's check.
/// </summary>
public sealed class LaunchDiagnosticTests
{
    [Fact]
    public void A_block_of_500000_threads_reports_GPU0028_at_the_block()
    {
        GeneratorRun run = Host("VectorKernels.Launch(1, 500_000).Add(c);");

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("GPU0028", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("500_000", Spanned(d));
        Assert.Equal(
            "The block '500_000' is beyond what any CUDA device can launch: it has 500,000 threads, and a block may have at most 1,024; the launch would always throw InvalidLaunchException",
            d.GetMessage());
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void Each_CUDA_limit_of_grid_and_block_reports_GPU0028_at_its_argument()
    {
        GeneratorRun run = Host("""
            VectorKernels.Launch(new Dim3(4, 4), new Dim3(32, 32, 2)).Add(c);
            VectorKernels.Launch(1, (1, 1, 128)).Add(c);
            VectorKernels.Launch(new Dim3(1, 70_000), 32).Add(c);
            VectorKernels.Launch(0, 256).Add(c);
            VectorKernels.Launch(block: 2048, grid: 1).Add(c);
            VectorKernels.Launch(1, TooMany).Add(c);
            VectorKernels.Launch(new LaunchConfig(1, new Dim3(z: 65, x: 1))).Add(c);
            VectorKernels.Launch(new(1, (2000, 1))).Add(c);
            VectorKernels.Launch(new Dim3(), 32).Add(c);
            """);

        Assert.All(Gpu(run), d => Assert.Equal("GPU0028", d.Id));
        Assert.Equal(
            new[] { "new Dim3(32, 32, 2)", "(1, 1, 128)", "new Dim3(1, 70_000)", "0", "2048", "TooMany", "new Dim3(z: 65, x: 1)", "(2000, 1)", "new Dim3()" },
            Gpu(run).Select(Spanned).ToArray());
        Assert.Equal(
            new[]
            {
                "it has 2,048 threads, and a block may have at most 1,024",
                "its z extent is 128, and a block's z extent may be at most 64",
                "its y extent is 70,000, and a grid's y extent may be at most 65,535",
                "its x extent is 0, and every extent of a grid must be at least 1",
                "it has 2,048 threads, and a block may have at most 1,024",
                "it has 4,096 threads, and a block may have at most 1,024",
                "its z extent is 65, and a block's z extent may be at most 64",
                "it has 2,000 threads, and a block may have at most 1,024",
                "its x extent is 0, and every extent of a grid must be at least 1",
            },
            Gpu(run).Select(Problem).ToArray());
    }

    [Fact]
    public void A_bare_Launch_inside_the_kernel_class_reports_GPU0028()
    {
        GeneratorRun run = GeneratorHarness.Analyze(Kernels + """
            public static partial class VectorKernels
            {
                public static void Run(GpuDsl.DeviceBuffer<float> c) => Launch(1, 1025).Add(c);
            }
            """);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("1025", Spanned(d));
    }

    [Fact]
    public void A_launcher_from_a_referenced_assembly_reports_GPU0028()
    {
        // The kernels compiled into a library with their generated launcher, as samples/VectorAdd is for the GPU tests.
        GeneratorRun library = GeneratorHarness.Run(Kernels);
        using MemoryStream image = new();
        Assert.True(library.Output.Emit(image, cancellationToken: TestContext.Current.CancellationToken).Success);
        CSharpCompilation program = GeneratorHarness.Compile(("Program.cs", """
                public static class Program
                {
                    public static void Run(GpuDsl.DeviceBuffer<float> c)
                    {
                        VectorKernels.Launch(1, 4096).Add(c);
                        VectorKernels.Launch(1, 1024).Add(c);
                    }
                }
                """))
            .WithAssemblyName("Program")
            .AddReferences(MetadataReference.CreateFromImage(image.ToArray()));

        GeneratorRun run = GeneratorHarness.Analyze(program);

        Diagnostic d = Assert.Single(Gpu(run));
        Assert.Equal("4096", Spanned(d));
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(e => e.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Sizes_within_the_limits_or_known_only_at_run_time_report_nothing()
    {
        GeneratorRun run = Host("""
            int threads = 500_000;
            VectorKernels.Launch(1, threads).Add(c);
            VectorKernels.Launch((c.Length + 255) / 256, 256).Add(c);
            VectorKernels.Launch(new Dim3(int.MaxValue, 65_535, 65_535), new Dim3(1024)).Add(c);
            VectorKernels.Launch(1, (32, 32)).Add(c);
            VectorKernels.Launch(1, new Dim3(1, 1, 64), 0, null).Add(c);
            VectorKernels.Launch(new Dim3(c.Length, 1), new Dim3(threads, 1)).Add(c);
            LaunchConfig config = new(1, 500_000);
            Validate(new LaunchConfig(1, 500_000));
            Launch(1, 500_000);
            """);

        Assert.Empty(run.AllDiagnostics);
    }

    private const string Kernels = """
        using System;
        using GpuDsl;

        public static partial class VectorKernels
        {
            [Kernel]
            public static void Add(Span<float> c)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i < c.Length) c[i] += 1f;
            }
        }

        """;

    /// <summary>Host code launching <c>VectorKernels.Add</c>, in a class with a const and two methods that are no launchers.</summary>
    private static GeneratorRun Host(string statements) => GeneratorHarness.Analyze(Kernels + $$"""
        public static class Program
        {
            private const int TooMany = 4096;

            public static void Run(DeviceBuffer<float> c)
            {
                {{statements}}
            }

            private static void Validate(LaunchConfig config) { }

            private static void Launch(int a, int b) { }
        }
        """);

    private static Diagnostic[] Gpu(GeneratorRun run) =>
        run.Diagnostics.Where(d => d.Id.StartsWith("GPU", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToArray();

    private static string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);

    /// <summary>What the message says is wrong: the part between "can launch: " and "; the launch".</summary>
    private static string Problem(Diagnostic d)
    {
        string message = d.GetMessage();
        int start = message.IndexOf("can launch: ", StringComparison.Ordinal) + "can launch: ".Length;
        return message[start..message.IndexOf("; the launch", StringComparison.Ordinal)];
    }
}
