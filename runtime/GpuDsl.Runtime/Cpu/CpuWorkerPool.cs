using System.Runtime.ExceptionServices;

namespace GpuDsl.Cpu;

/// <summary>
/// Dedicated OS threads for kernels that use barriers, which need every thread of a block alive at once (up to 1,024).
/// Starting that many threads per launch would cost more than most kernels, so finished threads wait here for the next
/// launch and end after <see cref="IdleTimeout"/> unused. The .NET thread pool is no substitute: it would add threads
/// slowly while the blocked ones wait at a barrier.
/// </summary>
internal static class CpuWorkerPool
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lock s_gate = new();
    private static readonly List<Worker> s_idle = [];
    private static int s_created;
    private static long s_rented;

    /// <summary>For tests: how many dedicated OS threads launches have taken from the pool so far (one per emulated
    /// thread of a block that runs on threads).</summary>
    public static long Rented => Interlocked.Read(ref s_rented);

    /// <summary>
    /// Runs <paramref name="work"/>(0 … <paramref name="count"/> - 1), each call on its own OS thread and all at once,
    /// and returns when all have returned.
    /// </summary>
    public static void Run(int count, Action<int> work)
    {
        Interlocked.Add(ref s_rented, count);
        Worker[] workers = Rent(count);
        Batch batch = new(work, count);
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i].Start(batch, i);
        }

        // Not disposed: the last worker may still be inside Signal, and the event never allocates a kernel handle.
        batch.Done.Wait();
        if (batch.Fault is { } fault)
        {
            // A bug in the backend, not the kernel's exception (the launch records those itself).
            ExceptionDispatchInfo.Throw(fault);
        }
    }

    private static Worker[] Rent(int count)
    {
        Worker[] workers = new Worker[count];
        int rented = 0;
        try
        {
            lock (s_gate)
            {
                for (; rented < count && s_idle.Count > 0; rented++)
                {
                    workers[rented] = s_idle[^1];
                    s_idle.RemoveAt(s_idle.Count - 1);
                }
            }

            for (; rented < count; rented++)
            {
                workers[rented] = new Worker(Interlocked.Increment(ref s_created));
            }

            return workers;
        }
        catch
        {
            // Out of threads or memory: give back what was taken before failing the launch.
            for (int i = 0; i < rented; i++)
            {
                Return(workers[i]);
            }

            throw;
        }
    }

    private static void Return(Worker worker)
    {
        lock (s_gate)
        {
            s_idle.Add(worker);
        }
    }

    /// <summary>Whether an idle worker may end; false when it was rented meanwhile and work is on its way.</summary>
    private static bool TryRetire(Worker worker)
    {
        lock (s_gate)
        {
            return s_idle.Remove(worker);
        }
    }

    /// <summary>One <see cref="Run"/> call: the work, and a countdown of the workers still running it.</summary>
    private sealed class Batch(Action<int> work, int count)
    {
        public Action<int> Work { get; } = work;

        public CountdownEvent Done { get; } = new(count);

        public Exception? Fault;
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _wake = new(0);
        private Batch? _batch;
        private int _index;

        public Worker(int number)
        {
            Thread thread = new(Loop)
            {
                IsBackground = true,
                Name = $"GpuDsl CPU thread {number}",
            };
            thread.Start();
        }

        public void Start(Batch batch, int index)
        {
            _batch = batch;
            _index = index;
            _wake.Release();
        }

        private void Loop()
        {
            while (true)
            {
                if (!_wake.Wait(IdleTimeout))
                {
                    if (TryRetire(this))
                    {
                        _wake.Dispose();
                        return;
                    }

                    continue;
                }

                Batch batch = _batch!;
                try
                {
                    batch.Work(_index);
                }
                catch (Exception exception)
                {
                    Interlocked.CompareExchange(ref batch.Fault, exception, null);
                }

                // Back in the pool before signalling, so the launch's caller can rent this worker again at once.
                _batch = null;
                Return(this);
                batch.Done.Signal();
            }
        }
    }
}
