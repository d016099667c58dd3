namespace GpuDsl.Package.Tests;

/// <summary>The tests that use the packed package share one packing, and run one at a time.</summary>
[CollectionDefinition(nameof(PackageCollection))]
public sealed class PackageCollection : ICollectionFixture<PackedPackage>;

/// <summary>
/// The GpuDsl package, packed once per test run into a temporary folder that serves as a local feed. Its version,
/// <c>0.0.0-test.*</c>, is new on every run, so no package cache can hold a stale copy of it. Packing uses the runtime
/// this test project was built against (<c>--no-build</c>), so the repository's build outputs are left as they were.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    private readonly TemporaryDirectory _feed = new("feed");
    private readonly Lazy<string> _nupkg;

    public PackedPackage() => _nupkg = new Lazy<string>(Pack);

    public string Version { get; } = "0.0.0-test." + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The folder holding the .nupkg, to use as a package source.</summary>
    public string Feed => _feed.Path;

    /// <summary>The .nupkg file; packs on first use (and skips when there is no dotnet).</summary>
    public string Nupkg => _nupkg.Value;

    public void Dispose() => _feed.Dispose();

    private string Pack()
    {
        DotnetCli.Run(Repository.Root, null,
            "pack", Repository.PathOf("runtime/GpuDsl.Runtime/GpuDsl.Runtime.csproj"), "-c", Repository.Configuration,
            "--no-build", "-o", Feed, $"-p:Version={Version}").AssertSucceeded();
        string nupkg = Path.Combine(Feed, $"GpuDsl.{Version}.nupkg");
        Assert.True(File.Exists(nupkg), $"dotnet pack wrote no {nupkg}; the folder holds: {string.Join(", ", Directory.GetFiles(Feed))}");
        return nupkg;
    }
}
