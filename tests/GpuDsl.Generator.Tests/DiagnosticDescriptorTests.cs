using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using GpuDsl.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// Each descriptor says the same thing in every place a reader meets it: its doc comment quotes its message exactly
/// and explains every placeholder, and the analyzer release files list it with its category and severity.
/// </summary>
public sealed partial class DiagnosticDescriptorTests
{
    private const string DescriptorsPath = "generator/GpuDsl.Generator/Diagnostics/DiagnosticDescriptors.cs";

    private static readonly DiagnosticDescriptor[] s_descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Every_descriptor_doc_comment_quotes_its_message_and_severity_and_explains_each_placeholder()
    {
        Dictionary<string, Match> comments = DocComment().Matches(Read(DescriptorsPath)).ToDictionary(m => m.Groups["id"].Value);
        foreach (DiagnosticDescriptor descriptor in s_descriptors)
        {
            Assert.True(comments.TryGetValue(descriptor.Id, out Match? comment), $"{descriptor.Id} has no doc comment of the form <summary>ID, an error: \"message\"; placeholders.</summary>");
            Assert.Equal(descriptor.MessageFormat.ToString(), WebUtility.HtmlDecode(comment.Groups["message"].Value));
            Assert.Equal(descriptor.DefaultSeverity == DiagnosticSeverity.Error ? "an error" : "a warning", comment.Groups["severity"].Value);
            string explained = comment.Groups["placeholders"].Value;
            foreach (Match placeholder in Placeholder().Matches(descriptor.MessageFormat.ToString()))
            {
                Assert.True(explained.Contains(placeholder.Value, StringComparison.Ordinal), $"{descriptor.Id}'s doc comment does not say what {placeholder.Value} is");
            }

            Assert.DoesNotMatch(Placeholder(), descriptor.Title.ToString());
        }
    }

    [Fact]
    public void Every_id_is_in_the_analyzer_release_files_with_its_category_and_severity()
    {
        string[] listed = [.. new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(file => Read($"generator/GpuDsl.Generator/Diagnostics/{file}").Split('\n'))
            .Where(line => line.StartsWith("GPU", StringComparison.Ordinal))
            .Select(line => string.Join(" | ", line.Split('|').Take(3).Select(cell => cell.Trim())))];

        Assert.Equal(s_descriptors.Select(d => $"{d.Id} | {d.Category} | {d.DefaultSeverity}"), listed);
    }

    private static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(RobustnessTests.RepositoryRoot(), relativePath)).Replace("\r\n", "\n", StringComparison.Ordinal);

    [GeneratedRegex("/// <summary>(?<id>GPU\\d{4}), (?<severity>an error|a warning): \"(?<message>.*)\"; (?<placeholders>.*)</summary>")]
    private static partial Regex DocComment();

    [GeneratedRegex("(?<!\\{)\\{\\d\\}(?!\\})")]
    private static partial Regex Placeholder();
}
