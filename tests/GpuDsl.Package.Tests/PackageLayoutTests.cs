using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace GpuDsl.Package.Tests;

/// <summary>What <c>dotnet pack runtime/GpuDsl.Runtime</c> puts in the GpuDsl package, read from the .nupkg itself.</summary>
[Collection(nameof(PackageCollection))]
public sealed class PackageLayoutTests(PackedPackage package)
{
    [Fact]
    public void Package_holds_the_runtime_with_docs_the_generator_as_an_analyzer_the_targets_and_a_readme()
    {
        string[] entries = Entries();

        string[] expected =
        [
            "lib/net10.0/GpuDsl.Runtime.dll", "lib/net10.0/GpuDsl.Runtime.xml", "analyzers/dotnet/cs/GpuDsl.Generator.dll",
            "build/GpuDsl.targets", "build/GpuDsl.EmitCuda.targets", "buildTransitive/GpuDsl.targets",
            "buildTransitive/GpuDsl.EmitCuda.targets", "README.md",
        ];
        string[] missing = expected.Except(entries).ToArray();
        Assert.True(missing.Length == 0, $"Missing from the package: {string.Join(", ", missing)}\nIt holds:\n{string.Join("\n", entries)}");
        // The generator runs in the compiler only; as a lib/ assembly it would be loaded (and need Roslyn) at run time.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_depends_on_nothing_so_Roslyn_never_becomes_a_runtime_dependency()
    {
        XElement[] dependencies = Nuspec().Descendants().Where(e => e.Name.LocalName == "dependency").ToArray();

        Assert.True(dependencies.Length == 0, "Package dependencies: " + string.Join(", ", dependencies.Select(d => (string?)d.Attribute("id"))));
    }

    [Fact]
    public void Nuspec_has_the_id_version_license_readme_repository_description_and_tags()
    {
        XElement metadata = Nuspec().Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        XElement license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");

        Assert.Equal("GpuDsl", Value("id"));
        Assert.Equal(package.Version, Value("version"));
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", Value("readme"));
        Assert.StartsWith("https://github.com/", (string?)repository.Attribute("url"), StringComparison.Ordinal);
        Assert.Contains("[Kernel]", Value("description"), StringComparison.Ordinal);
        Assert.Contains("cuda", Value("tags").Split(' '));
    }

    [Theory]
    [InlineData("lib/net10.0/GpuDsl.Runtime.dll")]
    [InlineData("analyzers/dotnet/cs/GpuDsl.Generator.dll")]
    public void Assemblies_carry_their_symbols_embedded(string entry)
    {
        using ZipArchive zip = ZipFile.OpenRead(package.Nupkg);
        using MemoryStream image = new();
        using (Stream stream = zip.GetEntry(entry)!.Open())
        {
            stream.CopyTo(image);
        }

        image.Position = 0;
        using PEReader pe = new(image);

        Assert.Contains(pe.ReadDebugDirectory(), d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
    }

    private string[] Entries()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.Nupkg);
        return zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToArray();
    }

    private XDocument Nuspec()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.Nupkg);
        using Stream stream = zip.GetEntry("GpuDsl.nuspec")!.Open();
        return XDocument.Load(stream);
    }
}
