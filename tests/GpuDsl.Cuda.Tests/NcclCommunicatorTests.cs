namespace GpuDsl.Cuda.Tests;

/// <summary>
/// NCCL through <see cref="Communicator"/> on every GPU of the machine: skipped, saying why, with fewer than two GPUs
/// or without NCCL. The same checks as the CPU backend's <c>CpuCommunicatorTests</c>, so both backends agree.
/// </summary>
public sealed class NcclCommunicatorTests
{
    [CudaFact]
    public void AllReduce_over_every_GPU_from_one_thread_inside_a_group_sums()
    {
        using MultiGpu gpus = MultiGpu.Open(needsNccl: true);
        int n = gpus.Contexts.Length;
        Communicator[] ranks = Communicator.CreateGroup(gpus.Contexts);
        DeviceBuffer<float>[] data = [.. gpus.Contexts.Select((c, r) => c.Allocate<float>([r + 1, 1]))];

        using (Communicator.Group())
        {
            for (int r = 0; r < n; r++) ranks[r].AllReduce(data[r], ReduceOperation.Sum, gpus.Streams[r]);
        }

        foreach (GpuStream stream in gpus.Streams) stream.Synchronize();
        Assert.All(data, d => Assert.Equal([n * (n + 1) / 2f, n], d.ToArray()));
        Assert.Equal(Enumerable.Range(0, n), ranks.Select(c => c.Rank));
        Communicator.DisposeAll(ranks);
        foreach (DeviceBuffer<float> d in data) d.Dispose();
    }

    [CudaFact]
    public void ReduceScatter_AllGather_and_Broadcast_on_one_thread_per_GPU_match_NCCL_semantics()
    {
        using MultiGpu gpus = MultiGpu.Open(needsNccl: true);
        int n = gpus.Contexts.Length;
        Communicator[] ranks = Communicator.CreateGroup(gpus.Contexts);
        int[][] scattered = new int[n][], gathered = new int[n][], broadcast = new int[n][];

        gpus.RunEachRank(r =>
        {
            GpuContext gpu = gpus.Contexts[r];
            GpuStream stream = gpus.Streams[r];
            using DeviceBuffer<int> send = gpu.Allocate<int>([.. Enumerable.Range(0, 2 * n).Select(i => i * (r + 1))]);
            using DeviceBuffer<int> block = gpu.Allocate<int>(2);
            using DeviceBuffer<int> all = gpu.Allocate<int>(2 * n);
            using DeviceBuffer<int> root = gpu.Allocate<int>([r, r]);
            ranks[r].ReduceScatter(send, block, ReduceOperation.Sum, stream);
            ranks[r].AllGather(block, all, stream);
            ranks[r].Broadcast(root, root: n - 1, stream);
            stream.Synchronize();
            (scattered[r], gathered[r], broadcast[r]) = (block.ToArray(), all.ToArray(), root.ToArray());
        });

        int factor = n * (n + 1) / 2; // the sum over ranks of (r + 1)
        for (int r = 0; r < n; r++)
        {
            Assert.Equal([2 * r * factor, (2 * r + 1) * factor], scattered[r]);
            Assert.Equal(Enumerable.Range(0, 2 * n).Select(i => i * factor), gathered[r]);
            Assert.Equal([n - 1, n - 1], broadcast[r]);
        }

        Communicator.DisposeAll(ranks);
    }

    [CudaFact]
    public void An_AllReduce_captured_in_each_GPU_graph_runs_at_every_replay()
    {
        using MultiGpu gpus = MultiGpu.Open(needsNccl: true);
        int n = gpus.Contexts.Length;
        Communicator[] ranks = Communicator.CreateGroup(gpus.Contexts);
        double[][] results = new double[n][];

        gpus.RunEachRank(r =>
        {
            GpuStream stream = gpus.Streams[r];
            using DeviceBuffer<double> data = gpus.Contexts[r].Allocate<double>([1.0]);

            // NCCL connects the ranks at their first collective, which allocates; that belongs before a capture.
            using DeviceBuffer<double> warmUp = gpus.Contexts[r].Allocate<double>(1);
            ranks[r].AllReduce(warmUp, ReduceOperation.Sum, stream);
            using GpuGraph graph = GpuGraph.Capture(stream, () => ranks[r].AllReduce(data, ReduceOperation.Sum, stream));
            for (int i = 0; i < 3; i++) graph.Launch(stream);
            stream.Synchronize();
            results[r] = data.ToArray();
        });

        Assert.All(results, result => Assert.Equal([Math.Pow(n, 3)], result));
        Communicator.DisposeAll(ranks);
    }

    [CudaFact]
    public void Ranks_joined_through_a_CommunicatorId_as_separate_processes_would_reduce_together()
    {
        using MultiGpu gpus = MultiGpu.Open(needsNccl: true);
        int n = gpus.Contexts.Length;
        CommunicatorId id = CommunicatorId.Parse(CommunicatorId.Create().ToString()); // through text, as a launcher passes it
        float[][] results = new float[n][];

        gpus.RunEachRank(r =>
        {
            using Communicator rank = Communicator.Create(gpus.Contexts[r], id, r, n);
            using DeviceBuffer<float> data = gpus.Contexts[r].Allocate<float>([r]);
            rank.AllReduce(data, ReduceOperation.Max, gpus.Streams[r]);
            gpus.Streams[r].Synchronize();
            results[r] = data.ToArray();
        });

        Assert.All(results, result => Assert.Equal([n - 1f], result));
    }

    [CudaFact]
    public void Two_contexts_on_one_device_cannot_be_ranks_of_one_group()
    {
        using GpuContext first = GpuContext.Create(GpuBackend.Cuda, 0);
        using GpuContext second = GpuContext.Create(GpuBackend.Cuda, 0);
        using GpuContext cpu = GpuContext.Create(GpuBackend.Cpu);

        ArgumentException sameDevice = Assert.Throws<ArgumentException>(() => Communicator.CreateGroup([first, second]));
        ArgumentException mixed = Assert.Throws<ArgumentException>(() => Communicator.CreateGroup([first, cpu]));

        Assert.Contains("both CUDA device 0", sameDevice.Message);
        Assert.Contains("all CUDA devices (NCCL) or all CPU contexts", mixed.Message);
    }
}
