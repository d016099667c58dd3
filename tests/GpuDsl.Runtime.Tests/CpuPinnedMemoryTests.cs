namespace GpuDsl.Runtime.Tests;

/// <summary><see cref="PinnedBuffer{T}"/> and the stream-ordered copies on the CPU backend.</summary>
public sealed class CpuPinnedMemoryTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);
    private readonly GpuStream _stream;

    public CpuPinnedMemoryTests() => _stream = _context.CreateStream();

    public void Dispose()
    {
        _stream.Dispose();
        _context.Dispose();
    }

    [Fact]
    public void Data_round_trips_host_to_device_to_device_to_host_through_async_copies()
    {
        double[] data = [.. Enumerable.Range(0, 10_000).Select(i => i * 0.25 - 9)];
        using PinnedBuffer<double> upload = _context.AllocatePinned<double>(data);
        using PinnedBuffer<double> download = _context.AllocatePinned<double>(data.Length);
        using DeviceBuffer<double> first = _context.Allocate<double>(data.Length);
        using DeviceBuffer<double> second = _context.Allocate<double>(data.Length);

        first.CopyFromAsync(upload, _stream);
        first.CopyToAsync(second, _stream);
        second.CopyToAsync(download, _stream);
        _stream.Synchronize();

        Assert.Equal(data.Length, download.Length);
        Assert.Equal(data.Length * 8L, download.SizeInBytes);
        Assert.Equal(data, download.Span.ToArray());
    }

    [Fact]
    public void Async_copies_on_slices_touch_only_their_window()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>([1, 2, 3, 4, 5, 6]);
        using PinnedBuffer<int> pinned = _context.AllocatePinned<int>([30, 40]);
        using PinnedBuffer<int> window = _context.AllocatePinned<int>(3);

        buffer.Slice(2, 3).CopyFromAsync(pinned, _stream);
        buffer.Slice(1, 3).CopyToAsync(window, _stream);
        buffer.Slice(4, 2).ClearAsync(_stream);
        _stream.Synchronize();

        Assert.Equal([2, 30, 40], window.Span.ToArray());
        Assert.Equal([1, 2, 30, 40, 0, 0], buffer.ToArray());
    }

    [Fact]
    public void ClearAsync_zeroes_the_whole_buffer()
    {
        using DeviceBuffer<long> buffer = _context.Allocate<long>([7, 8, 9]);

        buffer.ClearAsync(_stream);
        _stream.Synchronize();

        Assert.Equal([0L, 0L, 0L], buffer.ToArray());
    }

    [Fact]
    public void A_pinned_source_longer_than_the_device_buffer_throws_ArgumentException_with_both_lengths()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>([1, 2, 3]);
        using PinnedBuffer<int> source = _context.AllocatePinned<int>(4);

        ArgumentException error = Assert.Throws<ArgumentException>(() => buffer.CopyFromAsync(source, _stream));

        Assert.Equal("source", error.ParamName);
        Assert.Contains("4 elements", error.Message);
        Assert.Contains("only 3", error.Message);
        Assert.Equal([1, 2, 3], buffer.ToArray());
    }

    [Fact]
    public void A_pinned_destination_shorter_than_the_device_buffer_throws_ArgumentException_with_both_lengths()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>(10);
        using PinnedBuffer<int> destination = _context.AllocatePinned<int>(4);

        ArgumentException error = Assert.Throws<ArgumentException>(() => buffer.CopyToAsync(destination, _stream));

        Assert.Equal("destination", error.ParamName);
        Assert.Contains("4 elements", error.Message);
        Assert.Contains("holds 10", error.Message);
    }

    [Fact]
    public void A_device_destination_shorter_than_the_source_throws_ArgumentException_with_both_lengths()
    {
        using DeviceBuffer<int> source = _context.Allocate<int>(10);
        using DeviceBuffer<int> destination = _context.Allocate<int>(3);

        ArgumentException error = Assert.Throws<ArgumentException>(() => source.CopyToAsync(destination, _stream));

        Assert.Contains("3 elements", error.Message);
        Assert.Contains("holds 10", error.Message);
    }

    [Fact]
    public void A_stream_or_pinned_buffer_of_another_context_throws_ArgumentException()
    {
        using GpuContext other = GpuContext.Create(GpuBackend.Cpu);
        using GpuStream foreignStream = other.CreateStream();
        using PinnedBuffer<int> foreignPinned = other.AllocatePinned<int>(2);
        using DeviceBuffer<int> buffer = _context.Allocate<int>(2);

        ArgumentException stream = Assert.Throws<ArgumentException>(() => buffer.ClearAsync(foreignStream));
        ArgumentException pinned = Assert.Throws<ArgumentException>(() => buffer.CopyFromAsync(foreignPinned, _stream));

        Assert.Equal("stream", stream.ParamName);
        Assert.Equal("source", pinned.ParamName);
        Assert.Contains("another GpuContext", pinned.Message);
    }

    [Fact]
    public void A_disposed_pinned_buffer_throws_ObjectDisposedException_and_a_second_dispose_is_harmless()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>(4);
        PinnedBuffer<int> pinned = _context.AllocatePinned<int>(4);

        pinned.Dispose();
        pinned.Dispose();

        Assert.True(pinned.IsDisposed);
        ObjectDisposedException error = Assert.Throws<ObjectDisposedException>(() => pinned.Span.Length);
        Assert.Contains("PinnedBuffer<Int32>", error.Message);
        Assert.Throws<ObjectDisposedException>(() => buffer.CopyFromAsync(pinned, _stream));
        Assert.Throws<ObjectDisposedException>(() => buffer.CopyToAsync(pinned, _stream));
    }

    [Fact]
    public void An_async_copy_on_a_disposed_stream_throws_ObjectDisposedException()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>(4);
        GpuStream stream = _context.CreateStream();
        stream.Dispose();

        Assert.Throws<ObjectDisposedException>(() => buffer.ClearAsync(stream));
    }

    [Fact]
    public void Empty_pinned_buffers_copy_without_error_and_negative_lengths_are_refused()
    {
        using PinnedBuffer<float> empty = _context.AllocatePinned<float>(0);
        using DeviceBuffer<float> buffer = _context.Allocate<float>(0);

        buffer.CopyFromAsync(empty, _stream);
        buffer.CopyToAsync(empty, _stream);

        Assert.Equal(0, empty.Span.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => _context.AllocatePinned<float>(-1));
    }

    [Fact]
    public void A_pinned_buffer_created_from_host_data_holds_a_copy_of_it()
    {
        int[] host = [4, 5, 6];
        using PinnedBuffer<int> pinned = _context.AllocatePinned<int>(host);
        host[0] = 0;

        Assert.Equal([4, 5, 6], pinned.Span.ToArray());
        Assert.Same(_context, pinned.Context);
    }

    [Fact]
    public void A_pinned_buffer_of_a_disposed_context_throws_ObjectDisposedException_and_disposes_quietly()
    {
        GpuContext context = GpuContext.Create(GpuBackend.Cpu);
        PinnedBuffer<int> pinned = context.AllocatePinned<int>(8);

        context.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pinned.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => context.AllocatePinned<int>(1));
        pinned.Dispose();
    }
}
