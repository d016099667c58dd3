using GpuDsl.Cpu;
using GpuDsl.Cuda;

namespace GpuDsl;

// Several devices in one process: which there are, and copies between their memories.
public abstract partial class GpuContext
{
    /// <summary>
    /// The CUDA devices present, in ordinal order (as <c>CUDA_VISIBLE_DEVICES</c> shows them): name, memory and limits.
    /// Open one with <c>GpuContext.Create(GpuBackend.Cuda, ordinal)</c>. Empty when there is no driver or no device.
    /// </summary>
    public static IReadOnlyList<DeviceInfo> ListCudaDevices() => CudaContext.ListDevices();

    /// <summary>
    /// Whether this context's device can read and write <paramref name="peer"/>'s memory directly (NVLink or PCIe
    /// peer-to-peer; <c>cuDeviceCanAccessPeer</c>). Two contexts of the CPU backend share host memory, so always can;
    /// contexts of different backends never can.
    /// </summary>
    public bool CanAccessPeer(GpuContext peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ThrowIfDisposed();
        ObjectDisposedException.ThrowIf(peer.IsDisposed, peer);
        return (this, peer) switch
        {
            (CpuContext, CpuContext) => true,
            (CudaContext cuda, CudaContext other) => cuda.CanAccessPeer(other),
            _ => false,
        };
    }

    /// <summary>
    /// Lets this context's device access <paramref name="peer"/>'s memory directly, where <see cref="CanAccessPeer"/>
    /// says the hardware allows it, so <see cref="DeviceSpan{T}.CopyToPeer"/> from <paramref name="peer"/>'s buffers into
    /// this context's goes device to device. Returns whether direct access is on; when it is not, peer copies still work,
    /// staged through host memory. Enabling twice is harmless.
    /// </summary>
    public bool EnablePeerAccess(GpuContext peer)
    {
        if (!CanAccessPeer(peer))
        {
            return false;
        }

        return this is not CudaContext cuda || cuda.EnablePeerAccess((CudaContext)peer);
    }

    /// <summary>
    /// Copies <paramref name="bytes"/> from this context's <paramref name="source"/> to <paramref name="destination"/> in
    /// <paramref name="destinationContext"/>, a context of the same backend; on <paramref name="stream"/> (of this
    /// context) when given, else synchronously.
    /// </summary>
    internal abstract void CopyToPeer(nint destination, GpuContext destinationContext, nint source, long bytes, GpuStream? stream);
}
