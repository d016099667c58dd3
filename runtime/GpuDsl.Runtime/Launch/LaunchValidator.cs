using System.Runtime.CompilerServices;

namespace GpuDsl;

/// <summary>Checks a launch configuration against the device's and the kernel's limits before anything is launched.</summary>
internal static class LaunchValidator
{
    /// <param name="kernel">The kernel being launched.</param>
    /// <param name="config">The configuration.</param>
    /// <param name="device">The device's limits.</param>
    /// <param name="kernelMaxThreads">The kernel's own thread limit (from its register use), or the device's.</param>
    /// <param name="staticSharedBytes">Shared memory the kernel declares statically.</param>
    /// <param name="maxSharedBytes">Shared memory a block may use, static plus dynamic.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Validate(
        KernelDescriptor kernel, in LaunchConfig config, DeviceInfo device, int kernelMaxThreads, int staticSharedBytes, int maxSharedBytes)
    {
        // Every launch passes here: the common case is one branch-free test, and only a violation looks for which limit.
        Dim3 block = config.Block, grid = config.Grid, maxBlock = device.MaxBlockDim, maxGrid = device.MaxGridDim;
        long threads = block.Volume;
        bool fits =
            (uint)(block.X - 1) < (uint)maxBlock.X & (uint)(block.Y - 1) < (uint)maxBlock.Y & (uint)(block.Z - 1) < (uint)maxBlock.Z &
            (uint)(grid.X - 1) < (uint)maxGrid.X & (uint)(grid.Y - 1) < (uint)maxGrid.Y & (uint)(grid.Z - 1) < (uint)maxGrid.Z &
            threads <= Math.Min(device.MaxThreadsPerBlock, kernelMaxThreads) &
            config.SharedMemoryBytes >= 0 & (long)staticSharedBytes + config.SharedMemoryBytes <= maxSharedBytes;
        if (!fits)
        {
            ThrowViolation(kernel, config, device, kernelMaxThreads, staticSharedBytes, maxSharedBytes);
        }
    }

    /// <summary>Throws for the limit that <paramref name="config"/> breaks, the most telling one first.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowViolation(
        KernelDescriptor kernel, in LaunchConfig config, DeviceInfo device, int kernelMaxThreads, int staticSharedBytes, int maxSharedBytes)
    {
        string name = kernel.DisplayName;

        // The thread count first: for a one-dimensional block that is too large, it is the limit that explains the fix.
        long threads = config.Block.Volume;
        if (threads > device.MaxThreadsPerBlock)
        {
            throw InvalidLaunchException.AboveLimit(name, "MaxThreadsPerBlock", device.MaxThreadsPerBlock, threads,
                $"a block of {config.Block} has {threads:N0} threads, more than the device allows per block");
        }

        if (threads > kernelMaxThreads)
        {
            throw InvalidLaunchException.AboveLimit(name, "the kernel's MaxThreadsPerBlock", kernelMaxThreads, threads,
                $"a block of {threads:N0} threads is more than this kernel can run with its register use");
        }

        CheckExtent(name, "block", "Block", config.Block, device.MaxBlockDim, "MaxBlockDim");
        CheckExtent(name, "grid", "Grid", config.Grid, device.MaxGridDim, "MaxGridDim");

        if (config.SharedMemoryBytes < 0)
        {
            throw InvalidLaunchException.BelowMinimum(name, "SharedMemoryBytes", 0, config.SharedMemoryBytes,
                $"dynamic shared memory must be at least 0 bytes, and the launch asks for {config.SharedMemoryBytes:N0}");
        }

        long shared = (long)staticSharedBytes + config.SharedMemoryBytes;
        if (shared > maxSharedBytes)
        {
            throw InvalidLaunchException.AboveLimit(name, "MaxSharedMemoryPerBlock", maxSharedBytes, shared,
                $"{staticSharedBytes:N0} bytes of static plus {config.SharedMemoryBytes:N0} of dynamic shared memory is more than a block may use");
        }
    }

    // what: "grid" or "block", for messages; dimension: "Grid" or "Block", the limit's name for an extent below 1
    // (Grid.X); limit: the device's maximum (MaxGridDim) for one above it.
    private static void CheckExtent(string kernel, string what, string dimension, Dim3 value, Dim3 max, string limit)
    {
        CheckOne(kernel, what, dimension, value, "x", value.X, max.X, limit);
        CheckOne(kernel, what, dimension, value, "y", value.Y, max.Y, limit);
        CheckOne(kernel, what, dimension, value, "z", value.Z, max.Z, limit);
    }

    private static void CheckOne(string kernel, string what, string dimension, Dim3 whole, string axis, int value, int max, string limit)
    {
        string upperAxis = axis.ToUpperInvariant();
        if (value < 1)
        {
            // A minimum, not a device limit: named after the dimension (Grid.X), not after MaxGridDim.
            throw InvalidLaunchException.BelowMinimum(kernel, $"{dimension}.{upperAxis}", 1, value,
                $"the {what}'s {axis} extent must be at least 1, and the launch asks for {value:N0} ({what} {whole}); " +
                "skip the launch when there is no work");
        }

        if (value > max)
        {
            throw InvalidLaunchException.AboveLimit(kernel, $"{limit}.{upperAxis}", max, value,
                $"the {what}'s {axis} extent is larger than the device allows");
        }
    }
}
