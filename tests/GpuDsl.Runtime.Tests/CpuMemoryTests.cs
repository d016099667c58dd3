using System.Runtime.CompilerServices;
using GpuDsl.Cpu;

namespace GpuDsl.Runtime.Tests;

/// <summary><see cref="DeviceBuffer{T}"/> and <see cref="DeviceSpan{T}"/> over the CPU backend's memory.</summary>
public sealed class CpuMemoryTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1 << 20)]
    public void Allocate_from_host_data_round_trips_through_ToArray(int length)
    {
        double[] host = [.. Enumerable.Range(0, length).Select(i => i * 1.25 - 3)];

        using DeviceBuffer<double> buffer = _context.Allocate<double>(host);

        Assert.Equal(length, buffer.Length);
        Assert.Equal(length * 8L, buffer.SizeInBytes);
        Assert.Equal(host, buffer.ToArray());
    }

    [Fact]
    public void Allocate_by_length_returns_zeroed_memory_aligned_to_64_bytes()
    {
        using DeviceBuffer<byte> first = _context.Allocate<byte>(3);
        using DeviceBuffer<long> second = _context.Allocate<long>(1000);

        Assert.All(second.ToArray(), value => Assert.Equal(0, value));
        Assert.Equal(0, AddressOf(first) % 64);
        Assert.Equal(0, AddressOf(second) % 64);
    }

    [Fact]
    public void Empty_buffer_copies_and_clears_without_error()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>(0);

        buffer.CopyFrom([]);
        buffer.Clear();

        Assert.Empty(buffer.ToArray());
    }

    [Fact]
    public void Clear_zeroes_every_element()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>([1, 2, 3, 4, 5]);

        buffer.Clear();

        Assert.Equal([0, 0, 0, 0, 0], buffer.ToArray());
    }

    [Fact]
    public void Slice_reads_writes_and_clears_only_its_window()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>([1, 2, 3, 4, 5, 6]);
        DeviceSpan<int> middle = buffer.Slice(2, 3);

        Assert.Equal([3, 4, 5], middle.ToArray());
        middle.CopyFrom([30, 40]);
        Assert.Equal([1, 2, 30, 40, 5, 6], buffer.ToArray());
        middle.Slice(1, 2).Clear();
        Assert.Equal([1, 2, 30, 0, 0, 6], buffer.ToArray());
    }

    [Fact]
    public void Slice_outside_the_buffer_throws_ArgumentOutOfRangeException()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>(6);

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Slice(4, 3));

        Assert.Contains("Slice(4, 3)", error.Message);
    }

    [Fact]
    public void Device_to_device_copy_copies_buffers_and_slices()
    {
        using DeviceBuffer<short> source = _context.Allocate<short>([1, 2, 3, 4]);
        using DeviceBuffer<short> whole = _context.Allocate<short>(4);
        using DeviceBuffer<short> wider = _context.Allocate<short>([9, 9, 9, 9, 9, 9]);

        source.CopyTo(whole);
        source.Slice(1, 2).CopyTo(wider.Slice(3, 3));

        Assert.Equal([1, 2, 3, 4], whole.ToArray());
        Assert.Equal([9, 9, 9, 2, 3, 9], wider.ToArray());
    }

    [Fact]
    public void Overlapping_device_copy_within_one_buffer_behaves_like_memmove()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>([1, 2, 3, 4, 5, 6]);

        buffer.Slice(0, 4).CopyTo(buffer.Slice(2, 4));

        Assert.Equal([1, 2, 1, 2, 3, 4], buffer.ToArray());
    }

    [Fact]
    public void Copy_to_a_longer_host_array_fills_only_its_start()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>([7, 8]);
        int[] host = [-1, -1, -1];

        buffer.CopyTo(host);

        Assert.Equal([7, 8, -1], host);
    }

    [Fact]
    public void Too_small_host_destination_throws_ArgumentException_with_both_lengths()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>(10);

        ArgumentException error = Assert.Throws<ArgumentException>(() => buffer.CopyTo(new int[4]));

        Assert.Equal("destination", error.ParamName);
        Assert.Contains("4 elements", error.Message);
        Assert.Contains("holds 10", error.Message);
    }

    [Fact]
    public void Too_small_device_destination_throws_ArgumentException_with_both_lengths()
    {
        using DeviceBuffer<int> source = _context.Allocate<int>(10);
        using DeviceBuffer<int> destination = _context.Allocate<int>(3);

        ArgumentException error = Assert.Throws<ArgumentException>(() => source.CopyTo(destination));

        Assert.Contains("3 elements", error.Message);
        Assert.Contains("holds 10", error.Message);
    }

    [Fact]
    public void Too_long_host_source_throws_ArgumentException_and_leaves_the_buffer_unchanged()
    {
        using DeviceBuffer<int> buffer = _context.Allocate<int>([1, 2, 3]);

        ArgumentException error = Assert.Throws<ArgumentException>(() => buffer.CopyFrom([4, 5, 6, 7]));

        Assert.Equal("source", error.ParamName);
        Assert.Contains("4 elements", error.Message);
        Assert.Contains("only 3", error.Message);
        Assert.Equal([1, 2, 3], buffer.ToArray());
    }

    [Fact]
    public void Copy_between_contexts_throws_ArgumentException()
    {
        using GpuContext other = GpuContext.Create(GpuBackend.Cpu);
        using DeviceBuffer<int> source = _context.Allocate<int>(2);
        using DeviceBuffer<int> destination = other.Allocate<int>(2);

        ArgumentException error = Assert.Throws<ArgumentException>(() => source.CopyTo(destination));

        Assert.Contains("another context", error.Message);
    }

    [Fact]
    public void Use_after_dispose_throws_ObjectDisposedException_and_a_second_dispose_is_harmless()
    {
        DeviceBuffer<int> buffer = _context.Allocate<int>([1, 2, 3]);
        DeviceSpan<int> span = buffer.Slice(1, 1);

        buffer.Dispose();
        buffer.Dispose();

        Assert.True(buffer.IsDisposed);
        ObjectDisposedException error = Assert.Throws<ObjectDisposedException>(() => buffer.ToArray());
        Assert.Contains("DeviceBuffer<Int32>", error.Message);
        Assert.Throws<ObjectDisposedException>(() => buffer.CopyFrom([1]));
        Assert.Throws<ObjectDisposedException>(buffer.Clear);
        Assert.Throws<ObjectDisposedException>(() => span.ToArray());
    }

    [Fact]
    public void Disposing_the_context_frees_its_buffers_which_then_throw_ObjectDisposedException()
    {
        GpuContext context = GpuContext.Create(GpuBackend.Cpu);
        DeviceBuffer<int> buffer = context.Allocate<int>([1, 2, 3]);
        using DeviceBuffer<int> second = context.Allocate<int>(5);

        context.Dispose();
        context.Dispose();

        Assert.Equal(0, ((CpuContext)context).LiveAllocationCount);
        Assert.Throws<ObjectDisposedException>(() => buffer.ToArray());
        Assert.Throws<ObjectDisposedException>(() => context.Allocate<int>(1));
        buffer.Dispose();
    }

    [Fact]
    public void Buffers_that_are_never_disposed_are_freed_by_their_finalizer()
    {
        CpuContext context = (CpuContext)_context;
        int before = context.LiveAllocationCount;

        AllocateAndForget(context, 8);
        Assert.Equal(before + 8, context.LiveAllocationCount);
        for (int attempt = 0; attempt < 10 && context.LiveAllocationCount > before; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(before, context.LiveAllocationCount);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateAndForget(GpuContext context, int count)
    {
        for (int i = 0; i < count; i++)
        {
            context.Allocate<float>(1024);
        }
    }

    private static unsafe long AddressOf<T>(DeviceBuffer<T> buffer) where T : unmanaged =>
        (long)Unsafe.AsPointer(ref buffer.AsSpan().AsCpuSpan()[0]);
}
