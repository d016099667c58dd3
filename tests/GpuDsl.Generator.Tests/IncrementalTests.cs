using System.Reflection;
using GeneratorBench;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GpuDsl.Generator.Tests;

/// <summary>The pipeline caches: an edit that does not change a kernel regenerates nothing.</summary>
public sealed class IncrementalTests
{
    private const string Source = """
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
            [Kernel]
            public static void Add(ReadOnlySpan<float> a, Span<float> c)
            {
                int i = Gpu.ThreadIdx.X;
                if (i < c.Length) c[i] += a[i];
            }
        }

        public static class Host
        {
            public static int Helper() => 1;
        }
        """;

    [Fact]
    public void Editing_a_method_outside_any_kernel_regenerates_nothing()
    {
        GeneratorRun first = GeneratorHarness.Run(Source);
        Compilation edited = Replace(first, "=> 1;", "=> 2 + 40;");

        GeneratorDriver driver = first.Driver.RunGenerators(edited, TestContext.Current.CancellationToken);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[TrackingNames.Modules].SelectMany(s => s.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void Editing_a_kernel_body_regenerates_its_module()
    {
        GeneratorRun first = GeneratorHarness.Run(Source);
        Compilation edited = Replace(first, "c[i] += a[i];", "c[i] -= a[i];");

        GeneratorDriver driver = first.Driver.RunGenerators(edited, TestContext.Current.CancellationToken);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Modules].SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("c[i] -= a[i];", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Editing_a_struct_a_kernel_uses_regenerates_its_module_with_the_new_layout()
    {
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.Compile(
            ("Kernels.cs", """
                using System;
                using GpuDsl;

                public static partial class Kernels
                {
                    [Kernel]
                    public static void Move(Span<Point> points) => points[Gpu.ThreadIdx.X].X += 1f;
                }
                """),
            ("Point.cs", "public struct Point { public float X; public float Y; }")));
        Assert.Contains("sizeof(Point) == 8", first.Cuda());

        SyntaxTree point = first.Input.SyntaxTrees.Single(t => t.FilePath == "Point.cs");
        Compilation edited = first.Input.ReplaceSyntaxTree(point, point.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From("public struct Point { public float X; public double Y; }")));
        GeneratorDriver driver = first.Driver.RunGenerators(edited, TestContext.Current.CancellationToken);

        string cuda = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("double Y;", cuda);
        Assert.Contains("sizeof(Point) == 16", cuda);
    }

    [Fact]
    public void Editing_the_values_of_a_table_in_another_file_regenerates_the_module_with_the_new_values()
    {
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.Compile(
            ("Kernels.cs", """
                using System;
                using GpuDsl;

                public static partial class Kernels
                {
                    [Kernel]
                    public static void Scale(Span<float> x) => x[Gpu.ThreadIdx.X] *= Filters.Taps[Gpu.ThreadIdx.X & 1];
                }
                """),
            ("Filters.cs", """
                public static class Filters
                {
                    public static System.ReadOnlySpan<float> Taps => new float[] { 1f, 2f };
                }
                """)));
        Assert.Contains("Filters_Taps[2] = { 1.0f, 2.0f };", first.Cuda());

        GeneratorRunResult result = EditFile(first, "Filters.cs", "2f", "2.5f");

        Assert.Contains(result.TrackedSteps[TrackingNames.Kernels].SelectMany(s => s.Outputs), output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(result.TrackedSteps[TrackingNames.Modules].SelectMany(s => s.Outputs), output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Filters_Taps[2] = { 1.0f, 2.5f };", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_or_compilations()
    {
        // A SyntaxTree may appear only inside LocationInfo (diagnostics point into it, compared by reference).
        Type[] forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(SemanticModel) };
        HashSet<Type> seen = new();
        Queue<Type> pending = new(new[] { typeof(FunctionModel), typeof(ModuleModel), typeof(KernelModel) });
        while (pending.Count > 0)
        {
            Type type = pending.Dequeue();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum || type == typeof(LocationInfo))
            {
                continue;
            }

            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (Type argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
            {
                pending.Enqueue(argument);
            }

            if (type.Namespace?.StartsWith("GpuDsl", StringComparison.Ordinal) == true)
            {
                foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    pending.Enqueue(property.PropertyType);
                }
            }
        }

        Assert.Contains(typeof(ParameterModel), seen);
        Assert.Contains(typeof(TypeDefinitionModel), seen);
        Assert.Contains(typeof(KernelInstanceModel), seen);
        Assert.Contains(typeof(ConstantTableModel), seen);
        Assert.Contains(typeof(FunctionCuda), seen);
        Assert.Contains(typeof(LaunchSignature), seen);
        Assert.Contains(typeof(CallFacts), seen);
    }

    [Fact]
    public void Editing_a_launch_to_an_impossible_block_regenerates_nothing_and_the_analyzer_reports_GPU0028()
    {
        GeneratorRun first = GeneratorHarness.Run(Source.Replace("public static int Helper() => 1;", """
            public static int Helper() => 1;

                public static void Run(DeviceBuffer<float> a, DeviceBuffer<float> c) => Kernels.Launch(1, 256).Add(a, c);
            """));
        Assert.Empty(first.GeneratorDiagnostics);
        Compilation edited = Replace(first, "Launch(1, 256)", "Launch(1, 2048)");

        GeneratorDriver driver = first.Driver.RunGenerators(edited, TestContext.Current.CancellationToken);
        GeneratorDriverRunResult run = driver.GetRunResult();

        // The limit is the analyzer's to report, so the generator neither reports it nor redoes any work for it.
        Assert.Empty(run.Diagnostics);
        Assert.All(run.Results.Single().TrackedSteps[TrackingNames.Modules].SelectMany(s => s.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        GeneratorRun analyzed = GeneratorHarness.Analyze((CSharpCompilation)edited);
        Assert.Equal("GPU0028", Assert.Single(analyzed.Diagnostics).Id);
    }

    private static readonly (string Path, string Source)[] s_genericProject =
    [
        ("Kernels.cs", """
            using System;
            using System.Numerics;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Scale<T>(T a, Span<T> y) where T : unmanaged, INumber<T> => y[Gpu.ThreadIdx.X] *= a;
            }
            """),
        ("Host.cs", """
            using GpuDsl;

            public static class Host
            {
                public static int Helper() => 1;

                public static void Run(DeviceBuffer<float> f) => Kernels.Launch(1, 32).Scale(2f, f);
            }
            """),
    ];

    [Fact]
    public void Editing_host_code_beside_a_generic_launch_regenerates_nothing()
    {
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.Compile(s_genericProject));
        Assert.Contains("Kernels_Scale_f32(", first.Cuda());

        GeneratorRunResult result = EditFile(first, "Host.cs", "=> 1;", "=> 2 + 40;");

        Assert.All(result.TrackedSteps[TrackingNames.Modules].SelectMany(s => s.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.Empty(ChangedSources(first, result));
    }

    [Fact]
    public void Launching_a_generic_kernel_with_a_new_type_regenerates_its_module_with_a_new_entry_point()
    {
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.Compile(s_genericProject));
        Assert.DoesNotContain("Kernels_Scale_f64", first.Cuda());

        GeneratorRunResult result = EditFile(first, "Host.cs", "public static int Helper() => 1;",
            "public static void RunDouble(DeviceBuffer<double> d) => Kernels.Launch(1, 32).Scale(0.5, d);");

        Assert.Contains(result.TrackedSteps[TrackingNames.Modules].SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
        string launcher = result.GeneratedSources.Single(s => s.HintName == "Kernels.Kernels.g.cs").SourceText.ToString();
        Assert.Contains("extern \"\"C\"\" __global__ void Kernels_Scale_f64(double a", launcher);
        Assert.Contains("extern \"\"C\"\" __global__ void Kernels_Scale_f32(float a", launcher);
    }

    [Fact]
    public void Moving_a_generic_kernel_in_its_file_moves_the_line_of_an_entry_point_found_at_a_launch_elsewhere()
    {
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.Compile(s_genericProject));
        Assert.Contains("#line 8 \"Kernels.cs\"\nextern \"C\" __global__ void Kernels_Scale_f32", first.Cuda());

        GeneratorRunResult result = EditFile(first, "Kernels.cs", "[Kernel]", "// moved down two lines\n\n    [Kernel]");

        string launcher = result.GeneratedSources.Single(s => s.HintName == "Kernels.Kernels.g.cs").SourceText.ToString();
        Assert.Contains("#line 10 \"\"Kernels.cs\"\"\nextern \"\"C\"\" __global__ void Kernels_Scale_f32", launcher);
    }

    [Fact]
    public void Editing_inside_one_kernel_of_a_40_kernel_project_regenerates_only_its_module()
    {
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.Compile(s_project.Sources().ToArray()));
        Assert.Equal(20, first.Sources.Count); // a launcher per class and the loop forms of its barrier kernels per file

        GeneratorRunResult result = Edit(first, EditedFile, SyntheticProject.Edit.KernelBody);

        List<(object Value, IncrementalStepRunReason Reason)> modules = result.TrackedSteps[TrackingNames.Modules].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(10, modules.Count);
        string edited = $"{SyntheticProject.KernelClassOf(EditedFile)}.Kernels.g.cs";
        Assert.Equal([edited], modules.Where(m => m.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified)
            .Select(m => KernelGenerator.Emitter.HintName((ModuleModel)m.Value)));
        Assert.Equal([edited], ChangedSources(first, result));
        Assert.Contains("bias = 1.25f;", result.GeneratedSources.Single(s => s.HintName == edited).SourceText.ToString());
    }

    [Fact]
    public void Editing_host_code_of_a_40_kernel_project_regenerates_no_module()
    {
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.Compile(s_project.Sources().ToArray()));

        GeneratorRunResult result = Edit(first, EditedFile, SyntheticProject.Edit.HostCode);

        Assert.All(result.TrackedSteps[TrackingNames.Modules].SelectMany(s => s.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.Empty(ChangedSources(first, result));
    }

    private const int EditedFile = 3;

    private static readonly SyntheticProject s_project = new(Files: 10, KernelsPerFile: 4);

    /// <summary>Runs the driver of <paramref name="run"/> again after <paramref name="edit"/> in file <paramref name="file"/>.</summary>
    private static GeneratorRunResult Edit(GeneratorRun run, int file, SyntheticProject.Edit edit)
    {
        SyntaxTree tree = run.Input.SyntaxTrees.Single(t => t.FilePath == SyntheticProject.PathOf(file));
        SourceText text = tree.GetText(TestContext.Current.CancellationToken);
        Compilation edited = run.Input.ReplaceSyntaxTree(tree, tree.WithChangedText(text.WithChanges(SyntheticProject.Change(text, edit, revision: 1))));
        return run.Driver.RunGenerators(edited, TestContext.Current.CancellationToken).GetRunResult().Results.Single();
    }

    /// <summary>The hint names whose generated text differs from the first run's.</summary>
    private static IEnumerable<string> ChangedSources(GeneratorRun first, GeneratorRunResult result) =>
        result.GeneratedSources.Where(s => first.Sources[s.HintName] != s.SourceText.ToString()).Select(s => s.HintName);

    /// <summary>Runs the driver of <paramref name="run"/> again after replacing <paramref name="from"/> in one file.</summary>
    private static GeneratorRunResult EditFile(GeneratorRun run, string path, string from, string to)
    {
        SyntaxTree tree = run.Input.SyntaxTrees.Single(t => t.FilePath == path);
        int at = tree.ToString().IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' is not in {path}");
        Compilation edited = run.Input.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(at, from.Length, to)));
        return run.Driver.RunGenerators(edited, TestContext.Current.CancellationToken).GetRunResult().Results.Single();
    }

    private static Compilation Replace(GeneratorRun run, string from, string to)
    {
        SyntaxTree tree = run.Input.SyntaxTrees.Single();
        int at = tree.ToString().IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' is not in the source");
        SyntaxTree changed = tree.WithChangedText(tree.GetText().Replace(at, from.Length, to));
        return run.Input.ReplaceSyntaxTree(tree, changed);
    }
}
