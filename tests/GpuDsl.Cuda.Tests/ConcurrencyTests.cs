namespace GpuDsl.Cuda.Tests;

/// <summary>The concurrency tests run alone: they keep the cores busy, and the race is cleaner without other work.</summary>
[CollectionDefinition(nameof(ConcurrencyCollection), DisableParallelization = true)]
public sealed class ConcurrencyCollection;

/// <summary>
/// One context used from eight threads at once, each with its own stream and buffers: every result must be exactly
/// what that thread asked for. Each test makes a context of its own, so the threads also race to load the module.
/// </summary>
[Collection(nameof(ConcurrencyCollection))]
public sealed class ConcurrencyTests(Backends backends)
{
    private const int Threads = 8;

    [Theory, BackendData]
    public void Eight_threads_on_their_own_streams_upload_launch_and_download_at_once_and_every_result_is_exact(string backend)
    {
        using GpuContext gpu = CreateContext(backend);
        const int n = 10_007;
        int iterations = backend == "cuda" ? 300 : 40;

        ThreadRace.Run(Threads, (thread, startLine) =>
        {
            using GpuStream stream = gpu.CreateStream();
            using DeviceBuffer<float> a = gpu.Allocate<float>(n), b = gpu.Allocate<float>(n), c = gpu.Allocate<float>(n);
            using PinnedBuffer<float> hostA = gpu.AllocatePinned<float>(n), hostB = gpu.AllocatePinned<float>(n), hostC = gpu.AllocatePinned<float>(n);
            for (int i = 0; i < n; i++)
            {
                hostA.Span[i] = thread * 100_000 + i; // integers below 2^24: every sum is exact
            }

            a.CopyFromAsync(hostA, stream);
            startLine.SignalAndWait();
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                hostB.Span.Fill(iteration);
                b.CopyFromAsync(hostB, stream);
                GeneratedKernels.Launch((n + 255) / 256, 256, 0, stream).Add(a, b, c);
                c.CopyToAsync(hostC, stream);
                stream.Synchronize();

                ReadOnlySpan<float> result = hostC.Span;
                for (int i = 0; i < n; i++)
                {
                    float expected = thread * 100_000 + i + iteration;
                    if (result[i] != expected)
                    {
                        Assert.Fail($"iteration {iteration}: c[{i}] is {result[i]}, expected {expected}");
                    }
                }
            }
        });
    }

    [Theory, BackendData]
    public void Eight_threads_allocating_launching_copying_and_freeing_at_once_each_get_their_own_data(string backend)
    {
        using GpuContext gpu = CreateContext(backend);
        int iterations = backend == "cuda" ? 200 : 40;

        ThreadRace.Run(Threads, (thread, startLine) =>
        {
            using GpuStream stream = gpu.CreateStream();
            startLine.SignalAndWait();
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                int n = 1000 + 97 * thread + iteration; // a different size each time, so freed blocks are not simply reused
                float[] host = new float[n];
                for (int i = 0; i < n; i++)
                {
                    host[i] = thread * 10_000 + iteration + i;
                }

                using DeviceBuffer<float> x = gpu.Allocate<float>(host), y = gpu.Allocate<float>(n);
                GeneratedKernels.Launch((n + 127) / 128, 128, 0, stream).Add(x, x, y);
                stream.Synchronize();
                float[] result = y.ToArray();
                for (int i = 0; i < n; i++)
                {
                    if (result[i] != 2 * host[i])
                    {
                        Assert.Fail($"iteration {iteration}: y[{i}] is {result[i]}, expected {2 * host[i]}");
                    }
                }
            }
        });
    }

    private GpuContext CreateContext(string backend)
    {
        if (backend == "cpu")
        {
            return GpuContext.Create(GpuBackend.Cpu);
        }

        _ = backends.RequireCudaCompiler();
        return CudaContext.Create(0);
    }
}
