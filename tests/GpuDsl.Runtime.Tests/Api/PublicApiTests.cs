using System.Runtime.CompilerServices;
using GpuDsl.Testing;

namespace GpuDsl.Runtime.Tests.Api;

/// <summary>
/// Guards the runtime's public API: every change to it shows up as a diff of <c>PublicAPI.verified.txt</c>, to be
/// accepted on purpose (<c>GPUDSL_ACCEPT_SNAPSHOTS=1</c>), never by accident.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_PublicAPI_verified_txt()
    {
        string api = PublicApiText.Of(typeof(GpuContext).Assembly);

        Snapshot.VerifyFile(api, Path.Combine(SourceDirectory(), "PublicAPI.verified.txt"));
    }

    [Fact]
    public void Public_api_text_spells_signatures_as_CSharp_does()
    {
        string api = PublicApiText.Of(typeof(GpuContext).Assembly);

        // One line of each shape the writer handles, so a change in the writer cannot quietly hollow the guard out.
        Assert.Contains("public sealed class GpuDsl.DeviceBuffer<T> : System.IDisposable where T : unmanaged\n", api, StringComparison.Ordinal);
        Assert.Contains("    public void CopyFrom(System.ReadOnlySpan<T> source)\n", api, StringComparison.Ordinal);
        Assert.Contains("    public static int AtomicAdd(ref int target, int value)\n", api, StringComparison.Ordinal);
        Assert.Contains("    public Dim3(int x, int y = 1, int z = 1)\n", api, StringComparison.Ordinal);
        Assert.Contains("    public static GpuDsl.Dim3 op_Implicit((int, int) xy)\n", api, StringComparison.Ordinal);
        Assert.Contains("    public string? FallbackReason { get; }\n", api, StringComparison.Ordinal);
        Assert.Contains("    public static GpuDsl.GpuContext Create(GpuDsl.GpuBackend backend = GpuDsl.GpuBackend.Auto, int deviceOrdinal = 0)\n", api, StringComparison.Ordinal);
        Assert.Contains("[EditorBrowsable(Never)] public interface GpuDsl.CompilerServices.ICpuKernel\n    void Execute()\n", api, StringComparison.Ordinal);
        Assert.DoesNotContain("CpuThread", api, StringComparison.Ordinal); // internal
    }

    private static string SourceDirectory([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
