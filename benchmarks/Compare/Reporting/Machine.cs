namespace Compare.Reporting;

/// <summary>The CPU the baselines ran on, in words.</summary>
public static class Machine
{
    /// <summary>The processor's model name (from /proc/cpuinfo on Linux) and its logical core count.</summary>
    public static string Describe()
    {
        string model = "CPU";
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                ?.Split(':', 2)[1].Trim() ?? model;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return $"{model}, {Environment.ProcessorCount} logical cores";
    }
}
