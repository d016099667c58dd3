using System.Globalization;
using System.Text;
using Compare.Measurements;

namespace Compare.Reporting;

/// <summary>
/// A benchmark's measurements as CSV, one row per variant and size:
/// <c>benchmark,n,variant,label,device,median_ms,samples,status</c> (empty <c>median_ms</c> when it did not run), and
/// back, so that the charts can be drawn again from the file on another machine.
/// </summary>
public static class CsvFile
{
    private const string Header = "benchmark,n,variant,label,device,median_ms,samples,status";

    /// <summary>The CSV text of <paramref name="results"/>; CPU rows name <paramref name="machine"/> as the device.</summary>
    public static string Write(BenchmarkResults results, string machine)
    {
        StringBuilder text = new();
        text.Append(Header).Append('\n');
        foreach (int n in results.Sizes)
        {
            foreach (Variant v in results.Variants)
            {
                Measurement? m = results.Find(v.Id, n);
                string ms = m?.Milliseconds is double t ? t.ToString("G6", CultureInfo.InvariantCulture) : "";
                string[] cells = [results.Name, n.ToString(CultureInfo.InvariantCulture), v.Id, v.Legend,
                    v.IsCpuBaseline ? machine : results.Device, ms, (m?.Samples ?? 0).ToString(CultureInfo.InvariantCulture), m?.Status ?? ""];
                text.Append(string.Join(',', cells.Select(Quote))).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads a file written by <see cref="Write"/> back into results with the variants, sizes and measurements it holds
    /// (titles come from the benchmark name; descriptions and notes are not in the file).
    /// </summary>
    /// <exception cref="FormatException">The file is not such a CSV file.</exception>
    public static BenchmarkResults Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0] != Header)
        {
            throw new FormatException($"{path} is not a Compare CSV file (its first line should be '{Header}').");
        }

        List<Variant> variants = new();
        List<Measurement> measurements = new();
        string name = "", device = "";
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] c = Split(line);
            if (c.Length != 8)
            {
                throw new FormatException($"{path}: expected 8 fields, found {c.Length}: {line}");
            }

            name = c[0];
            if (variants.All(v => v.Id != c[2])) variants.Add(new Variant(c[2], c[3], c[3], ""));
            if (!c[2].StartsWith("cpu-", StringComparison.Ordinal)) device = c[4];
            double? ms = c[5].Length > 0 ? double.Parse(c[5], CultureInfo.InvariantCulture) : null;
            measurements.Add(new Measurement(c[2], int.Parse(c[1], CultureInfo.InvariantCulture), ms,
                int.Parse(c[6], CultureInfo.InvariantCulture), c[7]));
        }

        int[] sizes = [.. measurements.Select(m => m.Size).Distinct().Order()];
        (string title, string sizeName) = name == "matmul"
            ? (MatMulBenchmark.Title, MatMulBenchmark.SizeName)
            : (VectorAddBenchmark.Title, VectorAddBenchmark.SizeName);
        return new BenchmarkResults(name, title, sizeName, variants, sizes, measurements, device, []);
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string[] Split(string line)
    {
        List<string> cells = new();
        StringBuilder cell = new();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted && ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
