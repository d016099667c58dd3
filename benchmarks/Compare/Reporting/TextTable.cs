using System.Text;

namespace Compare.Reporting;

/// <summary>A table of strings written two ways: aligned plain text for the console, and Markdown.</summary>
/// <param name="header">The column headings.</param>
/// <param name="rows">The cells, row by row; every row as wide as the header.</param>
/// <remarks>The first column is left-aligned (it names the row); the others are numbers and are right-aligned.</remarks>
public sealed class TextTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
{
    /// <summary>Columns padded to their widest cell, two spaces apart, and a rule under the header.</summary>
    public string ToConsole()
    {
        int[] widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        StringBuilder text = new();
        Line(header);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (IReadOnlyList<string> row in rows)
        {
            Line(row);
        }

        return text.ToString();

        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
    }

    /// <summary>A GitHub Markdown table with the number columns right-aligned.</summary>
    public string ToMarkdown()
    {
        StringBuilder text = new();
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("| " + string.Join(" | ", header.Select((_, c) => c == 0 ? "---" : "---:")) + " |");
        foreach (IReadOnlyList<string> row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        return text.ToString();
    }
}
