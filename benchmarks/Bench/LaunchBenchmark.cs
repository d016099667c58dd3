using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using GpuDsl;
using GpuDsl.CompilerServices;
using GpuDsl.Cuda;
using GpuDsl.Interop;

namespace Bench;

/// <summary>
/// Host time per launch, in nanoseconds, for each round, the typed/raw ratio of each round, and managed bytes allocated
/// per typed launch.
/// </summary>
internal sealed record LaunchFigures(double[] TypedNs, double[] RawNs, double[] Ratios, double TypedBytesPerLaunch, int Launches);

/// <summary>
/// The host's cost of a launch through the generated wrapper, against <c>cuLaunchKernel</c> called directly with the same
/// kernel, arguments and stream, as a C program would. Within a round the two take turns batch by batch, each going
/// first in every other batch, so drift (clocks, the driver's queues) falls on both alike, and each round gives a paired
/// ratio.
/// </summary>
internal static unsafe class LaunchBenchmark
{
    // Launches between waits for the stream. Fewer than the driver's queue of pending launches holds, so a launch never
    // waits for the device to drain the queue, and what is timed is the host's own work.
    private const int Batch = 500;

    public static LaunchFigures Run(CudaContext gpu, int launches, int rounds)
    {
        launches = Math.Max(Batch, (launches + Batch - 1) / Batch * Batch); // whole batches
        using DeviceBuffer<int> x = gpu.Allocate<int>(32);
        x.Clear();
        using GpuStream stream = gpu.CreateStream();
        nint function = RawFunction(gpu, x, stream);
        nint streamHandle = gpu.StreamHandle(stream);

        // Warm-up: tiered JIT promotes the hot paths, and the driver settles.
        for (int i = 0; i < 100; i++)
        {
            Typed(x, stream, 0, out _);
            Raw(function, streamHandle, x, 0);
        }

        double[] typed = new double[rounds], raw = new double[rounds], ratios = new double[rounds];
        long bytes = 0;
        for (int r = 0; r < rounds; r++)
        {
            long typedTicks = 0, rawTicks = 0;
            for (int done = 0, b = 0; done < launches; done += Batch, b++)
            {
                if (b % 2 == 0)
                {
                    typedTicks += Typed(x, stream, done, out long allocated);
                    rawTicks += Raw(function, streamHandle, x, done);
                    bytes += allocated;
                }
                else
                {
                    rawTicks += Raw(function, streamHandle, x, done);
                    typedTicks += Typed(x, stream, done, out long allocated);
                    bytes += allocated;
                }
            }

            typed[r] = NanosecondsPerLaunch(typedTicks, launches);
            raw[r] = NanosecondsPerLaunch(rawTicks, launches);
            ratios[r] = typed[r] / raw[r];
        }

        // Both loops store their last index: proof that the launches ran.
        int last = x.ToArray()[0];
        if (last != launches - 1)
        {
            throw new InvalidOperationException($"The kernel stored {last}, expected {launches - 1}: launches did not run.");
        }

        return new LaunchFigures(typed, raw, ratios, (double)bytes / ((long)launches * rounds), launches);
    }

    /// <summary>One batch of <see cref="Batch"/> typed launches storing <paramref name="first"/> onward; returns its ticks.</summary>
    private static long Typed(DeviceBuffer<int> x, GpuStream stream, int first, out long allocatedBytes)
    {
        long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = first; i < first + Batch; i++)
        {
            BenchKernels.Launch(1, 32, 0, stream).Touch(x, i);
        }

        long ticks = Stopwatch.GetTimestamp() - start;
        allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        stream.Synchronize();
        return ticks;
    }

    /// <summary>One batch of <see cref="Batch"/> raw launches storing <paramref name="first"/> onward; returns its ticks.</summary>
    private static long Raw(nint function, nint stream, DeviceBuffer<int> x, int first)
    {
        nint address = x.AsSpan().Address;
        int length = x.Length;
        int value = 0;
        void** parameters = stackalloc void*[] { &address, &length, &value };
        long start = Stopwatch.GetTimestamp();
        for (int i = first; i < first + Batch; i++)
        {
            value = i;
            CUresult result = CudaDriver.cuLaunchKernel(function, 1, 1, 1, 32, 1, 1, 0, stream, parameters, extra: null);
            if (result != CUresult.CUDA_SUCCESS)
            {
                throw CudaDriver.Failure(result, "cuLaunchKernel");
            }
        }

        long ticks = Stopwatch.GetTimestamp() - start;
        CudaDriver.ThrowIfFailed(CudaDriver.cuStreamSynchronize(stream));
        return ticks;
    }

    /// <summary>
    /// The <c>CUfunction</c> the typed launcher uses: a descriptor for the same entry point of an equal module resolves,
    /// through the context's module table, to the same loaded module and function.
    /// </summary>
    private static nint RawFunction(CudaContext gpu, DeviceBuffer<int> x, GpuStream stream)
    {
        GpuModule module = SampleModules.Of(typeof(BenchKernels), BenchKernels.CudaSource);
        KernelDescriptor touch = new(module, EntryPoint(module.Source), "BenchKernels.Touch (raw)", usesBarriers: false, parameterCount: 3);
        Span<byte> arguments = stackalloc byte[16];
        MemoryMarshal.Write(arguments, x.AsSpan().GetArgumentAddress(gpu, touch, "x"));
        MemoryMarshal.Write(arguments[8..], x.Length);
        MemoryMarshal.Write(arguments[12..], 0);
        gpu.Launch(touch, new LaunchConfig(1, 32, 0, stream), arguments);
        stream.Synchronize();
        return ((CudaFunction)touch.BackendCache!).Handle;
    }

    /// <summary>The module's one <c>__global__</c> function, by the name the generator gave it.</summary>
    private static string EntryPoint(string cudaSource) =>
        Regex.Match(cudaSource, @"__global__\s+void\s+(\w+)\s*\(") is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The generated module of BenchKernels declares no __global__ function.");

    private static double NanosecondsPerLaunch(long ticks, int launches) =>
        ticks * (1e9 / Stopwatch.Frequency) / launches;
}
