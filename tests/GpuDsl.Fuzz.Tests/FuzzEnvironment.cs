using System.Globalization;

namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// A run chosen by environment variables, for the GPU machine (which has the .NET runtime but no SDK) and for
/// reproducing one kernel:
/// <list type="bullet">
/// <item><c>GPUDSL_FUZZ_SEED</c>: the seed (no seed, no run).</item>
/// <item><c>GPUDSL_FUZZ_COUNT</c> (default 1000), <c>GPUDSL_FUZZ_FIRST</c> (default 0): which kernels.</item>
/// <item><c>GPUDSL_FUZZ_BATCH</c> (default 50): kernels per Roslyn compilation.</item>
/// <item><c>GPUDSL_FUZZ_CHECKED</c> (default 1): build the kernels in checked mode (the CPU backend then runs the
/// generator's checked copies rather than the methods themselves).</item>
/// <item><c>GPUDSL_FUZZ_PROFILE</c>: <c>all</c> (default) writes every construct; <c>ci</c> leaves out the
/// <see cref="FuzzTests.KnownGaps"/>.</item>
/// <item><c>GPUDSL_FUZZ_REPRODUCTIONS</c> (default 20): how many failures to print in full.</item>
/// <item><c>GPUDSL_FUZZ_SHRINK</c> (default 5): how many failures to shrink (statements removed while it still fails).</item>
/// <item><c>GPUDSL_FUZZ_OUT</c>, else <c>OUT</c>: the directory for the report file.</item>
/// <item><c>GPUDSL_FUZZ_FMAD</c>=1: build the kernels with <c>GpuDslContractFloatingPoint=true</c> (a * b + c fused on CUDA).</item>
/// </list>
/// </summary>
internal static class FuzzEnvironment
{
    public static int? Seed => Int("GPUDSL_FUZZ_SEED");

    public static int Reproductions => Int("GPUDSL_FUZZ_REPRODUCTIONS") ?? 20;

    public static int Shrink => Int("GPUDSL_FUZZ_SHRINK") ?? 5;

    public static string? OutputDirectory =>
        Environment.GetEnvironmentVariable("GPUDSL_FUZZ_OUT") is { Length: > 0 } dir ? dir
        : Environment.GetEnvironmentVariable("OUT") is { Length: > 0 } output ? output : null;

    public static bool KeepContraction => Environment.GetEnvironmentVariable("GPUDSL_FUZZ_FMAD") == "1";

    public static FuzzSettings Settings(int seed) => new(
        seed,
        Int("GPUDSL_FUZZ_FIRST") ?? 0,
        Int("GPUDSL_FUZZ_COUNT") ?? 1000,
        Int("GPUDSL_FUZZ_BATCH") ?? 50,
        Environment.GetEnvironmentVariable("GPUDSL_FUZZ_CHECKED") != "0",
        Environment.GetEnvironmentVariable("GPUDSL_FUZZ_PROFILE") == "ci" ? FuzzTests.CiProfile : KernelProfile.Everything);

    private static int? Int(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
}
