namespace GpuDsl.Package.Tests;

/// <summary>
/// The README's way to use a package built from this repository, which no public feed has: pack it into a folder, name
/// that folder in the project's own nuget.config (<c>dotnet new nugetconfig</c>, then <c>dotnet nuget add source</c>),
/// add the package, and restore again later, from an empty package cache and without <c>--source</c>, as a fresh clone
/// or a CI machine would. And why the README says so: a folder given only to <c>dotnet add package --source</c> is not
/// remembered, and the next restore fails with NU1101.
/// </summary>
[Collection(nameof(PackageCollection))]
public sealed class LocalFeedTests(PackedPackage package)
{
    [Fact]
    public void A_project_whose_nuget_config_names_the_local_folder_restores_again_without_source_and_runs_the_README_program()
    {
        Assert.True(File.Exists(package.Nupkg)); // packs now, or skips when there is no dotnet
        using TemporaryDirectory directory = new("local-feed");
        string app = CreateApp(directory);
        DotnetCli.Run(app, null, "new", "nugetconfig").AssertSucceeded();
        DotnetCli.Run(app, null, "nuget", "add", "source", package.Feed, "-n", "gpudsl", "--configfile", "nuget.config").AssertSucceeded();
        UseThisMachinesFeeds(app);

        DotnetResult add = DotnetCli.Run(app, Cache(directory, "first"), "add", "package", "GpuDsl", "--version", package.Version).AssertSucceeded();

        // Later, elsewhere: nothing restored, nothing cached, no --source.
        Directory.Delete(Path.Combine(app, "obj"), recursive: true);
        Dictionary<string, string> later = Cache(directory, "later");
        DotnetResult restore = DotnetCli.Run(app, later, "restore").AssertSucceeded();
        DotnetCli.Run(app, later, "build", "-c", "Release", "--no-restore", "--disable-build-servers").AssertSucceeded();
        DotnetResult run = DotnetCli.Run(app, later, "run", "-c", "Release", "--no-build").AssertSucceeded();

        Assert.Contains($"<PackageReference Include=\"GpuDsl\" Version=\"{package.Version}\" />", File.ReadAllText(Path.Combine(app, "App.csproj")), StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(later["NUGET_PACKAGES"], "gpudsl", package.Version)),
            $"The second restore did not take GpuDsl {package.Version} from the local folder. Its output:\n{restore.Output}\nThe add:\n{add.Output}");
        Assert.True(run.Output.Contains("11, 22, 33, 44", StringComparison.Ordinal), $"The README's program printed:\n{run.Output}");
    }

    [Fact]
    public void A_folder_given_only_to_add_package_source_is_forgotten_and_the_next_restore_fails_with_NU1101()
    {
        Assert.True(File.Exists(package.Nupkg));
        using TemporaryDirectory directory = new("source-forgotten");
        string app = CreateApp(directory);
        DotnetCli.Run(app, null, "new", "nugetconfig").AssertSucceeded();
        UseThisMachinesFeeds(app);

        DotnetCli.Run(app, Cache(directory, "first"), "add", "package", "GpuDsl", "--version", package.Version, "--source", package.Feed).AssertSucceeded();
        Directory.Delete(Path.Combine(app, "obj"), recursive: true);
        DotnetResult restore = DotnetCli.Run(app, Cache(directory, "later"), "restore");

        Assert.NotEqual(0, restore.ExitCode);
        Assert.Contains("NU1101", restore.Output, StringComparison.Ordinal);
    }

    /// <summary>A console project as <c>dotnet new console</c> makes it, whose Program.cs is the README's first program.</summary>
    private static string CreateApp(TemporaryDirectory directory)
    {
        // Stop MSBuild's upward search for these files at the project's folder.
        directory.Write("Directory.Build.props", "<Project />");
        directory.Write("Directory.Build.targets", "<Project />");
        directory.Write("Directory.Packages.props", "<Project />");
        directory.Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        directory.Write("App/Program.cs", ReadmeFirstProgram());
        return Path.Combine(directory.Path, "App");
    }

    /// <summary>The README's first <c>csharp</c> block (GpuDsl.Generator.Tests check that it is marked a program).</summary>
    private static string ReadmeFirstProgram()
    {
        string[] lines = File.ReadAllLines(Repository.PathOf("README.md"));
        int open = Array.IndexOf(lines, "```csharp");
        int close = Array.IndexOf(lines, "```", open + 1);
        return string.Join('\n', lines[(open + 1)..close]) + "\n";
    }

    /// <summary>
    /// The template's nuget.org entry replaced by the sources restore in this repository uses (the same, or the
    /// machine's mirror where it has one), through the CLI a user would use.
    /// </summary>
    private static void UseThisMachinesFeeds(string app)
    {
        DotnetResult list = DotnetCli.Run(Repository.Root, new Dictionary<string, string> { ["DOTNET_CLI_UI_LANGUAGE"] = "en" },
            "nuget", "list", "source").AssertSucceeded();
        DotnetCli.Run(app, null, "nuget", "remove", "source", "nuget", "--configfile", "nuget.config").AssertSucceeded();
        foreach ((string name, string url) in NuGetSources.Enabled(list.Output))
        {
            DotnetCli.Run(app, null, "nuget", "add", "source", url, "-n", name, "--configfile", "nuget.config").AssertSucceeded();
        }
    }

    /// <summary>A package cache of this test's own, so a restore proves where the package came from.</summary>
    private static Dictionary<string, string> Cache(TemporaryDirectory directory, string name) =>
        new() { ["NUGET_PACKAGES"] = Path.Combine(directory.Path, "packages-" + name), ["GPUDSL_BACKEND"] = "cpu" };
}
