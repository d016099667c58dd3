namespace GpuDsl.Generator.Tests;

/// <summary>
/// The <c>GpuDslEmitCuda</c> build property: the generator adds one file listing every module's CUDA as comment lines,
/// which build/GpuDsl.EmitCuda.targets splits into .cu files (GpuDsl.Package.Tests builds that end to end).
/// </summary>
public sealed class CudaListingTests
{
    private const string Source = """
        using System;
        using GpuDsl;

        namespace App;

        public static partial class Blurs
        {
            [Kernel]
            public static void Box(ReadOnlySpan<float> x, Span<float> y) { int i = Gpu.ThreadIdx.X; if (i < y.Length) y[i] = Helpers.Half(x[i]); }
        }

        public static partial class Filters
        {
            [Kernel]
            public static void Scale(Span<float> x, float factor) { int i = Gpu.ThreadIdx.X; if (i < x.Length) x[i] *= factor; }
        }

        public static class Helpers
        {
            [Device]
            public static float Half(float v) => v * 0.5f; // a "quoted" comment, and a blank line after

        }
        """;

    [Fact]
    public void With_GpuDslEmitCuda_every_module_is_listed_exactly_as_its_CudaSource()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(Source), BuildProperties.Of(("GpuDslEmitCuda", "true")));

        Assert.Empty(run.AllDiagnostics);
        Dictionary<string, string> listed = Split(run.Sources["GpuDsl.CudaModules.g.cs"]);
        Assert.Equal(["App.Blurs.cu", "App.Filters.cu"], listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(run.Cuda("App.Blurs"), listed["App.Blurs.cu"]);
        Assert.Equal(run.Cuda("App.Filters"), listed["App.Filters.cu"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void Without_GpuDslEmitCuda_there_is_no_listing(string? value)
    {
        BuildProperties? properties = value is null ? null : BuildProperties.Of(("GpuDslEmitCuda", value));

        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(Source), properties);

        Assert.DoesNotContain("GpuDsl.CudaModules.g.cs", run.Sources.Keys);
        Assert.Contains("App.Filters.Kernels.g.cs", run.Sources.Keys);
    }

    /// <summary>Reads the listing back the way the build's GpuDslWriteCudaFiles task does.</summary>
    private static Dictionary<string, string> Split(string listing)
    {
        Dictionary<string, List<string>> modules = [];
        List<string>? current = null;
        foreach (string line in listing.Split('\n'))
        {
            if (line.StartsWith("//@ ", StringComparison.Ordinal))
            {
                modules[line[4..]] = current = [];
            }
            else if (current is not null && line.StartsWith("//|", StringComparison.Ordinal))
            {
                current.Add(line[3..]);
            }
        }

        return modules.ToDictionary(m => m.Key, m => string.Join("\n", m.Value));
    }
}
