namespace GpuDsl.Cuda.Tests;

public sealed class EventTests(Backends backends)
{
    [CudaFact]
    public void Events_time_a_copy_to_the_device()
    {
        CudaContext gpu = backends.RequireCuda();
        byte[] host = new byte[64 << 20];
        using DeviceBuffer<byte> buffer = gpu.Allocate<byte>(host.Length);
        using GpuEvent start = gpu.CreateEvent();
        using GpuEvent stop = gpu.CreateEvent();

        start.Record();
        buffer.CopyFrom(host);
        stop.Record();
        stop.Synchronize();

        float milliseconds = stop.ElapsedMillisecondsSince(start);
        Assert.True(milliseconds > 0, $"a 64 MiB copy took {milliseconds} ms");
    }

    [CudaFact]
    public void Events_recorded_on_a_stream_time_its_work()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        using DeviceBuffer<float> buffer = gpu.Allocate<float>(1 << 20);
        using GpuStream stream = gpu.CreateStream();
        using GpuEvent start = gpu.CreateEvent();
        using GpuEvent stop = gpu.CreateEvent();

        start.Record(stream);
        TestKernels.LaunchFill(gpu, new LaunchConfig(4096, 256, 0, stream), buffer, buffer.Length, 1f);
        stop.Record(stream);
        stop.Synchronize();

        Assert.True(stop.ElapsedMillisecondsSince(start) >= 0);
    }

    [CudaFact]
    public void Timing_an_event_that_was_never_recorded_throws_InvalidOperationException()
    {
        CudaContext gpu = backends.RequireCuda();
        using GpuEvent start = gpu.CreateEvent();
        using GpuEvent stop = gpu.CreateEvent();
        stop.Record();
        stop.Synchronize();

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => stop.ElapsedMillisecondsSince(start));
        Assert.Contains("Record()", e.Message);
    }
}
