using System.Runtime.InteropServices;
using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

/// <summary>Reads a CUDA device's name, memory and launch limits from the driver.</summary>
internal static class CudaDevice
{
    /// <summary>The device's <see cref="DeviceInfo"/>, and the shared memory per block it allows when a kernel opts in.</summary>
    public static unsafe (DeviceInfo Info, int MaxSharedMemoryPerBlockOptIn) Describe(int device)
    {
        const int nameCapacity = 256;
        byte* name = stackalloc byte[nameCapacity];
        ThrowIfFailed(cuDeviceGetName(name, nameCapacity, device));
        ThrowIfFailed(cuDeviceTotalMem_v2(out nuint totalMemory, device));

        DeviceInfo info = new(
            Name: Marshal.PtrToStringUTF8((nint)name) ?? $"CUDA device {device}",
            ComputeCapabilityMajor: Attribute(CUdevice_attribute.COMPUTE_CAPABILITY_MAJOR, device),
            ComputeCapabilityMinor: Attribute(CUdevice_attribute.COMPUTE_CAPABILITY_MINOR, device),
            MultiprocessorCount: Attribute(CUdevice_attribute.MULTIPROCESSOR_COUNT, device),
            MaxThreadsPerBlock: Attribute(CUdevice_attribute.MAX_THREADS_PER_BLOCK, device),
            MaxBlockDim: new Dim3(
                Attribute(CUdevice_attribute.MAX_BLOCK_DIM_X, device),
                Attribute(CUdevice_attribute.MAX_BLOCK_DIM_Y, device),
                Attribute(CUdevice_attribute.MAX_BLOCK_DIM_Z, device)),
            MaxGridDim: new Dim3(
                Attribute(CUdevice_attribute.MAX_GRID_DIM_X, device),
                Attribute(CUdevice_attribute.MAX_GRID_DIM_Y, device),
                Attribute(CUdevice_attribute.MAX_GRID_DIM_Z, device)),
            MaxSharedMemoryPerBlock: Attribute(CUdevice_attribute.MAX_SHARED_MEMORY_PER_BLOCK, device),
            WarpSize: Attribute(CUdevice_attribute.WARP_SIZE, device),
            TotalMemory: (long)totalMemory);

        // Devices before Volta report 0 here: they have no opt-in, so the plain limit is the limit.
        int optIn = Math.Max(Attribute(CUdevice_attribute.MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, device), info.MaxSharedMemoryPerBlock);
        return (info, optIn);
    }

    private static int Attribute(CUdevice_attribute attribute, int device)
    {
        ThrowIfFailed(cuDeviceGetAttribute(out int value, attribute, device), $"cuDeviceGetAttribute({attribute})");
        return value;
    }
}
