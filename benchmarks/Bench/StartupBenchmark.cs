using System.Diagnostics;
using System.Globalization;

namespace Bench;

/// <summary>One child's figures, in milliseconds by key, and whether its kernel cache started empty.</summary>
internal sealed record StartupRun(bool ColdCache, IReadOnlyDictionary<string, double> Milliseconds, string Device)
{
    /// <summary>What GpuDsl adds to CUDA's own context creation before the first launch: NVRTC and the modules.</summary>
    public double OverheadMs => Milliseconds["ready_ms"] - Milliseconds["context_ms"];
}

/// <summary>
/// Runs <see cref="StartupProbe"/> in child processes: for each fresh kernel cache directory, once with it empty (cold:
/// every module compiled by NVRTC) and then again with what the first run stored (warm: every module read from disk).
/// </summary>
internal static class StartupBenchmark
{
    private const string CacheVariable = "GPUDSL_CACHE_DIR";

    public static List<StartupRun> Run(int coldRuns, int warmRunsPerCold)
    {
        // A discarded first run brings the driver, NVRTC and .NET into the OS file cache, so that "cold" below means a
        // cold kernel cache and not a cold disk.
        InFreshCache(directory => RunChild(directory, coldCache: true));

        List<StartupRun> runs = [];
        for (int i = 0; i < coldRuns; i++)
        {
            InFreshCache(directory =>
            {
                runs.Add(RunChild(directory, coldCache: true));
                int entries = Entries(directory);
                for (int w = 0; w < warmRunsPerCold; w++)
                {
                    runs.Add(RunChild(directory, coldCache: false));
                }

                if (Entries(directory) != entries)
                {
                    throw new InvalidOperationException(
                        $"The warm runs added cache entries ({entries} before, {Entries(directory)} after): they compiled instead of reading the cache.");
                }
            });
        }

        return runs;
    }

    private static void InFreshCache(Action<string> run)
    {
        string directory = Path.Combine(Path.GetTempPath(), "gpudsl-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            run(directory);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static int Entries(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*.bin").Length : 0;

    private static StartupRun RunChild(string cacheDirectory, bool coldCache)
    {
        ProcessStartInfo start = new(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Under `dotnet Bench.dll` the process is the dotnet host, which needs the program's path; an apphost does not.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(StartupBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add(StartupProbe.Switch);
        start.Environment[CacheVariable] = cacheDirectory;
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        Task<string> errors = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();

        Dictionary<string, double> milliseconds = [];
        string device = "";
        foreach (string line in output.Split('\n'))
        {
            if (!line.StartsWith(StartupProbe.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            string[] pair = line[StartupProbe.Prefix.Length..].TrimEnd('\r').Split('=', 2);
            switch (pair[0])
            {
                case "error":
                    throw new InvalidOperationException($"The startup child failed: {pair[1]}");
                case "device":
                    device = pair[1];
                    break;
                default:
                    milliseconds[pair[0]] = double.Parse(pair[1], CultureInfo.InvariantCulture);
                    break;
            }
        }

        if (child.ExitCode != 0 || !milliseconds.ContainsKey("ready_ms"))
        {
            throw new InvalidOperationException(
                $"The startup child exited with {child.ExitCode}:\n{output}{errors.Result}");
        }

        return new StartupRun(coldCache, milliseconds, device);
    }
}
