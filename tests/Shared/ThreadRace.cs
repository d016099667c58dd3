namespace GpuDsl.Testing;

/// <summary>Runs the same work on several threads released at once, and fails with what each failing thread threw.</summary>
internal static class ThreadRace
{
    /// <summary>
    /// Runs <paramref name="work"/>(thread index, start line) on <paramref name="threads"/> new threads. The work calls
    /// <see cref="Barrier.SignalAndWait()"/> on the start line where the race should begin, so the threads arrive there
    /// together rather than one after another as they are started. A thread still running after
    /// <see cref="Hang.Deadline"/> fails the test as a deadlock.
    /// </summary>
    public static void Run(int threads, Action<int, Barrier> work)
    {
        using Barrier startLine = new(threads);
        Exception?[] failures = new Exception?[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                try
                {
                    work(index, startLine);
                }
                catch (Exception e)
                {
                    failures[index] = e;

                    // Let the others past the start line instead of waiting for this one forever (once they are
                    // past it, this changes nothing).
                    try
                    {
                        startLine.RemoveParticipant();
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
            })
            { IsBackground = true, Name = $"race {index}" };
            workers[t].Start();
        }

        DateTime end = DateTime.UtcNow + Hang.Deadline;
        foreach (Thread worker in workers)
        {
            TimeSpan left = end - DateTime.UtcNow;
            Assert.True(worker.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero), $"{worker.Name} did not finish within {Hang.Deadline}: a deadlock?");
        }

        string[] failed = failures.Select((e, t) => e is null ? null : $"thread {t}: {e}").OfType<string>().ToArray();
        Assert.True(failed.Length == 0, string.Join("\n", failed));
    }
}
