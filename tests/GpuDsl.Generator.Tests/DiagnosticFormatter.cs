using System.Text;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// Writes diagnostics the way the snapshots hold them: id, severity, message, <c>file: (l,c)-(l,c)</c>, then the source
/// line with <c>^^^</c> under the span.
/// </summary>
internal static class DiagnosticFormatter
{
    public static string Format(IEnumerable<Diagnostic> diagnostics)
    {
        StringBuilder text = new();
        foreach (Diagnostic d in diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            text.Append(d.Id).Append(' ').Append(d.Severity).Append(": ").Append(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            if (d.Location.IsInSource)
            {
                FileLinePositionSpan span = d.Location.GetLineSpan();
                text.Append($"  {Path.GetFileName(span.Path)}: ({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})-({span.EndLinePosition.Line + 1},{span.EndLinePosition.Character + 1})\n");
                string line = d.Location.SourceTree!.GetText().Lines[span.StartLinePosition.Line].ToString();
                int start = span.StartLinePosition.Character;
                int end = span.StartLinePosition.Line == span.EndLinePosition.Line ? span.EndLinePosition.Character : line.Length;
                text.Append("  | ").Append(line).Append('\n');
                text.Append("  | ").Append(' ', start).Append('^', Math.Max(1, end - start)).Append('\n');
            }
        }

        return text.ToString();
    }
}
