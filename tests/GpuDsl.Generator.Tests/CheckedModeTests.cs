using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// Checked mode (the <c>GpuDslCheckedKernels</c> build property): every span index, constant tables' too, goes through
/// <c>gpudsl_check</c>, whose site ids the launcher maps back to the C# method and line. Unchecked output is today's, as
/// every other snapshot proves.
/// </summary>
public sealed class CheckedModeTests
{
    private const string Source = """
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
            [Kernel]
            public static void Gather(ReadOnlySpan<float> a, ReadOnlySpan<int> map, Span<float> c)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                Span<float> tile = Gpu.Shared<float>(64);
                Span<int> local = stackalloc int[4];
                Span<float> tail = c.Slice(1);
                local[i & 3] = map[i];
                tile[Gpu.ThreadIdx.X] = a[map[local[i & 3]]];
                Gpu.SyncThreads();
                tail[i] = Helpers.Load(a, i) + tile[63 - Gpu.ThreadIdx.X];
                Gpu.AtomicAdd(ref c[0], 1f);
                c[1] = Helpers.Taps[i & 3];
            }
        }

        public static class Helpers
        {
            [Device]
            public static float Load(ReadOnlySpan<float> s, int i) => s[i];

            public static ReadOnlySpan<float> Taps => new float[] { 0.5f, 1f, 2f, 4f };
        }
        """;

    [Fact]
    public void Checked_mode_checks_span_parameters_locals_shared_and_stackalloc_arrays_constant_tables_and_device_functions()
    {
        GeneratorRun run = GeneratorHarness.Analyze(GeneratorHarness.Compile(("Kernels.cs", Source)), checkedKernels: true);

        // The kernel indexes past its bounds on purpose, which is what checked mode catches at run time; at build time
        // GPU0030 says so, once, at the first unguarded global index.
        Diagnostic unguarded = Assert.Single(run.AllDiagnostics);
        Assert.Equal("GPU0030", unguarded.Id);
        Assert.Equal("map[i]", unguarded.Location.SourceTree!.GetText(TestContext.Current.CancellationToken).ToString(unguarded.Location.SourceSpan));
        Snapshot.Verify(run.Cuda(), "cu");
        Snapshot.Verify(run.Sources["Kernels.Kernels.g.cs"], "cs", "Kernels.Kernels.g");
    }

    [Fact]
    public void Unchecked_mode_and_no_property_give_the_same_plain_indexing()
    {
        string absent = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", Source))).Cuda();
        GeneratorRun unchecked_ = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", Source)), checkedKernels: false);

        Assert.Equal(absent, unchecked_.Cuda());
        Assert.DoesNotContain("gpudsl_check", absent);
        Assert.Contains("a[map[local[i & 3]]]", absent);
        Assert.DoesNotContain("CheckedIndexSite", unchecked_.Sources["Kernels.Kernels.g.cs"]);
    }

    [Fact]
    public void A_checked_module_without_span_indexing_needs_no_fault_record()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", """
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Nothing(Span<float> c, int n) { int m = c.Length + n; }
            }
            """)), checkedKernels: true);

        Assert.Empty(run.AllDiagnostics);
        Assert.DoesNotContain("gpudsl_fault", run.Cuda());
        Assert.DoesNotContain("checkedSites", run.Sources["Kernels.Kernels.g.cs"]);
    }

    [Fact]
    public void Toggling_checked_mode_regenerates_the_module_without_translating_methods_again()
    {
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", Source)), checkedKernels: false);

        GeneratorDriver driver = first.Driver
            .WithUpdatedAnalyzerConfigOptions(BuildProperties.Checked(true))
            .RunGenerators(first.Input, TestContext.Current.CancellationToken);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[TrackingNames.Kernels].SelectMany(s => s.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.Contains(result.TrackedSteps[TrackingNames.Modules].SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("gpudsl_check(", result.GeneratedSources.Single(s => s.HintName == "Kernels.Kernels.g.cs").SourceText.ToString());

        GeneratorRunResult again = driver.RunGenerators(first.Input, TestContext.Current.CancellationToken).GetRunResult().Results.Single();
        Assert.All(again.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }
}
