using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GpuDsl.Package.Tests;

/// <summary>
/// A nuget.config for a project outside the repository: the local feed under test first, then every enabled source
/// that restore in the repository uses (the machine's mirror, if it has one), so the project restores exactly as the
/// repository does plus the package. Names are kept, so credentials stored for them still apply.
/// </summary>
internal static partial class NuGetSources
{
    public static string ConfigWith(string localFeed)
    {
        DotnetResult list = DotnetCli.Run(Repository.Root, new Dictionary<string, string> { ["DOTNET_CLI_UI_LANGUAGE"] = "en" },
            "nuget", "list", "source").AssertSucceeded();
        XElement sources = new("packageSources", new XElement("clear"), Add("gpudsl-under-test", localFeed));
        foreach ((string name, string url) in Enabled(list.Output))
        {
            sources.Add(Add(name, url));
        }

        // A source mapping from the user's config would leave the local feed unmapped; this project needs none.
        XElement mapping = new("packageSourceMapping", new XElement("clear"));
        return new XDocument(new XElement("configuration", sources, mapping)).ToString();
    }

    /// <summary>The enabled sources of <c>dotnet nuget list source</c>: "  1.  name [Enabled]" then the URL line.</summary>
    internal static IEnumerable<(string Name, string Url)> Enabled(string listing)
    {
        string[] lines = listing.Split('\n', StringSplitOptions.TrimEntries);
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (SourceLine().Match(lines[i]) is { Success: true } match && match.Groups["state"].Value == "Enabled")
            {
                yield return (match.Groups["name"].Value, lines[i + 1]);
            }
        }
    }

    private static XElement Add(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));

    [GeneratedRegex(@"^\d+\.\s+(?<name>.+?)\s+\[(?<state>Enabled|Disabled)\]$")]
    private static partial Regex SourceLine();
}
