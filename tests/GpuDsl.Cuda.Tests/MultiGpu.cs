using GpuDsl.Interop;
using GpuDsl.Testing;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Every CUDA device, one context each, for the tests of several GPUs; skips the test (with the reason) where there
/// are fewer than two devices or, when NCCL is needed, no NCCL.
/// </summary>
internal sealed class MultiGpu : IDisposable
{
    private MultiGpu(GpuContext[] contexts)
    {
        Contexts = contexts;
        Streams = [.. contexts.Select(c => c.CreateStream())];
    }

    public GpuContext[] Contexts { get; }

    public GpuStream[] Streams { get; }

    public static MultiGpu Open(bool needsNccl)
    {
        int count = GpuContext.ListCudaDevices().Count;
        if (count < 2)
        {
            Assert.Skip($"Needs at least 2 CUDA devices; this machine has {count}.");
        }

        if (needsNccl && !NcclLibrary.TryLoad(out string? reason))
        {
            Assert.Skip(reason);
        }

        return new MultiGpu([.. Enumerable.Range(0, count).Select(ordinal => GpuContext.Create(GpuBackend.Cuda, ordinal))]);
    }

    /// <summary>Runs <paramref name="rank"/>'s work for every device at once, one thread each.</summary>
    public void RunEachRank(Action<int> rank)
    {
        Task[] ranks = [.. Enumerable.Range(0, Contexts.Length).Select(r => Task.Factory.StartNew(
            () => rank(r), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        if (!Task.WaitAll(ranks, Hang.Deadline))
        {
            throw new TimeoutException("The ranks did not all finish.");
        }
    }

    public void Dispose()
    {
        foreach (GpuStream stream in Streams) stream.Dispose();
        foreach (GpuContext context in Contexts) context.Dispose();
    }
}
