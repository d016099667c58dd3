namespace GpuDsl.Package.Tests;

/// <summary>
/// A small library with kernels, in a temporary folder but built the way this repository builds its own projects:
/// its Directory.Build.targets imports the repository's build/GpuDsl.targets, and it references the runtime and the
/// generator built beside these tests (the generator as an analyzer, as samples/Directory.Build.props does).
/// </summary>
internal sealed class KernelProject : IDisposable
{
    private readonly TemporaryDirectory _directory = new("targets");

    public KernelProject(string properties)
    {
        string runtime = typeof(GpuContext).Assembly.Location;
        string generator = System.IO.Path.Combine(AppContext.BaseDirectory, "GpuDsl.Generator.dll");
        _directory.Write("Directory.Build.props", "<Project />");
        _directory.Write("Directory.Build.targets", $"""<Project><Import Project="{Repository.PathOf("build/GpuDsl.targets")}" /></Project>""");
        _directory.Write("Directory.Packages.props", "<Project />");
        _directory.Write("Probe.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{runtime}" />
                <Analyzer Include="{generator}" />
              </ItemGroup>
            </Project>
            """);
    }

    public string Path => _directory.Path;

    /// <summary>The intermediate folder of a Release build: <c>obj/Release/net10.0/</c>.</summary>
    public string Obj => System.IO.Path.Combine(Path, "obj", "Release", "net10.0");

    /// <summary>Writes a C# file of the project.</summary>
    public void Write(string file, string source) => _directory.Write(file, source);

    public void Delete(string file) => File.Delete(System.IO.Path.Combine(Path, file));

    public DotnetResult Build() =>
        DotnetCli.Run(Path, null, "build", "-c", "Release", "--disable-build-servers").AssertSucceeded();

    /// <summary>A partial class <c>Probe.{name}</c> with one kernel, <c>Scale</c>.</summary>
    public static string KernelClass(string name) => $$"""
        using GpuDsl;

        namespace Probe;

        public static partial class {{name}}
        {
            [Kernel]
            public static void Scale(Span<float> x, float factor)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i < x.Length) x[i] *= factor;
            }
        }
        """;

    public void Dispose() => _directory.Dispose();
}
