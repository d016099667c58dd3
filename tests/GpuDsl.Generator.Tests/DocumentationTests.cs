using System.Reflection;
using GpuDsl.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>The README's Diagnostics table is where users look an id up: every descriptor has its row.</summary>
public sealed class DocumentationTests
{
    /// <summary>Ids another branch adds (GPU0031 and GPU0032); remove this once it is merged.</summary>
    private static readonly string[] s_takenElsewhere = ["GPU0031", "GPU0032"];

    [Fact]
    public void Every_diagnostic_id_has_a_row_in_the_README_diagnostics_table()
    {
        string readme = File.ReadAllText(Path.Combine(RobustnessTests.RepositoryRoot(), "README.md"));
        string[] ids = typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToArray();

        // Ids are numbered without gaps and never reused, so the list is GPU0001 up to the newest, but for ids taken by
        // work on another branch that has not been merged yet.
        int newest = int.Parse(ids[^1][3..], System.Globalization.CultureInfo.InvariantCulture);
        IEnumerable<string> numbered = Enumerable.Range(1, newest).Select(n => $"GPU{n:D4}");
        Assert.Equal(numbered.Where(id => ids.Contains(id) || !s_takenElsewhere.Contains(id)), ids);
        Assert.DoesNotContain(ids, id => !readme.Contains($"\n| {id} |", StringComparison.Ordinal));
    }
}
