using Compare.Measurements;
using Compare.Reporting;
using GpuDsl;

namespace Compare;

/// <summary>Runs the benchmarks, prints their tables, and writes the Markdown, CSV and PNG files.</summary>
public static class CompareApp
{
    /// <summary>Measures, reports and writes; returns the exit code (1 when a result was wrong).</summary>
    public static int Run(CompareOptions options)
    {
        CublasResults? cublas = null;
        if (options.CublasFile is not null)
        {
            try
            {
                cublas = CublasResults.Read(options.CublasFile);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Cannot read the cuBLAS results: {e.Message}");
                return 2;
            }
        }

        using GpuContext gpu = GpuContext.Create(options.ForceCpuBackend ? GpuBackend.Cpu : GpuBackend.Auto);
        string machine = Machine.Describe();
        DateTimeOffset measured = DateTimeOffset.UtcNow;
        Console.WriteLine($"CPU: {machine}");
        Console.WriteLine(gpu.Backend == GpuBackend.Cuda
            ? $"GPU: {gpu.Device}"
            : $"No CUDA device ({gpu.FallbackReason ?? "the CPU backend was asked for"}). The GPU columns need a CUDA GPU: " +
              $"here the kernels run on the CPU backend at small sizes only (n ≤ {VectorAddBenchmark.CpuBackendLimit:N0} for " +
              $"vector add, n ≤ {MatMulBenchmark.CpuBackendLimit} for matmul), to check them, not to time the GPU.");

        List<BenchmarkResults> all = new();
        if (options.VectorSizes.Count > 0)
        {
            all.Add(new VectorAddBenchmark(gpu, options.BudgetSeconds, Console.WriteLine).Run(options.VectorSizes));
        }

        if (options.MatMulSizes.Count > 0)
        {
            all.Add(new MatMulBenchmark(gpu, options.BudgetSeconds, cublas, Console.WriteLine).Run(options.MatMulSizes));
        }

        Directory.CreateDirectory(options.OutputDirectory);
        foreach (BenchmarkResults results in all)
        {
            Console.WriteLine();
            Console.Write(Tables.Console(results));
            File.WriteAllText(Path.Combine(options.OutputDirectory, results.Name + ".md"), Tables.Markdown(results, machine, measured));
            File.WriteAllText(Path.Combine(options.OutputDirectory, results.Name + ".csv"), CsvFile.Write(results, machine));
        }

        Console.WriteLine();
        DrawCharts(all, options.OutputDirectory);
        Console.WriteLine($"Tables and CSV files are in {Path.GetFullPath(options.OutputDirectory)}.");
        return all.All(r => r.AllCorrect) ? 0 : 1;
    }

    /// <summary>
    /// Draws the charts again from the CSV files in <paramref name="directory"/>, e.g. those of a GPU run, into
    /// <paramref name="outputDirectory"/> (the CSV files may be read-only).
    /// </summary>
    public static int Replot(string directory, string outputDirectory)
    {
        List<BenchmarkResults> all = new();
        foreach (string name in new[] { "vector-add", "matmul" })
        {
            string path = Path.Combine(directory, name + ".csv");
            if (File.Exists(path))
            {
                all.Add(CsvFile.Read(path));
            }
        }

        if (all.Count == 0)
        {
            Console.Error.WriteLine($"{directory} has neither vector-add.csv nor matmul.csv.");
            return 2;
        }

        Directory.CreateDirectory(outputDirectory);
        return DrawCharts(all, outputDirectory) ? 0 : 1;
    }

    private static bool DrawCharts(IEnumerable<BenchmarkResults> all, string directory)
    {
        if (Charts.WhyUnavailable() is string reason)
        {
            Console.WriteLine($"PNG charts not drawn: {reason}. Draw them from the CSV files on a machine with fonts: " +
                $"dotnet run --project benchmarks/Compare -c Release -- --replot DIR --out DIR, DIR holding vector-add.csv and matmul.csv");
            return false;
        }

        foreach (BenchmarkResults results in all)
        {
            string path = Path.Combine(directory, results.Name + ".png");
            Charts.Save(results, path);
            Console.WriteLine($"Chart: {path}");
        }

        return true;
    }
}
