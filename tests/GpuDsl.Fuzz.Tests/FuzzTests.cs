namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// Random kernels run as plain C#, on the CPU backend and on CUDA, compared bit for bit (issue 14). The CI runs use
/// fixed seeds and leave out the constructs the generator does not support yet (<see cref="KnownGaps"/>), so that
/// any GPU diagnostic, C# error or difference is a regression; <see cref="Kernels_from_the_environment_match_plain_CSharp"/>
/// runs every construct from any seed, for the GPU machine and for reproducing one kernel.
/// </summary>
public sealed class FuzzTests(FuzzBackendFixture backends)
{
    /// <summary>
    /// Constructs the GpuDsl generator rejects today (each with a GPU diagnostic); remove one from here when the
    /// generator learns it, and the CI runs start checking it.
    /// </summary>
    internal static readonly string[] KnownGaps = [];

    internal static KernelProfile CiProfile => new(KnownGaps.ToHashSet());

    private const int CiSeed = 14;
    private const int CiKernels = 300;

    [Fact]
    public void Cpu_backend_computes_what_plain_CSharp_computes_on_300_random_kernels()
    {
        FuzzReport report = FuzzRun.Execute(new FuzzSettings(CiSeed, 0, CiKernels, 50, CheckedKernels: true, CiProfile), backends.CpuOnly);

        AssertClean(report, CiKernels);
    }

    [Fact]
    public void Cuda_computes_what_plain_CSharp_computes_on_the_same_300_random_kernels()
    {
        FuzzBackends cuda = backends.RequireCuda();

        FuzzReport report = FuzzRun.Execute(new FuzzSettings(CiSeed, 0, CiKernels, 50, CheckedKernels: true, CiProfile), cuda);

        AssertClean(report, CiKernels);
    }

    [Fact]
    public void Unchecked_kernels_on_the_CPU_backend_compute_what_plain_CSharp_computes()
    {
        FuzzReport report = FuzzRun.Execute(new FuzzSettings(CiSeed + 1, 0, 50, 50, CheckedKernels: false, CiProfile), backends.CpuOnly);

        AssertClean(report, 50);
    }

    [Fact]
    public void The_same_seed_and_index_write_the_same_kernel_and_inputs()
    {
        GeneratedKernel first = KernelWriter.Write(7, 42, KernelProfile.Everything), again = KernelWriter.Write(7, 42, KernelProfile.Everything);
        GeneratedKernel other = KernelWriter.Write(7, 43, KernelProfile.Everything);

        Assert.Equal(first.Source, again.Source);
        Assert.NotEqual(first.Source, other.Source);
        (Array a1, Array b1) = InputValues.For(first);
        (Array a2, Array b2) = InputValues.For(again);
        Assert.Equal(a1.Cast<object>(), a2.Cast<object>());
        Assert.Equal(b1.Cast<object>(), b2.Cast<object>());
    }

    [Fact]
    public void Shrinking_removes_the_statements_a_failure_does_not_need()
    {
        // Plain C# throws on the division by zero: a failure of the kind ReferenceThrew that needs only two lines.
        GeneratedKernel kernel = GeneratedKernel.HandWritten("FuzzTests, shrinking", 990_000, "int", "long", "int", """
            int v0 = x + 1;
            int v1 = v0 * 2;
            long v2 = y;
            int zero = 0;
            return x / zero + (int)v2;
            """);
        KernelResult failing = FuzzRun.Execute(kernel, backends.CpuOnly).Results.Single();
        Assert.Contains(failing.Failures, f => f.Kind == FailureKind.ReferenceThrew);

        KernelResult shrunk = Shrinker.Shrink(failing, backends.CpuOnly, checkedKernels: true);

        Assert.DoesNotContain("v0", shrunk.Kernel.Source);
        Assert.DoesNotContain("v1", shrunk.Kernel.Source);
        Assert.Contains("int zero = 0;", shrunk.Kernel.Source);
        Assert.Contains(shrunk.Failures, f => f.Kind == FailureKind.ReferenceThrew);
    }

    /// <summary>
    /// The environment's run (see <see cref="FuzzEnvironment"/>): skips without <c>GPUDSL_FUZZ_SEED</c>; prints the
    /// summary, writes it with the reproductions to <c>GPUDSL_FUZZ_OUT</c> or <c>OUT</c>, and fails when a kernel failed.
    /// </summary>
    [Fact]
    public void Kernels_from_the_environment_match_plain_CSharp()
    {
        Assert.SkipUnless(FuzzEnvironment.Seed is not null, "Set GPUDSL_FUZZ_SEED (and GPUDSL_FUZZ_COUNT...) to run random kernels from it.");
        FuzzSettings settings = FuzzEnvironment.Settings(FuzzEnvironment.Seed!.Value);

        FuzzReport report = FuzzRun.Execute(settings, backends.WithCudaIfPresent, line => Console.WriteLine($"fuzz: {line}"));

        report.ShrinkFailures(FuzzEnvironment.Shrink);
        string summary = report.Text(FuzzEnvironment.Reproductions);
        Console.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(report.CountLine());
        if (FuzzEnvironment.OutputDirectory is { } directory)
        {
            Console.WriteLine($"fuzz: report written to {report.WriteTo(directory, FuzzEnvironment.Reproductions)}");
        }

        Assert.True(!report.Failures.Any(), $"{report.Failures.Count()} of {settings.Count} kernels failed; see the summary above.");
    }

    private static void AssertClean(FuzzReport report, int kernels)
    {
        Assert.True(
            report.Results.Count == kernels && report.Count(KernelStatus.Compiled) == kernels && !report.Failures.Any(),
            report.Text(reproductions: 5));
    }
}
