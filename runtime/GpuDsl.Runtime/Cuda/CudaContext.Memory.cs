using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

// Device and pinned host memory for DeviceBuffer<T> and PinnedBuffer<T>. Synchronous copies and fills use the legacy
// default stream, which orders them after every launch already queued on the blocking streams this context creates;
// copies to the host return once the data is there. That same ordering makes them illegal while a graph is being
// captured, so they refuse then with a message naming the async forms, which go on the stream they are given.
public sealed partial class CudaContext
{
    // Every live allocation of this context (true for pinned host memory). The primary context outlives one
    // GpuContext, so its memory would outlive the context too; DisposeCore frees what buffers still hold, as
    // GpuContext.Dispose promises.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<nint, bool> _allocations = new();

    internal override nint AllocateMemory(long bytes)
    {
        EnterCall();
        CUresult result = cuMemAlloc_v2(out nint address, (nuint)bytes);
        if (result != CUresult.CUDA_SUCCESS)
        {
            throw Failure(result, $"Allocating {Size(bytes)} on {Device.Name}",
                result == CUresult.CUDA_ERROR_OUT_OF_MEMORY ? FreeMemoryAdvice() : null);
        }

        _allocations[address] = false;
        return address;
    }

    /// <summary>Frees device memory; a no-op once the context is released, and never throws (it runs from finalizers).</summary>
    internal override void FreeMemory(nint address)
    {
        if (!DeferFreeDuringCapture(address, pinned: false))
        {
            ReleaseIfAlive((Context: this, Address: address), static s => s.Context.Forget(s.Address) ? cuMemFree_v2(s.Address) : CUresult.CUDA_SUCCESS);
        }
    }

    internal override unsafe void CopyToDevice(nint destination, ReadOnlySpan<byte> source)
    {
        EnterCall();
        ThrowIfCapturing("copy to the device");
        fixed (byte* host = source)
        {
            Check(cuMemcpyHtoD_v2(destination, host, (nuint)source.Length));
        }
    }

    internal override unsafe void CopyToHost(Span<byte> destination, nint source)
    {
        EnterCall();
        ThrowIfCapturing("copy to the host");
        fixed (byte* host = destination)
        {
            Check(cuMemcpyDtoH_v2(host, source, (nuint)destination.Length));
        }

        ThrowIfIndexOutOfRange();
    }

    internal override void CopyOnDevice(nint destination, nint source, long bytes)
    {
        EnterCall();
        ThrowIfCapturing("device-to-device copy");
        Check(cuMemcpyDtoD_v2(destination, source, (nuint)bytes));
    }

    internal override void Fill(nint destination, long bytes, byte value)
    {
        EnterCall();
        ThrowIfCapturing("clear");
        Check(cuMemsetD8_v2(destination, value, (nuint)bytes));
    }

    // ---- Pinned host memory and stream-ordered copies

    internal override nint AllocatePinnedMemory(long bytes)
    {
        EnterCall();
        CUresult result = cuMemHostAlloc(out nint address, (nuint)bytes, flags: 0);
        if (result != CUresult.CUDA_SUCCESS)
        {
            throw Failure(result, $"Pinning {Size(bytes)} of host memory with cuMemHostAlloc",
                result == CUresult.CUDA_ERROR_OUT_OF_MEMORY
                    ? "Pinned memory is RAM the operating system cannot page out, and it is limited: pin less (reuse a few staging buffers), or raise the locked-memory limit (ulimit -l)."
                    : null);
        }

        _allocations[address] = true;
        return address;
    }

    /// <summary>Frees pinned memory; a no-op once the context is released (the memory went with it), and never throws.</summary>
    internal override void FreePinnedMemory(nint address)
    {
        if (!DeferFreeDuringCapture(address, pinned: true))
        {
            ReleaseIfAlive((Context: this, Address: address), static s => s.Context.Forget(s.Address) ? cuMemFreeHost(s.Address) : CUresult.CUDA_SUCCESS);
        }
    }

    internal override unsafe void CopyToDeviceAsync(nint destination, nint source, long bytes, GpuStream stream)
    {
        EnterCall();
        nint handle = WorkStreamHandle(stream, "An asynchronous copy to the device");
        Check(cuMemcpyHtoDAsync_v2(destination, (void*)source, (nuint)bytes, handle));
    }

    internal override unsafe void CopyToHostAsync(nint destination, nint source, long bytes, GpuStream stream)
    {
        EnterCall();
        nint handle = WorkStreamHandle(stream, "An asynchronous copy to the host");
        Check(cuMemcpyDtoHAsync_v2((void*)destination, source, (nuint)bytes, handle));
    }

    internal override void CopyOnDeviceAsync(nint destination, nint source, long bytes, GpuStream stream)
    {
        EnterCall();
        nint handle = WorkStreamHandle(stream, "An asynchronous device-to-device copy");
        Check(cuMemcpyDtoDAsync_v2(destination, source, (nuint)bytes, handle));
    }

    internal override void FillAsync(nint destination, long bytes, byte value, GpuStream stream)
    {
        EnterCall();
        nint handle = WorkStreamHandle(stream, "An asynchronous clear");
        Check(cuMemsetD8Async(destination, value, (nuint)bytes, handle));
    }

    private string FreeMemoryAdvice() =>
        cuMemGetInfo_v2(out nuint free, out nuint total) == CUresult.CUDA_SUCCESS
            ? $"{Size((long)free)} of the device's {Size((long)total)} is free."
            : "The device's free memory could not be read.";

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes} bytes",
    };

    /// <summary>Takes an allocation off the live list; false when it was not on it (already freed with the context).</summary>
    private bool Forget(nint address) => _allocations.TryRemove(address, out _);

    /// <summary>Frees every allocation still live; called under the lifetime lock with the context current.</summary>
    private void FreeAllocations()
    {
        foreach ((nint address, bool pinned) in _allocations)
        {
            _ = pinned ? cuMemFreeHost(address) : cuMemFree_v2(address);
        }

        _allocations.Clear();
    }
}
