using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

// Several GPUs: enumeration, peer access and copies between devices' memories.
public sealed partial class CudaContext
{
    /// <summary>Every CUDA device's description; empty when there is no usable driver or no device.</summary>
    internal static IReadOnlyList<DeviceInfo> ListDevices()
    {
        try
        {
            if (!CudaDriver.TryLoad(out _) || cuInit(0) != CUresult.CUDA_SUCCESS || cuDeviceGetCount(out int count) != CUresult.CUDA_SUCCESS)
            {
                return [];
            }

            List<DeviceInfo> devices = [];
            for (int ordinal = 0; ordinal < count; ordinal++)
            {
                ThrowIfFailed(cuDeviceGet(out int device, ordinal));
                devices.Add(CudaDevice.Describe(device).Info);
            }

            return devices;
        }
        catch (EntryPointNotFoundException)
        {
            return [];
        }
    }

    internal bool CanAccessPeer(CudaContext peer)
    {
        if (peer._device == _device)
        {
            return true;
        }

        Check(cuDeviceCanAccessPeer(out int canAccess, _device, peer._device),
            $"Asking whether device {DeviceOrdinal} can access device {peer.DeviceOrdinal} (cuDeviceCanAccessPeer)");
        return canAccess != 0;
    }

    /// <summary>Enables access from this context to <paramref name="peer"/>'s memory; false when the hardware refuses.</summary>
    internal bool EnablePeerAccess(CudaContext peer)
    {
        if (peer._device == _device)
        {
            return true;
        }

        EnterCall();
        CUresult result = cuCtxEnablePeerAccess(peer._context, flags: 0);
        return result switch
        {
            CUresult.CUDA_SUCCESS or CUresult.CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED => true,
            CUresult.CUDA_ERROR_PEER_ACCESS_UNSUPPORTED or CUresult.CUDA_ERROR_TOO_MANY_PEERS => false,
            _ => throw Failure(result, $"Enabling access from device {DeviceOrdinal} to device {peer.DeviceOrdinal} (cuCtxEnablePeerAccess)"),
        };
    }

    /// <summary>
    /// <c>cuMemcpyPeer</c>: device to device where peer access is on, and staged through host memory by the driver where
    /// it is not, so it works between any two devices.
    /// </summary>
    internal override void CopyToPeer(nint destination, GpuContext destinationContext, nint source, long bytes, GpuStream? stream)
    {
        CudaContext target = (CudaContext)destinationContext;
        target.EnterCall();
        EnterCall();
        if (stream is null)
        {
            ThrowIfCapturing("copy between devices");
            Check(cuMemcpyPeer(destination, target._context, source, _context, (nuint)bytes),
                $"Copying {bytes} bytes from device {DeviceOrdinal} to device {target.DeviceOrdinal} (cuMemcpyPeer)");
            return;
        }

        nint handle = WorkStreamHandle(stream, "An asynchronous copy between devices");
        Check(cuMemcpyPeerAsync(destination, target._context, source, _context, (nuint)bytes, handle),
            $"Copying {bytes} bytes from device {DeviceOrdinal} to device {target.DeviceOrdinal} (cuMemcpyPeerAsync)");
    }
}
