using System.Globalization;
using System.Text;
using Compare.Measurements;

namespace Compare.Reporting;

/// <summary>
/// The tables of a benchmark: time per run for each variant and size, and for matmul each kernel's share of cuBLAS's
/// speed; with the notes that say how each column was measured and why a cell is empty.
/// </summary>
public static class Tables
{
    /// <summary>Milliseconds with three significant digits (at least one decimal up to 100 ms), invariant culture.</summary>
    public static string FormatMilliseconds(double ms) => ms switch
    {
        >= 100 => ms.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => ms.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => ms.ToString("F2", CultureInfo.InvariantCulture),
        _ => ms.ToString("G3", CultureInfo.InvariantCulture),
    };

    /// <summary>The time table: a row per size, a column per variant, times in ms or a short reason.</summary>
    public static TextTable Times(BenchmarkResults results)
    {
        string[] header = [results.SizeName, .. results.Variants.Select(v => v.Column + " (ms)")];
        List<IReadOnlyList<string>> rows = new();
        foreach (int n in results.Sizes)
        {
            rows.Add([FormatSize(n), .. results.Variants.Select(v => Cell(results.Find(v.Id, n)))]);
        }

        return new TextTable(header, rows);
    }

    /// <summary>
    /// For matmul with a cuBLAS column: each GPU kernel's speed as a share of cuBLAS's (cuBLAS time / kernel time) per
    /// size, and cuBLAS's GFLOP/s; null when there is no cuBLAS column.
    /// </summary>
    public static TextTable? CublasShares(BenchmarkResults results)
    {
        Variant? cublas = results.Variants.FirstOrDefault(v => v.Id == MatMulBenchmark.Cublas.Id);
        if (cublas is null)
        {
            return null;
        }

        Variant[] kernels = results.Variants.Where(v => v.Id is "gpu-naive" or "gpu-tiled" or "gpu-blocked" or "gpu-vectorized").ToArray();
        string[] header = [results.SizeName, .. kernels.Select(k => $"{k.Column} / cuBLAS"), "cuBLAS GFLOP/s"];
        List<IReadOnlyList<string>> rows = new();
        foreach (int n in results.Sizes)
        {
            double? reference = results.Find(cublas.Id, n)?.Milliseconds;
            string gflops = reference is double r ? (2.0 * n * n * n / (r * 1e6)).ToString("N0", CultureInfo.InvariantCulture) : "-";
            rows.Add([FormatSize(n), .. kernels.Select(k => Share(reference, results.Find(k.Id, n))), gflops]);
        }

        return new TextTable(header, rows);
    }

    /// <summary>
    /// The notes under the tables: how each column was measured, then why cells are empty: for each variant and reason,
    /// the sizes it applies to (a budget skip, whose predicted time differs by size, is given at its first size). Cells
    /// that need a GPU are left to the benchmark's own note about the CPU backend.
    /// </summary>
    public static IReadOnlyList<string> Notes(BenchmarkResults results)
    {
        List<string> notes = [.. results.Notes];
        string sizeSymbol = results.SizeName.Split(' ')[0];
        foreach (Variant variant in results.Variants)
        {
            IEnumerable<IGrouping<string, Measurement>> reasons = results.Measurements
                .Where(m => m.VariantId == variant.Id && m.Milliseconds is null && !m.Status.StartsWith("needs a GPU", StringComparison.Ordinal))
                .GroupBy(m => m.Status.StartsWith("skipped", StringComparison.Ordinal) ? "skipped" : m.Status);
            foreach (IGrouping<string, Measurement> reason in reasons)
            {
                Measurement first = reason.First();
                notes.Add(reason.Key == "skipped"
                    ? $"{variant.Column} skipped from {sizeSymbol} = {FormatSize(first.Size)}: {first.Status["skipped: ".Length..]}."
                    : $"{variant.Column} at {sizeSymbol} = {string.Join(", ", reason.Select(m => FormatSize(m.Size)))}: {reason.Key}.");
            }
        }

        if (!results.AllCorrect)
        {
            notes.Add("WRONG marks a result that disagreed with the reference: its time means nothing.");
        }

        return notes;
    }

    /// <summary>The whole report of one benchmark as Markdown: heading, where it ran, the tables and the notes.</summary>
    /// <param name="results">The benchmark's results.</param>
    /// <param name="machine">The CPU the baselines ran on.</param>
    /// <param name="measured">When the measurements were taken.</param>
    public static string Markdown(BenchmarkResults results, string machine, DateTimeOffset measured)
    {
        StringBuilder text = new();
        text.AppendLine($"# {results.Title}").AppendLine();
        text.AppendLine($"GPU columns: {results.Device}. CPU columns: {machine}. Measured {measured:yyyy-MM-dd HH:mm} UTC. " +
            "Time per run in milliseconds; lower is better.");
        text.AppendLine().Append(Times(results).ToMarkdown());
        if (CublasShares(results) is TextTable shares)
        {
            text.AppendLine().AppendLine("Each kernel's speed as a share of cuBLAS's (cuBLAS time / kernel time):").AppendLine();
            text.Append(shares.ToMarkdown());
        }

        text.AppendLine();
        foreach (string note in Notes(results))
        {
            text.AppendLine($"- {note}");
        }

        return text.ToString();
    }

    /// <summary>The same report as plain text for the console.</summary>
    public static string Console(BenchmarkResults results)
    {
        StringBuilder text = new();
        text.AppendLine($"== {results.Title}; GPU columns: {results.Device}; time per run in ms");
        text.Append(Times(results).ToConsole());
        if (CublasShares(results) is TextTable shares)
        {
            text.AppendLine().AppendLine("Share of cuBLAS's speed (cuBLAS time / kernel time):").Append(shares.ToConsole());
        }

        foreach (string note in Notes(results))
        {
            text.AppendLine($"* {note}");
        }

        return text.ToString();
    }

    /// <summary>A size with thousands separators.</summary>
    public static string FormatSize(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Cell(Measurement? m) => m switch
    {
        null => "-",
        { Milliseconds: double ms, Status: Measurement.Wrong } => $"WRONG {FormatMilliseconds(ms)}",
        { Milliseconds: double ms } => FormatMilliseconds(ms),
        { Status: var s } when s.StartsWith("skipped", StringComparison.Ordinal) => "skipped",
        { Status: var s } when s.StartsWith("needs a GPU", StringComparison.Ordinal) => "needs GPU",
        _ => "n/a",
    };

    private static string Share(double? reference, Measurement? kernel) =>
        reference is double r && kernel is { Milliseconds: double ms, Status: Measurement.Ok }
            ? r / ms < 0.01 ? "<1%" : (100 * r / ms).ToString("F0", CultureInfo.InvariantCulture) + "%"
            : "-";
}
