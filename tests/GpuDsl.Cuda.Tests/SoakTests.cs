using System.Diagnostics;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Long runs that measure the device's and the process's memory before and after, so they run on their own: another test
/// allocating meanwhile would move the figures.
/// </summary>
[CollectionDefinition(nameof(SoakCollection), DisableParallelization = true)]
public sealed class SoakCollection;

[Collection(nameof(SoakCollection))]
public sealed class SoakTests(Backends backends)
{
    private const int Cycles = 100_000;
    private const int N = 16_384; // 64 KiB buffers: a leak of one in a hundred cycles would be 64 MiB

    // The driver hands out small allocations from 2 MiB pages that it may keep after the last free, and the GC heap
    // moves a little with JIT tiering and the thread pool. A leak of one buffer or one finalizable object per cycle
    // would be 6 GiB or about 10 MB, far outside these.
    private const long DeviceTolerance = 4L << 20;
    private const long ManagedTolerance = 1L << 20;

    [CudaFact]
    public void A_hundred_thousand_cycles_of_allocate_copy_launch_and_free_leave_device_and_managed_memory_where_they_started()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        float[] host = new float[N], result = new float[N];
        for (int i = 0; i < N; i++)
        {
            host[i] = i;
        }

        // The first cycles load the module, grow the driver's pools and JIT everything; measure from after them.
        RunCycles(gpu, host, result, 0, 1_000);
        (DeviceMemoryInfo deviceBefore, long managedBefore) = Measure(gpu);

        Stopwatch clock = Stopwatch.StartNew();
        RunCycles(gpu, host, result, 1_000, Cycles);
        TimeSpan elapsed = clock.Elapsed;
        (DeviceMemoryInfo deviceAfter, long managedAfter) = Measure(gpu);

        long deviceGrowth = deviceBefore.FreeBytes - deviceAfter.FreeBytes;
        long managedGrowth = managedAfter - managedBefore;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Cycles:N0} cycles in {elapsed.TotalSeconds:F1} s; device free {deviceBefore} -> {deviceAfter} " +
            $"({deviceGrowth:N0} bytes more in use); managed heap {managedBefore:N0} -> {managedAfter:N0} bytes");
        Assert.True(deviceGrowth <= DeviceTolerance,
            $"Device memory in use grew by {deviceGrowth:N0} bytes over {Cycles:N0} cycles (tolerance {DeviceTolerance:N0}).");
        Assert.True(managedGrowth <= ManagedTolerance,
            $"The managed heap grew by {managedGrowth:N0} bytes over {Cycles:N0} cycles (tolerance {ManagedTolerance:N0}).");
    }

    /// <summary>Each cycle: allocate and upload, allocate, launch, download, free; one element changes per cycle and is checked.</summary>
    private static void RunCycles(CudaContext gpu, float[] host, float[] result, int first, int end)
    {
        for (int cycle = first; cycle < end; cycle++)
        {
            int changed = cycle % N;
            host[changed] = cycle;
            using (DeviceBuffer<float> x = gpu.Allocate<float>(host), y = gpu.Allocate<float>(N))
            {
                GeneratedKernels.Launch(N / 256, 256).Add(x, x, y);
                y.CopyTo(result);
            }

            if (result[changed] != 2f * cycle || (cycle % 1000 == 0 && !AllDoubled(host, result)))
            {
                Assert.Fail($"cycle {cycle}: the result is not twice the input");
            }
        }
    }

    private static bool AllDoubled(float[] host, float[] result)
    {
        for (int i = 0; i < host.Length; i++)
        {
            if (result[i] != 2f * host[i])
            {
                return false;
            }
        }

        return true;
    }

    private static (DeviceMemoryInfo Device, long Managed) Measure(CudaContext gpu)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        gpu.Synchronize();
        return (gpu.GetMemoryInfo(), GC.GetTotalMemory(forceFullCollection: true));
    }
}
