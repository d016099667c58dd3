using GpuDsl.Testing;

namespace GpuDsl.Runtime.Tests;

/// <summary>A group of CPU contexts with one communicator each, and a way to run every rank on its own thread.</summary>
internal sealed class CpuCommunicatorRanks : IDisposable
{
    public CpuCommunicatorRanks(int size)
    {
        Contexts = [.. Enumerable.Range(0, size).Select(_ => GpuContext.Create(GpuBackend.Cpu))];
        Communicators = Communicator.CreateGroup(Contexts);
        Streams = [.. Contexts.Select(c => c.CreateStream())];
    }

    public GpuContext[] Contexts { get; }

    public Communicator[] Communicators { get; }

    public GpuStream[] Streams { get; }

    /// <summary>Runs <paramref name="rank"/>'s work for every rank at once, one thread each; rethrows the first failure.</summary>
    public void RunEachRank(Action<int> rank)
    {
        Task[] ranks = [.. Enumerable.Range(0, Contexts.Length).Select(r => Task.Factory.StartNew(
            () => rank(r), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        if (!Task.WaitAll(ranks, Hang.Deadline))
        {
            throw new TimeoutException("The ranks did not all finish: a collective waited for a rank that never called it.");
        }
    }

    public void Dispose()
    {
        Communicator.DisposeAll(Communicators);
        foreach (GpuStream stream in Streams) stream.Dispose();
        foreach (GpuContext context in Contexts) context.Dispose();
    }
}
