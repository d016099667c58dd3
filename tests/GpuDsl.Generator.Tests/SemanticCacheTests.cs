using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using GpuDsl.Generator.Incremental;
using Microsoft.CodeAnalysis.CSharp;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// Translations reused from an earlier run (see <c>SemanticCache</c>) are what a fresh run would make: after each edit,
/// in the kernel's file or in the files it depends on, the incremental driver's output equals that of a new driver
/// over newly parsed files.
/// </summary>
public sealed class SemanticCacheTests
{
    private static readonly (string Path, string Source)[] s_files =
    [
        ("Shapes.cs", """
            public struct Point
            {
                public float X, Y;

                public static float Scale(float v)
                {
                    return v * 2f;
                }

                public Point(float x, float y)
                {
                    X = x;
                    Y = y;
                }
            }

            public struct Segment
            {
                public float A;

                public Segment(float a) : this()
                {
                    A = a;
                }
            }
            """),
        ("Helpers.cs", """
            using GpuDsl;

            public static class Helpers
            {
                [Device]
                public static float Twice(float v) => v * 2f;

                public static System.ReadOnlySpan<float> Gains => new float[] { 0.5f, 2f };
            }

            public static partial class Segments
            {
                public static int Count()
                {
                    return 0;
                }

                public static int Preload;
            }
            """),
        ("Kernels.cs", """
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Move(Span<Point> points, ReadOnlySpan<float> a)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    if (i < points.Length) points[i] = new Point(Helpers.Twice(a[i]), 1f);
                    if (i < a.Length) points[0].Y = Helpers.Gains[i & 1];
                }
            }

            public static partial class Segments
            {
                [Kernel]
                public static void Make(Span<Segment> segments)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    if (i < segments.Length) segments[i] = new Segment(1f);
                }
            }
            """),
    ];

    [Fact]
    public void Each_edit_gives_what_a_fresh_run_gives()
    {
        CancellationToken cancellation = TestContext.Current.CancellationToken;
        CSharpCompilation compilation = GeneratorHarness.Compile(s_files);
        GeneratorDriver driver = GeneratorHarness.Run(compilation).Driver;
        (string Path, string From, string To)[] edits =
        [
            // A line added in a method body above both constructors: their #line and the error at Segment's move.
            ("Shapes.cs", "return v * 2f;", "float w = v;\n        return w * 2f;"),
            ("Helpers.cs", "v * 2f", "v * 3f"),
            // A table's values, read by a kernel in another file.
            ("Helpers.cs", "0.5f, 2f", "0.5f, 4f"),
            // A line added above a member of the kernel's class in another file: its GPU0017 moves.
            ("Helpers.cs", "return 0;", "int none = 0;\n        return none;"),
            ("Shapes.cs", "X = x;", "X = x + 1f;"),
            ("Kernels.cs", "Helpers.Twice(a[i]), 1f)", "Helpers.Twice(a[i]), 2f)"),
            ("Shapes.cs", "public float X, Y;", "public float X, Y, Z;"),
        ];

        Output previous = Output.Of(GeneratorHarness.Run(compilation));
        foreach ((string path, string from, string to) in edits)
        {
            SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
            int at = tree.ToString().IndexOf(from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{from}' is not in {path}");
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText(cancellation).Replace(at, from.Length, to)));

            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out ImmutableArray<Diagnostic> diagnostics, cancellation);
            Output incremental = Output.Of(new GeneratorRun(compilation, driver, generated, diagnostics));
            Output fresh = Output.Of(GeneratorHarness.Run(GeneratorHarness.Compile(compilation.SyntaxTrees.Select(t => (t.FilePath, t.ToString())).ToArray())));

            Assert.Equal(fresh.Sources, incremental.Sources);
            Assert.Equal(fresh.Diagnostics, incremental.Diagnostics);
            Assert.NotEqual(previous, incremental); // each edit shows in the output, so a stale reuse could not pass
            previous = incremental;
        }
    }

    [Fact]
    public void A_result_is_reused_until_its_file_a_file_it_read_or_the_declarations_change()
    {
        SemanticCache<string> cache = new();
        int computed = 0;
        CSharpCompilation compilation = GeneratorHarness.Compile(
            ("Own.cs", "static class Own { static int M() { return 1; } }"),
            ("Read.cs", "static class Read { static int R() { return 2; } }"),
            ("Other.cs", "static class Other { static int O() { return 3; } }"));

        int Computed()
        {
            SyntaxTree own = compilation.SyntaxTrees.Single(t => t.FilePath == "Own.cs");
            SyntaxNode method = own.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single();
            cache.GetOrAdd(method, compilation.GetSemanticModel(own), (_, _, files, _) =>
            {
                files.Add(compilation.SyntaxTrees.Single(t => t.FilePath == "Read.cs"));
                return $"result {++computed}";
            }, TestContext.Current.CancellationToken);
            return computed;
        }

        void Edit(string path, string from, string to)
        {
            SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
            compilation = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(tree.ToString().Replace(from, to), (CSharpParseOptions)tree.Options, path));
        }

        Assert.Equal(1, Computed());
        Assert.Equal(1, Computed());
        Edit("Other.cs", "return 3;", "return 3 + 4;");
        Assert.Equal(1, Computed()); // a method body elsewhere: reused
        Edit("Read.cs", "return 2;", "return 2 + 4;");
        Assert.Equal(2, Computed()); // a file it read
        Edit("Other.cs", "static int O()", "static long O()");
        Assert.Equal(3, Computed()); // a declaration
        Edit("Own.cs", "return 1;", "return 1 + 4;");
        Assert.Equal(4, Computed()); // its own file
    }

    [Theory]
    [InlineData("return v * 2f;", "return v * 3f;", true)]
    [InlineData("// twice", "// three times", true)]
    [InlineData("public float X;", "public float X; ", true)]
    [InlineData("public float X;", "public double X;", false)]
    [InlineData("static float Twice(float v)", "static float Twice(float w)", false)]
    [InlineData("X = x;", "X = x + 1f;", false)]
    [InlineData("#pragma warning disable CS0649", "#pragma warning disable CS0169", false)]
    public void Declarations_are_everything_outside_method_bodies_and_comments(string from, string to, bool equal)
    {
        const string Source = """
            #pragma warning disable CS0649
            public struct P
            {
                public float X;

                public P(float x)
                {
                    X = x;
                }

                // twice
                static float Twice(float v)
                {
                    return v * 2f;
                }
            }
            """;
        CSharpCompilation before = GeneratorHarness.Compile(("P.cs", Source));
        CSharpCompilation after = GeneratorHarness.Compile(("P.cs", Source.Replace(from, to)));
        Assert.NotEqual(Source, Source.Replace(from, to));

        Assert.Equal(equal, CompilationDeclarations.Of(before).Equals(CompilationDeclarations.Of(after)));
    }

    [Fact]
    public void Top_level_statements_are_not_declarations_but_having_them_is()
    {
        CompilationDeclarations Of(string program) => CompilationDeclarations.Of(GeneratorHarness.Compile(("Program.cs", program)));

        Assert.Equal(Of("System.Console.WriteLine(1);"), Of("int n = 2;\nSystem.Console.WriteLine(n);"));
        Assert.NotEqual(Of("System.Console.WriteLine(1);"), Of("static class Program { }"));
    }

    /// <summary>A run's generated files and diagnostics, as text.</summary>
    private sealed record Output(string Sources, string Diagnostics)
    {
        public static Output Of(GeneratorRun run) => new(
            string.Join("\n", run.Sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}:\n{s.Value}")),
            string.Join("\n", run.GeneratorDiagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal)));
    }
}
