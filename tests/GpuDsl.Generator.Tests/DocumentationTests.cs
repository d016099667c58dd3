using System.Reflection;
using GpuDsl.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>The README's Diagnostics table is where users look an id up: every descriptor has its row.</summary>
public sealed class DocumentationTests
{
    [Fact]
    public void Every_diagnostic_id_has_a_row_in_the_README_diagnostics_table()
    {
        string readme = File.ReadAllText(Path.Combine(RobustnessTests.RepositoryRoot(), "README.md"));
        string[] ids = typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToArray();

        // Ids are numbered without gaps and never reused, so the list is GPU0001 up to the newest.
        Assert.Equal(Enumerable.Range(1, ids.Length).Select(n => $"GPU{n:D4}"), ids);
        Assert.DoesNotContain(ids, id => !readme.Contains($"\n| {id} |", StringComparison.Ordinal));
    }
}
