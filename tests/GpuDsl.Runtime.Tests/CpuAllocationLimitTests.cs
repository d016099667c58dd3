using System.Runtime.CompilerServices;

namespace GpuDsl.Runtime.Tests;

/// <summary>
/// Allocations the CPU backend cannot make, and copies of buffers whose bytes do not fit in one span: both without
/// touching more than a few bytes of memory.
/// </summary>
public sealed class CpuAllocationLimitTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Allocating_more_than_the_host_has_throws_CUDA_ERROR_OUT_OF_MEMORY_naming_the_bytes_and_the_backend()
    {
        // int.MaxValue elements of 1 KiB: 2 TiB, more than any machine this runs on, refused before anything is allocated.
        long bytes = (long)int.MaxValue * Unsafe.SizeOf<Kibibyte>();
        long freeBefore = _context.GetMemoryInfo().FreeBytes;

        CudaException e = Assert.Throws<CudaException>(() => _context.Allocate<Kibibyte>(int.MaxValue));

        Assert.Equal("CUDA_ERROR_OUT_OF_MEMORY", e.ErrorName);
        Assert.StartsWith($"Allocating 2048 GiB ({bytes:N0} bytes) of device memory on the {_context.Device.Name} failed: out of memory.", e.Message);
        Assert.Contains("this process may use is free", e.Message);
        Assert.Equal(freeBefore, _context.GetMemoryInfo().FreeBytes);
        using DeviceBuffer<int> stillWorks = _context.Allocate<int>([42]);
        Assert.Equal([42], stillWorks.ToArray());
    }

    [Fact]
    public void Pinned_memory_beyond_the_host_throws_the_same_exception()
    {
        CudaException e = Assert.Throws<CudaException>(() => _context.AllocatePinned<Kibibyte>(int.MaxValue));

        Assert.Equal("CUDA_ERROR_OUT_OF_MEMORY", e.ErrorName);
        Assert.Contains("of pinned memory on the CPU backend", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void A_host_copy_in_pieces_moves_every_element_once_and_stays_inside_its_slice(int piece)
    {
        // Copies of more than 1 GiB go in pieces (a span of bytes holds at most 2 GiB); small pieces show the same path.
        int[] host = [.. Enumerable.Range(1, 20)];
        using DeviceBuffer<int> buffer = _context.Allocate<int>(Enumerable.Repeat(-1, 24).ToArray());
        DeviceSpan<int> middle = buffer.Slice(2, 20);

        middle.CopyFrom(host, piece);
        int[] back = new int[20];
        middle.CopyTo(back, piece);

        Assert.Equal(host, back);
        Assert.Equal([-1, -1, .. host, -1, -1], buffer.ToArray());
    }

    [InlineArray(128)]
    private struct Kibibyte
    {
        private long _element;
    }
}
