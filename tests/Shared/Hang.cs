namespace GpuDsl.Testing;

/// <summary>How long a test waits for work that could hang (a launch at a barrier, racing threads, a child process).</summary>
internal static class Hang
{
    /// <summary>
    /// Minutes, not seconds: a test checks behaviour, not speed, and the whole suite on a loaded two-core machine runs
    /// its launches tens of times slower than a test run alone. Only a real hang gets this far, and it then fails the
    /// test, saying what hung, well inside CI's time limit instead of stalling the run.
    /// </summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
}
