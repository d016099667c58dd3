using GpuDsl.Runtime.Tests.Kernels;
using GpuDsl.Testing;

namespace GpuDsl.Runtime.Tests;

/// <summary>The concurrency tests keep every core busy, which would upset the timing of tests running beside them.</summary>
[CollectionDefinition(nameof(CpuConcurrencyCollection), DisableParallelization = true)]
public sealed class CpuConcurrencyCollection;

/// <summary>
/// One CPU context used from eight threads at once, each with its own stream and buffers, with and without barriers:
/// every result must be exactly what that thread asked for.
/// </summary>
[Collection(nameof(CpuConcurrencyCollection))]
public sealed class CpuConcurrencyTests : IDisposable
{
    private const int Threads = 8;

    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Eight_threads_on_their_own_streams_launch_at_once_and_every_result_is_exact()
    {
        const int n = 5003, iterations = 60;
        ThreadRace.Run(Threads, (thread, startLine) =>
        {
            using GpuStream stream = _context.CreateStream();
            float[] a = [.. Enumerable.Range(0, n).Select(i => (float)(thread * 100_000 + i))];
            using DeviceBuffer<float> da = _context.Allocate<float>(a), db = _context.Allocate<float>(n), dc = _context.Allocate<float>(n);
            float[] b = new float[n], c = new float[n];
            startLine.SignalAndWait();
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                Array.Fill(b, iteration);
                db.CopyFrom(b);
                TestKernels.Launch(new LaunchConfig((n + 127) / 128, 128, 0, stream)).VectorAdd(da, db, dc, n);
                dc.CopyTo(c);
                for (int i = 0; i < n; i++)
                {
                    if (c[i] != a[i] + iteration)
                    {
                        Assert.Fail($"iteration {iteration}: c[{i}] is {c[i]}, expected {a[i] + iteration}");
                    }
                }
            }
        });
    }

    [Fact]
    public void Eight_threads_launching_kernels_with_barriers_at_once_each_get_their_own_block_sums()
    {
        const int blocks = 3, size = 32, iterations = 25;
        ThreadRace.Run(Threads, (thread, startLine) =>
        {
            using GpuStream stream = _context.CreateStream();
            long[] input = [.. Enumerable.Range(0, blocks * size).Select(i => (long)thread * 1_000_000 + i)];
            using DeviceBuffer<long> dInput = _context.Allocate<long>(input);
            using DeviceBuffer<long> scratch = _context.Allocate<long>(blocks * size), sums = _context.Allocate<long>(blocks);
            startLine.SignalAndWait();
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                sums.Clear();
                TestKernels.Launch(new LaunchConfig(blocks, size, 0, stream)).BlockSum(dInput, scratch, sums);
                long[] result = sums.ToArray();
                for (int b = 0; b < blocks; b++)
                {
                    long expected = input.Skip(b * size).Take(size).Sum();
                    if (result[b] != expected)
                    {
                        Assert.Fail($"iteration {iteration}: block {b} summed to {result[b]}, expected {expected}");
                    }
                }
            }
        });
    }

    [Fact]
    public void Eight_threads_allocating_and_freeing_while_the_others_launch_leave_no_allocation_behind()
    {
        int before = ((Cpu.CpuContext)_context).LiveAllocationCount;
        ThreadRace.Run(Threads, (thread, startLine) =>
        {
            startLine.SignalAndWait();
            for (int iteration = 0; iteration < 100; iteration++)
            {
                int n = 500 + thread * 31 + iteration;
                float[] a = [.. Enumerable.Range(0, n).Select(i => (float)(i + thread))];
                using DeviceBuffer<float> da = _context.Allocate<float>(a), dc = _context.Allocate<float>(n);
                TestKernels.Launch(new LaunchConfig((n + 63) / 64, 64)).VectorAdd(da, da, dc, n);
                float[] c = dc.ToArray();
                int wrong = Enumerable.Range(0, n).FirstOrDefault(i => c[i] != 2 * a[i], -1);
                Assert.True(wrong < 0, $"iteration {iteration}: c[{wrong}] is wrong");
            }
        });

        Assert.Equal(before, ((Cpu.CpuContext)_context).LiveAllocationCount);
    }
}
