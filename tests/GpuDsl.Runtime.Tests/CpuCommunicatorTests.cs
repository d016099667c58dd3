namespace GpuDsl.Runtime.Tests;

/// <summary>
/// The CPU backend's communicator: NCCL's four collectives with NCCL's semantics over CPU contexts of one process, each
/// rank on its own thread (a collective waits for every rank, as a barrier) or all of them inside a group.
/// </summary>
public sealed class CpuCommunicatorTests
{
    [Theory]
    [InlineData(ReduceOperation.Sum, new float[] { 10, 26 })]
    [InlineData(ReduceOperation.Product, new float[] { 24, 1680 })]
    [InlineData(ReduceOperation.Min, new float[] { 1, 5 })]
    [InlineData(ReduceOperation.Max, new float[] { 4, 8 })]
    [InlineData(ReduceOperation.Average, new float[] { 2.5f, 6.5f })]
    public void AllReduce_gives_every_rank_the_reduction_over_the_ranks(ReduceOperation operation, float[] expected)
    {
        using CpuCommunicatorRanks ranks = new(4);
        float[][] results = new float[4][];

        ranks.RunEachRank(rank =>
        {
            using DeviceBuffer<float> data = ranks.Contexts[rank].Allocate<float>([rank + 1, rank + 5]);
            ranks.Communicators[rank].AllReduce(data, operation, ranks.Streams[rank]);
            results[rank] = data.ToArray();
        });

        Assert.All(results, result => Assert.Equal(expected, result));
    }

    [Fact]
    public void Integer_average_divides_as_integers_as_NCCL_does()
    {
        using CpuCommunicatorRanks ranks = new(2);
        int[][] results = new int[2][];

        ranks.RunEachRank(rank =>
        {
            using DeviceBuffer<int> send = ranks.Contexts[rank].Allocate<int>([rank == 0 ? 2 : 3]);
            using DeviceBuffer<int> receive = ranks.Contexts[rank].Allocate<int>(1);
            ranks.Communicators[rank].AllReduce(send, receive, ReduceOperation.Average, ranks.Streams[rank]);
            results[rank] = receive.ToArray();
        });

        Assert.All(results, result => Assert.Equal([2], result));
    }

    [Fact]
    public void ReduceScatter_gives_rank_r_block_r_of_the_sum()
    {
        using CpuCommunicatorRanks ranks = new(3);
        double[][] results = new double[3][];

        ranks.RunEachRank(rank =>
        {
            // Rank r sends 0..5 scaled by r + 1, so the sum is 6 * (0..5) and rank r's block is elements 2r and 2r + 1.
            using DeviceBuffer<double> send = ranks.Contexts[rank].Allocate<double>([.. Enumerable.Range(0, 6).Select(i => (double)i * (rank + 1))]);
            using DeviceBuffer<double> receive = ranks.Contexts[rank].Allocate<double>(2);
            ranks.Communicators[rank].ReduceScatter(send, receive, ReduceOperation.Sum, ranks.Streams[rank]);
            results[rank] = receive.ToArray();
        });

        Assert.Equal([0.0, 6.0], results[0]);
        Assert.Equal([12.0, 18.0], results[1]);
        Assert.Equal([24.0, 30.0], results[2]);
    }

    [Fact]
    public void AllGather_puts_rank_r_elements_at_block_r_on_every_rank()
    {
        using CpuCommunicatorRanks ranks = new(3);
        long[][] results = new long[3][];

        ranks.RunEachRank(rank =>
        {
            using DeviceBuffer<long> send = ranks.Contexts[rank].Allocate<long>([rank * 10, rank * 10 + 1]);
            using DeviceBuffer<long> receive = ranks.Contexts[rank].Allocate<long>(6);
            ranks.Communicators[rank].AllGather(send, receive, ranks.Streams[rank]);
            results[rank] = receive.ToArray();
        });

        Assert.All(results, result => Assert.Equal([0L, 1, 10, 11, 20, 21], result));
    }

    [Fact]
    public void Broadcast_in_place_copies_the_root_buffer_to_every_rank()
    {
        using CpuCommunicatorRanks ranks = new(3);
        byte[][] results = new byte[3][];

        ranks.RunEachRank(rank =>
        {
            using DeviceBuffer<byte> data = ranks.Contexts[rank].Allocate<byte>([(byte)rank, (byte)(rank + 100)]);
            ranks.Communicators[rank].Broadcast(data, root: 2, ranks.Streams[rank]);
            results[rank] = data.ToArray();
        });

        Assert.All(results, result => Assert.Equal([2, 102], result));
    }

