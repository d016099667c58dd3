using System.Globalization;

namespace Compare.Measurements;

/// <summary>
/// cuBLAS SGEMM times read from the output of <c>samples/MatMul/reference/cublas.py</c>: its lines
/// <c>RESULT kernel=cublas n=1024 ms=0.0686 gflops=31301.0 ok=True</c>; other lines are ignored.
/// </summary>
/// <param name="Source">The file they were read from.</param>
/// <param name="Milliseconds">The median time by n.</param>
/// <param name="Repeats">How many timed runs each median is of (cublas.py's, 10).</param>
public sealed record CublasResults(string Source, IReadOnlyDictionary<int, double> Milliseconds, int Repeats = 10)
{
    /// <summary>Reads <paramref name="path"/>; a later line for the same n replaces an earlier one.</summary>
    /// <exception cref="FormatException">A cuBLAS RESULT line lacks a numeric n or ms, or the file has none.</exception>
    public static CublasResults Read(string path)
    {
        Dictionary<int, double> times = new();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (!line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                continue;
            }

            Dictionary<string, string> fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(field => field.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
            if (fields.GetValueOrDefault("kernel") != "cublas")
            {
                continue;
            }

            if (!int.TryParse(fields.GetValueOrDefault("n"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ||
                !double.TryParse(fields.GetValueOrDefault("ms"), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
            {
                throw new FormatException($"{path}({lineNumber}): a cuBLAS RESULT line needs n=INT and ms=NUMBER: {line}");
            }

            times[n] = ms;
        }

        return times.Count > 0
            ? new CublasResults(path, times)
            : throw new FormatException($"{path} has no 'RESULT kernel=cublas ...' lines; it should be the output of samples/MatMul/reference/cublas.py.");
    }
}
