namespace GpuDsl.Package.Tests;

/// <summary>
/// A user's first minutes with the package: a new console project that only has a PackageReference to GpuDsl,
/// restored from the local feed into an empty package cache, builds a [Kernel], runs it on the CPU backend, and
/// writes its CUDA to obj/ when asked.
/// </summary>
[Collection(nameof(PackageCollection))]
public sealed class PackageConsumerTests(PackedPackage package)
{
    [Fact]
    public void Console_project_referencing_the_package_runs_a_kernel_on_the_CPU_backend_and_emits_its_CUDA()
    {
        Assert.True(File.Exists(package.Nupkg)); // packs now, or skips when there is no dotnet
        using TemporaryDirectory directory = new("consumer");
        string project = Path.Combine(directory.Path, "Consumer");
        directory.Write("nuget.config", NuGetSources.ConfigWith(package.Feed));
        // Stop MSBuild's upward search for these files at the project's folder.
        directory.Write("Directory.Build.props", "<Project />");
        directory.Write("Directory.Build.targets", "<Project />");
        directory.Write("Directory.Packages.props", "<Project />");
        directory.Write("Consumer/Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GpuDsl" Version="{package.Version}" />
              </ItemGroup>
            </Project>
            """);
        directory.Write("Consumer/VectorKernels.cs", """
            using GpuDsl;

            namespace Consumer;

            public static partial class VectorKernels
            {
                [Kernel]
                public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    if (i < c.Length) c[i] = a[i] + b[i];
                }
            }
            """);
        directory.Write("Consumer/Program.cs", """
            using System.Globalization;
            using Consumer;
            using GpuDsl;

            const int n = 1000;
            float[] a = new float[n], b = new float[n];
            for (int i = 0; i < n; i++) (a[i], b[i]) = (i, 2 * i);

            using GpuContext gpu = GpuContext.Create();
            using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), dc = gpu.Allocate<float>(n);
            VectorKernels.Launch((n + 255) / 256, 256).Add(da, db, dc);
            float[] c = dc.ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"backend={gpu.Backend} c[1]={c[1]} c[999]={c[999]} sum={c.Sum()}"));
            """);
        string packages = Path.Combine(directory.Path, "packages");
        Dictionary<string, string> environment = new() { ["NUGET_PACKAGES"] = packages, ["GPUDSL_BACKEND"] = "cpu" };

        DotnetResult build = DotnetCli.Run(project, environment,
            "build", "-c", "Release", "--disable-build-servers", "-p:GpuDslEmitCuda=true").AssertSucceeded();
        DotnetResult run = DotnetCli.Run(project, environment, "run", "-c", "Release", "--no-build").AssertSucceeded();

        // 3i for each i: 1,498,500 in all, exact in float.
        Assert.True(run.Output.Contains("backend=Cpu c[1]=3 c[999]=2997 sum=1498500", StringComparison.Ordinal),
            $"The program did not print the expected sums. It printed:\n{run.Output}\nBuild output:\n{build.Output}");
        Assert.True(Directory.Exists(Path.Combine(packages, "gpudsl", package.Version)),
            $"GpuDsl {package.Version} was not restored into the test's own package folder {packages}. Build output:\n{build.Output}");
        string cuda = Path.Combine(project, "obj", "Release", "net10.0", "gpudsl", "Consumer.VectorKernels.cu");
        Assert.True(File.Exists(cuda), $"GpuDslEmitCuda=true wrote no {cuda}. Build output:\n{build.Output}");
        Assert.Contains("extern \"C\" __global__ void Consumer_VectorKernels_Add(", File.ReadAllText(cuda), StringComparison.Ordinal);
    }
}