    [Fact]
    public void One_thread_drives_every_rank_inside_a_group()
    {
        using CpuCommunicatorRanks ranks = new(3);
        DeviceBuffer<int>[] buffers = [.. ranks.Contexts.Select((c, r) => c.Allocate<int>([r, 1]))];

        using (Communicator.Group())
        {
            for (int rank = 0; rank < 3; rank++)
            {
                ranks.Communicators[rank].AllReduce(buffers[rank], ReduceOperation.Sum, ranks.Streams[rank]);
                ranks.Communicators[rank].AllReduce(buffers[rank], ReduceOperation.Max, ranks.Streams[rank]);
            }
        }

        Assert.All(buffers, buffer => Assert.Equal([3, 3], buffer.ToArray()));
        foreach (DeviceBuffer<int> buffer in buffers) buffer.Dispose();
    }

    [Fact]
    public void Ranks_that_call_different_counts_all_fail_naming_both_calls()
    {
        using CpuCommunicatorRanks ranks = new(2);
        using DeviceBuffer<float> four = ranks.Contexts[0].Allocate<float>(4);
        using DeviceBuffer<float> three = ranks.Contexts[1].Allocate<float>(3);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() =>
        {
            using CollectiveGroup group = Communicator.Group();
            ranks.Communicators[0].AllReduce(four, ReduceOperation.Sum, ranks.Streams[0]);
            ranks.Communicators[1].AllReduce(three, ReduceOperation.Sum, ranks.Streams[1]);
        });

