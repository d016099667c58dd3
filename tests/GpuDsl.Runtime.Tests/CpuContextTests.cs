using System.Diagnostics;
using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary>The CPU context's device description, streams, events and the intrinsics outside a kernel.</summary>
public sealed class CpuContextTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Create_with_the_Cpu_backend_returns_a_CPU_context_without_a_fallback_reason()
    {
        Assert.Equal(GpuBackend.Cpu, _context.Backend);
        Assert.IsType<Cpu.CpuContext>(_context);
        Assert.Null(_context.FallbackReason);
    }

    [Fact]
    public void Device_info_imitates_a_CUDA_device_with_the_host_cores()
    {
        DeviceInfo device = _context.Device;

        Assert.Equal($"CPU backend ({Environment.ProcessorCount} cores)", device.Name);
        Assert.Equal(Environment.ProcessorCount, device.MultiprocessorCount);
        Assert.Equal(1024, device.MaxThreadsPerBlock);
        Assert.Equal(new Dim3(1024, 1024, 64), device.MaxBlockDim);
        Assert.Equal(new Dim3(int.MaxValue, 65535, 65535), device.MaxGridDim);
        Assert.Equal(48 * 1024, device.MaxSharedMemoryPerBlock);
        Assert.Equal(32, device.WarpSize);
        Assert.Equal(0, device.ComputeCapabilityMajor);
        Assert.True(device.TotalMemory > 0, $"TotalMemory is {device.TotalMemory}");
        Assert.Equal($"Cpu: {device.Name}", _context.ToString());
    }

    [Fact]
    public void Default_stream_ignores_Dispose_but_a_created_stream_throws_ObjectDisposedException_after_it()
    {
        GpuStream created = _context.CreateStream();
        created.Synchronize();

        _context.DefaultStream.Dispose();
        created.Dispose();

        _context.DefaultStream.Synchronize();
        Assert.Same(_context, created.Context);
        Assert.Throws<ObjectDisposedException>(created.Synchronize);
    }

    [Fact]
    public void Disposed_context_refuses_new_streams_events_and_synchronize()
    {
        GpuContext context = GpuContext.Create(GpuBackend.Cpu);
        context.Dispose();

        Assert.True(context.IsDisposed);
        Assert.Throws<ObjectDisposedException>(context.CreateStream);
        Assert.Throws<ObjectDisposedException>(context.CreateEvent);
        Assert.Throws<ObjectDisposedException>(context.Synchronize);
        Assert.Throws<ObjectDisposedException>(context.DefaultStream.Synchronize);
    }

    [Fact]
    public void Events_around_a_launch_measure_a_non_negative_time()
    {
        using GpuEvent start = _context.CreateEvent();
        using GpuEvent stop = _context.CreateEvent();
        using DeviceBuffer<float> a = _context.Allocate<float>(10_000), c = _context.Allocate<float>(10_000);

        start.Record();
        TestKernels.Launch(new LaunchConfig(40, 256)).VectorAdd(a, a, c, a.Length);
        stop.Record(_context.DefaultStream);
        stop.Synchronize();

        float elapsed = stop.ElapsedMillisecondsSince(start);
        Assert.True(elapsed >= 0, $"elapsed time is {elapsed} ms");
    }

    [Fact]
    public void Events_measure_the_wall_time_between_their_records()
    {
        using GpuEvent start = _context.CreateEvent();
        using GpuEvent stop = _context.CreateEvent();

        // Bounded by the sleep below and a stopwatch around both records, not by a guess at how busy the machine is.
        Stopwatch around = Stopwatch.StartNew();
        start.Record();
        Thread.Sleep(50);
        stop.Record();
        around.Stop();

        float elapsed = stop.ElapsedMillisecondsSince(start);
        Assert.InRange(elapsed, 45f, (float)around.Elapsed.TotalMilliseconds + 1f);
    }

    [Fact]
    public void Elapsed_time_with_an_unrecorded_event_throws_InvalidOperationException()
    {
        using GpuEvent start = _context.CreateEvent();
        using GpuEvent stop = _context.CreateEvent();
        stop.Record();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => stop.ElapsedMillisecondsSince(start));

        Assert.Contains("start event has not been recorded", error.Message);
        Assert.Throws<InvalidOperationException>(() => start.ElapsedMillisecondsSince(_context.CreateEvent()));
    }

    [Fact]
    public void Disposed_event_throws_ObjectDisposedException()
    {
        GpuEvent gpuEvent = _context.CreateEvent();
        gpuEvent.Dispose();

        Assert.Throws<ObjectDisposedException>(() => gpuEvent.Record());
    }

    [Fact]
    public void Gpu_intrinsics_outside_a_kernel_throw_InvalidOperationException()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Gpu.ThreadIdx);

        Assert.Contains("only available inside a kernel", error.Message);
        Assert.Throws<InvalidOperationException>(() => Gpu.BlockIdx);
        Assert.Throws<InvalidOperationException>(Gpu.SyncThreads);
    }
}

/// <summary>
/// Backend selection through <c>GPUDSL_BACKEND</c>. Environment variables are process-wide, so these tests run alone
/// and put the variable back.
/// </summary>
[Collection(nameof(EnvironmentVariableTests))]
[CollectionDefinition(nameof(EnvironmentVariableTests), DisableParallelization = true)]
public sealed class EnvironmentVariableTests
{
    private const string Variable = "GPUDSL_BACKEND";

    [Fact]
    public void GPUDSL_BACKEND_cpu_makes_Auto_choose_the_CPU_backend()
    {
        using GpuContext context = WithBackendVariable("cpu", () => GpuContext.Create());

        Assert.Equal(GpuBackend.Cpu, context.Backend);
        Assert.Null(context.FallbackReason);
    }

    [Fact]
    public void GPUDSL_BACKEND_with_an_unknown_value_throws_ArgumentException_naming_the_choices()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            WithBackendVariable("tpu", () => GpuContext.Create()));

        Assert.Contains("'tpu'", error.Message);
        Assert.Contains("'cpu'", error.Message);
    }

    private static T WithBackendVariable<T>(string value, Func<T> action)
    {
        string? saved = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, value);
        try
        {
            return action();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, saved);
        }
    }
}
