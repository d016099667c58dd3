using System.Reflection;
using GpuDsl.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// The README's links and its Diagnostics table, where users look an id up (and where each diagnostic's help link
/// lands): every descriptor has its row and its anchor, and every <c>(#anchor)</c> link reaches a heading.
/// </summary>
public sealed class DocumentationTests
{
    private static readonly DiagnosticDescriptor[] s_descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Every_diagnostic_id_has_a_row_in_the_README_diagnostics_table()
    {
        string[] ids = [.. s_descriptors.Select(d => d.Id)];
        string[] rows = [.. MarkdownDocument.Readme.TableRows(DiagnosticExampleTests.IdCell).Select(r => DiagnosticExampleTests.IdOf(r.Cells[0]))];

        // Ids are numbered without gaps and never reused, so the list is GPU0001 up to the newest.
        Assert.Equal(Enumerable.Range(1, ids.Length).Select(n => $"GPU{n:D4}"), ids);
        Assert.Equal(ids, rows);
    }

    [Fact]
    public void Every_diagnostic_help_link_points_to_an_anchor_of_the_README()
    {
        IReadOnlySet<string> anchors = MarkdownDocument.Readme.Anchors();
        foreach (DiagnosticDescriptor descriptor in s_descriptors)
        {
            string link = descriptor.HelpLinkUri;
            int hash = link.IndexOf('#', StringComparison.Ordinal);
            Assert.True(hash > 0, $"{descriptor.Id}'s help link {link} has no anchor");
            Assert.True(anchors.Contains(link[(hash + 1)..]), $"{descriptor.Id}'s help link {link} names no anchor of README.md");
            Assert.StartsWith(MarkdownDocument.RepositoryUrl + "#", link, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_help_link_anchor_sits_on_its_own_row_of_the_diagnostics_table()
    {
        foreach ((string[] cells, int line) in MarkdownDocument.Readme.TableRows(DiagnosticExampleTests.IdCell))
        {
            string id = DiagnosticExampleTests.IdOf(cells[0]);
            Assert.True(cells[0] == $"<a id=\"diagnostics-{id.ToLowerInvariant()}\"></a>{id}",
                $"README.md line {line}: the id cell should be <a id=\"diagnostics-{id.ToLowerInvariant()}\"></a>{id}, the anchor its help link names");
        }
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("runtime/GpuDsl.Runtime/PACKAGE.md")]
    public void Every_internal_link_reaches_a_heading_or_an_anchor(string path)
    {
        MarkdownDocument document = MarkdownDocument.Load(path);
        IReadOnlySet<string> anchors = document.Anchors();

        string[] broken = [.. document.InternalLinks()
            .Where(link => !anchors.Contains(link.Anchor))
            .Select(link => $"{path} line {link.Line}: #{link.Anchor}")];

        Assert.True(broken.Length == 0, "Links to no heading: " + string.Join("; ", broken));
    }

    [Theory]
    [InlineData("Inspecting the generated code", "inspecting-the-generated-code")]
    [InlineData("When things go wrong", "when-things-go-wrong")]
    [InlineData("Launch configuration", "launch-configuration")]
    [InlineData("2D data", "2d-data")]
    [InlineData("Using GpuDsl in your project", "using-gpudsl-in-your-project")]
    [InlineData("See the `.cu` files (and `CudaSource`)", "see-the-cu-files-and-cudasource")]
    [InlineData("Memory: limits & [links](#x)", "memory-limits--links")]
    public void Heading_anchors_follow_GitHubs_rules(string heading, string anchor) =>
        Assert.Equal(anchor, MarkdownDocument.Slug(heading));

    [Fact]
    public void A_link_to_a_missing_heading_is_found()
    {
        string[] lines = ["# Title", "See [there](#nowhere) and [here](#title).", "```", "[not a link](#in-code)", "```"];
        MarkdownDocument document = MarkdownDocument.FromText("test.md", string.Join('\n', lines));

        Assert.Equal([("nowhere", 2), ("title", 2)], document.InternalLinks());
        Assert.Equal(["title"], document.Anchors());
    }
}