        Assert.Contains("rank 0 called AllReduce(Sum) of 4 ncclFloat32", error.Message);
        Assert.Contains("rank 1 called AllReduce(Sum) of 3 ncclFloat32", error.Message);
    }

    [Fact]
    public void Lengths_that_do_not_fit_the_collective_throw_before_anything_runs()
    {
        using CpuCommunicatorRanks ranks = new(2);
        using DeviceBuffer<float> send = ranks.Contexts[0].Allocate<float>(5);
        using DeviceBuffer<float> receive = ranks.Contexts[0].Allocate<float>(2);
        Communicator rank0 = ranks.Communicators[0];

        ArgumentException scatter = Assert.Throws<ArgumentException>(() => rank0.ReduceScatter(send, receive, ReduceOperation.Sum, ranks.Streams[0]));
        ArgumentException gather = Assert.Throws<ArgumentException>(() => rank0.AllGather(send, receive, ranks.Streams[0]));
        ArgumentException reduce = Assert.Throws<ArgumentException>(() => rank0.AllReduce(send, receive, ReduceOperation.Sum, ranks.Streams[0]));
        ArgumentOutOfRangeException root = Assert.Throws<ArgumentOutOfRangeException>(() => rank0.Broadcast(send, root: 2, ranks.Streams[0]));

        Assert.Contains("'send' has 5 elements but must have 4", scatter.Message);
        Assert.Contains("'receive' has 2 elements but must have 10", gather.Message);
        Assert.Contains("'receive' has 2 elements but must have 5", reduce.Message);
        Assert.Contains("from 0 to 1", root.Message);
    }

    [Fact]
    public void A_buffer_or_stream_of_another_rank_is_refused_naming_the_parameter()
    {
        using CpuCommunicatorRanks ranks = new(2);
        using DeviceBuffer<float> mine = ranks.Contexts[0].Allocate<float>(2);
        using DeviceBuffer<float> theirs = ranks.Contexts[1].Allocate<float>(2);

        ArgumentException buffer = Assert.Throws<ArgumentException>(() =>
            ranks.Communicators[0].AllReduce(mine, theirs, ReduceOperation.Sum, ranks.Streams[0]));
        ArgumentException stream = Assert.Throws<ArgumentException>(() =>
            ranks.Communicators[0].AllReduce(mine, ReduceOperation.Sum, ranks.Streams[1]));

        Assert.Equal("receive", buffer.ParamName);
        Assert.Contains("rank 0", buffer.Message);
        Assert.Equal("stream", stream.ParamName);
    }

    [Fact]
    public void An_element_type_NCCL_lacks_is_refused_naming_the_supported_ones()
    {
        using CpuCommunicatorRanks ranks = new(1);
        using DeviceBuffer<short> data = ranks.Contexts[0].Allocate<short>(2);

        NotSupportedException error = Assert.Throws<NotSupportedException>(() =>
            ranks.Communicators[0].AllReduce(data, ReduceOperation.Sum, ranks.Streams[0]));

        Assert.Contains("Int16", error.Message);
        Assert.Contains("Half, float and double", error.Message);
    }

    [Fact]
    public void A_group_of_mixed_or_repeated_contexts_is_refused()
    {
        using GpuContext cpu = GpuContext.Create(GpuBackend.Cpu);

        ArgumentException repeated = Assert.Throws<ArgumentException>(() => Communicator.CreateGroup([cpu, cpu]));
        Assert.Throws<ArgumentException>(() => Communicator.CreateGroup([]));
        NotSupportedException acrossProcesses = Assert.Throws<NotSupportedException>(() =>
            Communicator.Create(cpu, CommunicatorId.Parse(new string('0', CommunicatorId.TextLength)), rank: 0, size: 2));

        Assert.Contains("same context", repeated.Message);
        Assert.Contains("CreateGroup", acrossProcesses.Message);
    }

    [Fact]
    public void A_collective_captured_in_a_graph_runs_at_every_replay()
    {
        using CpuCommunicatorRanks ranks = new(2);
        int[][] results = new int[2][];

        ranks.RunEachRank(rank =>
        {
            using DeviceBuffer<int> data = ranks.Contexts[rank].Allocate<int>([1]);
            GpuStream stream = ranks.Streams[rank];
            using GpuGraph graph = GpuGraph.Capture(stream, () => ranks.Communicators[rank].AllReduce(data, ReduceOperation.Sum, stream));
            for (int i = 0; i < 3; i++) graph.Launch(stream);
            results[rank] = data.ToArray();
        });

        Assert.All(results, result => Assert.Equal([8], result)); // doubled at each of 3 replays
    }

    [Fact]
    public void A_collective_on_the_default_stream_inside_a_graph_is_refused()
    {
        using CpuCommunicatorRanks ranks = new(1);
        using DeviceBuffer<int> data = ranks.Contexts[0].Allocate<int>(1);
        using GpuGraph graph = GpuGraph.Capture(ranks.Streams[0], () =>
            ranks.Communicators[0].AllReduce(data, ReduceOperation.Sum, ranks.Contexts[0].DefaultStream));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => graph.Launch());

        Assert.Contains("default stream", error.Message);
    }

    [Fact]
    public void Peer_copies_move_data_between_CPU_contexts()
    {
        using GpuContext first = GpuContext.Create(GpuBackend.Cpu);
        using GpuContext second = GpuContext.Create(GpuBackend.Cpu);
        using DeviceBuffer<int> source = first.Allocate<int>([1, 2, 3]);
        using DeviceBuffer<int> destination = second.Allocate<int>(3);
        using DeviceBuffer<int> again = second.Allocate<int>(3);
        using GpuStream stream = first.CreateStream();

        Assert.True(first.CanAccessPeer(second));
        Assert.True(first.EnablePeerAccess(second));
        source.CopyToPeer(destination);
        source.Slice(1).CopyToPeerAsync(again, stream);
        stream.Synchronize();

        Assert.Equal([1, 2, 3], destination.ToArray());
        Assert.Equal([2, 3, 0], again.ToArray());
        Assert.Throws<ArgumentException>(() => source.CopyToPeer(second.Allocate<int>(2)));
    }
}

/// <summary>Aborting a CPU communicator group frees the ranks that wait for one that will never come.</summary>
public sealed class CpuCommunicatorAbortTests
{
    [Fact]
    public void Abort_fails_a_rank_waiting_for_a_rank_that_will_not_come()
    {
        using CpuCommunicatorRanks ranks = new(2);
        using DeviceBuffer<int> data = ranks.Contexts[0].Allocate<int>(1);
        Task waiting = Task.Factory.StartNew(
            () => ranks.Communicators[0].AllReduce(data, ReduceOperation.Sum, ranks.Streams[0]),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        ranks.Communicators[1].Abort();

        AggregateException error = Assert.Throws<AggregateException>(() => waiting.Wait((int)GpuDsl.Testing.Hang.Deadline.TotalMilliseconds, TestContext.Current.CancellationToken));
        Assert.Contains("rank 1 aborted", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
    }
}
