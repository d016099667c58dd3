using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// The README's programs compile, with the generator, without an error or a warning (C# or GPUxxxx).
/// </summary>
/// <remarks>
/// The rule: in README.md, a <c>csharp</c> block is a program when the line before its opening fence is the HTML
/// comment <c>&lt;!-- program --&gt;</c> (invisible on GitHub); every other block is a fragment (a kernel without its
/// class, a launch without its buffers), which is not compiled. The README's first C# block, the one a newcomer pastes,
/// must be a program. In PACKAGE.md (nuget.org shows HTML comments as text, so it has no markers) every <c>csharp</c>
/// block is a program. A program is compiled as the <c>Program.cs</c> of a project made by <c>dotnet new console</c>
/// that references the package: a console application with the SDK's implicit usings and nullable annotations on.
/// </remarks>
public sealed class ReadmeProgramTests
{
    /// <summary>The global usings of an SDK project with <c>ImplicitUsings</c> enabled, as <c>dotnet new console</c> makes it.</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static TheoryData<string, int> Programs()
    {
        TheoryData<string, int> programs = [];
        foreach (MarkdownDocument.CodeBlock block in MarkdownDocument.Readme.CodeBlocks().Where(b => b.Marker == "program"))
        {
            programs.Add("README.md", block.Line);
        }

        foreach (MarkdownDocument.CodeBlock block in MarkdownDocument.PackageReadme.CodeBlocks().Where(b => b.Language == "csharp"))
        {
            programs.Add("runtime/GpuDsl.Runtime/PACKAGE.md", block.Line);
        }

        return programs;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void A_program_in_the_documentation_compiles_with_the_generator_without_errors_or_warnings(string path, int line)
    {
        MarkdownDocument.CodeBlock block = MarkdownDocument.Load(path).CodeBlocks().Single(b => b.Line == line);
        Assert.Equal("csharp", block.Language);

        GeneratorRun run = CompileProgram(block.Code);

        Assert.True(run.AllDiagnostics.IsEmpty,
            $"{path} line {line}:\n" + string.Join('\n', run.AllDiagnostics.Select(d => d.ToString())));
        Assert.Contains(run.Output.SyntaxTrees, tree => tree.FilePath.Contains("GpuDsl.Generator", StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_csharp_block_of_the_README_is_a_program()
    {
        MarkdownDocument.CodeBlock first = MarkdownDocument.Readme.CodeBlocks().First(b => b.Language == "csharp");

        Assert.Equal("program", first.Marker);
    }

    [Fact]
    public void The_first_csharp_block_of_the_README_is_the_hello_sample()
    {
        // samples/Hello is the README's first program as a project, so `dotnet run --project samples/Hello` runs it.
        MarkdownDocument.CodeBlock first = MarkdownDocument.Readme.CodeBlocks().First(b => b.Language == "csharp");
        string sample = File.ReadAllText(Path.Combine(RobustnessTests.RepositoryRoot(), "samples", "Hello", "Program.cs"));

        Assert.Equal(first.Code.ReplaceLineEndings().TrimEnd(), sample.ReplaceLineEndings().TrimEnd());
    }

    [Fact]
    public void Every_marker_before_a_code_block_is_one_the_tests_know()
    {
        string?[] markers = [.. MarkdownDocument.Readme.CodeBlocks().Select(b => b.Marker).Where(m => m is not null).Distinct()];

        Assert.All(markers, marker => Assert.Equal("program", marker));
    }

    [Fact]
    public void A_fragment_pasted_as_a_program_fails_so_the_check_can_fail()
    {
        // The README's first block as it once was: top-level statements after the class, and undefined names.
        GeneratorRun run = CompileProgram("""
            using GpuDsl;

            public static partial class VectorKernels
            {
                [Kernel]
                public static void Add(ReadOnlySpan<float> a, Span<float> c) { }
            }

            using GpuContext gpu = GpuContext.Create();
            using DeviceBuffer<float> a = gpu.Allocate<float>(hostA);
            """);

        Assert.Contains(run.AllDiagnostics, d => d.Id == "CS8803");
        Assert.Contains(run.AllDiagnostics, d => d.Id == "CS0103");
    }

    /// <summary>Compiles <paramref name="code"/> as Program.cs of a console project that references GpuDsl, and runs the generator.</summary>
    internal static GeneratorRun CompileProgram(string code)
    {
        CSharpCompilation library = GeneratorHarness.Compile(("Program.cs", code), ("GlobalUsings.g.cs", ImplicitUsings));
        return GeneratorHarness.Run(library.WithOptions(library.Options.WithOutputKind(OutputKind.ConsoleApplication)), checkedKernels: false);
    }
}
