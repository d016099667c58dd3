namespace Compare.Measurements;

/// <summary>One way of computing a benchmark's result: a line of its chart and a column of its table.</summary>
/// <param name="Id">A stable name for the CSV file, e.g. <c>cpu-plain</c>.</param>
/// <param name="Column">A short table heading, e.g. <c>CPU 1 thread</c>.</param>
/// <param name="Legend">The chart's legend entry, which says what ran where.</param>
/// <param name="Description">How it runs and how it is timed, for the notes under the table.</param>
public sealed record Variant(string Id, string Column, string Legend, string Description)
{
    /// <summary>Whether the variant runs on the CPU as plain .NET code rather than through GpuDsl or cuBLAS.</summary>
    public bool IsCpuBaseline => Id.StartsWith("cpu-", StringComparison.Ordinal);
}
