using System.ComponentModel;

namespace GpuDsl.CompilerServices;

/// <summary>
/// The launch-time test that a kernel's read-only span argument does not overlap a writable one. A
/// <see cref="ReadOnlySpan{T}"/> parameter is <c>const T* __restrict__</c> in CUDA, a promise that nothing the kernel
/// writes changes it, on which NVRTC relies (it reads such memory through the read-only cache and reorders loads past
/// stores). Passing one buffer as both gives results that depend on the GPU's timing, while the CPU backend computes
/// the "expected" answer, so every launch on either backend is refused before anything runs. Called by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LaunchAliasing
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming both parameters when the <paramref name="readOnlyBytes"/> bytes at
    /// <paramref name="readOnlyAddress"/> and the <paramref name="writableBytes"/> bytes at
    /// <paramref name="writableAddress"/> share a byte.
    /// </summary>
    /// <param name="kernel">The kernel launched.</param>
    /// <param name="readOnly">The read-only span parameter's name.</param>
    /// <param name="readOnlyAddress">The device address given for it.</param>
    /// <param name="readOnlyBytes">The bytes in view for it.</param>
    /// <param name="writable">The writable span parameter's name.</param>
    /// <param name="writableAddress">The device address given for it.</param>
    /// <param name="writableBytes">The bytes in view for it.</param>
    public static void ThrowIfOverlapping(
        KernelDescriptor kernel, string readOnly, nint readOnlyAddress, long readOnlyBytes, string writable, nint writableAddress, long writableBytes)
    {
        if (readOnlyBytes > 0 && writableBytes > 0 &&
            (long)readOnlyAddress < (long)writableAddress + writableBytes && (long)writableAddress < (long)readOnlyAddress + readOnlyBytes)
        {
            throw Overlap(kernel, readOnly, readOnlyAddress, readOnlyBytes, writable, writableAddress, writableBytes);
        }
    }

    private static ArgumentException Overlap(
        KernelDescriptor kernel, string readOnly, nint readOnlyAddress, long readOnlyBytes, string writable, nint writableAddress, long writableBytes)
    {
        long first = Math.Max((long)readOnlyAddress, (long)writableAddress);
        long last = Math.Min((long)readOnlyAddress + readOnlyBytes, (long)writableAddress + writableBytes);
        return new ArgumentException(
            $"Cannot launch {kernel.DisplayName}: the read-only argument '{readOnly}' and the writable argument '{writable}' overlap " +
            $"({last - first:N0} bytes of the same memory, from byte {first - (long)readOnlyAddress:N0} of '{readOnly}' and byte {first - (long)writableAddress:N0} of '{writable}'). " +
            $"A ReadOnlySpan<T> parameter is 'const T* __restrict__' on the GPU, which promises that nothing the kernel writes changes it, " +
            $"so the GPU may read stale values where the CPU backend would not. Pass separate memory (copy the input first), " +
            $"or declare '{readOnly}' as a Span<T> to update the data in place.",
            writable);
    }
}
