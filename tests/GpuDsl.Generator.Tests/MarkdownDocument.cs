using System.Text;
using System.Text.RegularExpressions;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// What the documentation tests read from a Markdown file: fenced code blocks (with the HTML comment on the line before
/// each, if any), the anchors a link may point to, and the <c>(#anchor)</c> links themselves.
/// </summary>
internal sealed partial class MarkdownDocument
{
    private MarkdownDocument(string path, string text)
    {
        Path = path;
        Text = text.ReplaceLineEndings("\n");
        Lines = Text.Split('\n');
    }

    public string Path { get; }

    public string Text { get; }

    public string[] Lines { get; }

    public static MarkdownDocument Readme { get; } = Load("README.md");

    public static MarkdownDocument PackageReadme { get; } = Load("runtime/GpuDsl.Runtime/PACKAGE.md");

    /// <summary>Where the help links of the diagnostics point: the repository's page, which shows README.md.</summary>
    public const string RepositoryUrl = "https://github.com/gpudsl/gpudsl";

    public static MarkdownDocument FromText(string path, string text) => new(path, text);

    public static MarkdownDocument Load(string relativePath) =>
        new(relativePath, File.ReadAllText(System.IO.Path.Combine(RobustnessTests.RepositoryRoot(), relativePath)));

    /// <summary>A fenced block: its language, its text, the line its fence opens on (1-based), and the marker before it.</summary>
    public sealed record CodeBlock(string Language, string Code, int Line, string? Marker)
    {
        public override string ToString() => $"line {Line}";
    }

    /// <summary>Every fenced code block, in order. <see cref="CodeBlock.Marker"/> is the HTML comment on the line before the fence.</summary>
    public IReadOnlyList<CodeBlock> CodeBlocks()
    {
        List<CodeBlock> blocks = [];
        for (int i = 0; i < Lines.Length; i++)
        {
            if (!Lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            string language = Lines[i][3..].Trim();
            int open = i;
            StringBuilder code = new();
            for (i++; i < Lines.Length && !Lines[i].StartsWith("```", StringComparison.Ordinal); i++)
            {
                code.Append(Lines[i]).Append('\n');
            }

            Match marker = open > 0 ? MarkerPattern().Match(Lines[open - 1]) : Match.Empty;
            blocks.Add(new CodeBlock(language, code.ToString(), open + 1, marker.Success ? marker.Groups[1].Value : null));
        }

        return blocks;
    }

    /// <summary>
    /// The anchors a link can reach, as GitHub makes them: each heading's text lowercased, with everything but letters,
    /// digits, spaces, hyphens and underscores removed and spaces turned into hyphens (a repeated one gets <c>-1</c>,
    /// <c>-2</c>...), plus every <c>&lt;a id="..."&gt;</c> or <c>name="..."</c>. Headings inside code blocks do not count.
    /// </summary>
    public IReadOnlySet<string> Anchors()
    {
        HashSet<string> anchors = new(StringComparer.Ordinal);
        Dictionary<string, int> seen = new(StringComparer.Ordinal);
        bool inCode = false;
        foreach (string line in Lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                continue;
            }

            Match heading = HeadingPattern().Match(line);
            if (heading.Success)
            {
                string slug = Slug(heading.Groups[1].Value);
                int count = seen.GetValueOrDefault(slug);
                seen[slug] = count + 1;
                anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            }

            foreach (Match html in HtmlAnchorPattern().Matches(line))
            {
                anchors.Add(html.Groups[1].Value);
            }
        }

        return anchors;
    }

    /// <summary>Every <c>](#anchor)</c> link outside code blocks, with its 1-based line.</summary>
    public IEnumerable<(string Anchor, int Line)> InternalLinks()
    {
        bool inCode = false;
        for (int i = 0; i < Lines.Length; i++)
        {
            if (Lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }
            else if (!inCode)
            {
                foreach (Match link in InternalLinkPattern().Matches(Lines[i]))
                {
                    yield return (link.Groups[1].Value, i + 1);
                }
            }
        }
    }

    /// <summary>GitHub's heading slug: inline markup gone, lowercase, punctuation dropped, spaces to hyphens.</summary>
    public static string Slug(string heading)
    {
        string text = LinkTextPattern().Replace(heading, "$1").Replace("`", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
        StringBuilder slug = new();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    /// <summary>The rows of the Markdown table whose first cell matches <paramref name="firstCell"/>, split into trimmed cells.</summary>
    public IEnumerable<(string[] Cells, int Line)> TableRows(Regex firstCell)
    {
        for (int i = 0; i < Lines.Length; i++)
        {
            if (!Lines[i].StartsWith('|'))
            {
                continue;
            }

            // A cell may hold an escaped pipe (`e = e \| f`), which does not end it.
            string[] cells = [.. CellSeparatorPattern().Split(Lines[i].Trim().Trim('|')).Select(c => c.Trim().Replace("\\|", "|", StringComparison.Ordinal))];
            if (firstCell.IsMatch(cells[0]))
            {
                yield return (cells, i + 1);
            }
        }
    }

    [GeneratedRegex(@"^<!--\s*(.+?)\s*-->\s*$")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex("""<a\s+(?:id|name)="([^"]+)"\s*>""")]
    private static partial Regex HtmlAnchorPattern();

    [GeneratedRegex(@"\]\(#([^)\s]+)\)")]
    private static partial Regex InternalLinkPattern();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkTextPattern();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparatorPattern();
}
