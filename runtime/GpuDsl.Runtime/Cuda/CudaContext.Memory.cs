using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

// Device memory for DeviceBuffer<T>. Copies and fills use the legacy default stream, which orders them after every
// launch already queued on the blocking streams this context creates; copies to the host return once the data is there.
public sealed partial class CudaContext
{
    internal override nint AllocateMemory(long bytes)
    {
        EnterCall();
        CUresult result = cuMemAlloc_v2(out nint address, (nuint)bytes);
        if (result != CUresult.CUDA_SUCCESS)
        {
            throw Failure(result, $"Allocating {Size(bytes)} on {Device.Name}",
                result == CUresult.CUDA_ERROR_OUT_OF_MEMORY ? FreeMemoryAdvice() : null);
        }

        return address;
    }

    /// <summary>Frees device memory; a no-op once the context is released, and never throws (it runs from finalizers).</summary>
    internal override void FreeMemory(nint address) => ReleaseIfAlive(address, static a => cuMemFree_v2(a));

    internal override unsafe void CopyToDevice(nint destination, ReadOnlySpan<byte> source)
    {
        EnterCall();
        fixed (byte* host = source)
        {
            Check(cuMemcpyHtoD_v2(destination, host, (nuint)source.Length));
        }
    }

    internal override unsafe void CopyToHost(Span<byte> destination, nint source)
    {
        EnterCall();
        fixed (byte* host = destination)
        {
            Check(cuMemcpyDtoH_v2(host, source, (nuint)destination.Length));
        }
    }

    internal override void CopyOnDevice(nint destination, nint source, long bytes)
    {
        EnterCall();
        Check(cuMemcpyDtoD_v2(destination, source, (nuint)bytes));
    }

    internal override void Fill(nint destination, long bytes, byte value)
    {
        EnterCall();
        Check(cuMemsetD8_v2(destination, value, (nuint)bytes));
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
}
