using System.Reflection;

namespace GpuDsl.Package.Tests;

/// <summary>Where this repository is, and the configuration these tests were built in (the runtime's is the same).</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    public static string Configuration { get; } = typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    public static string PathOf(string relative) => Path.Combine(Root, relative);
}
