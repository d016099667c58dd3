namespace GpuDsl.CompilerServices;

/// <summary>
/// The launch-time test that a kernel's read-only span argument does not overlap a writable one. A
/// <see cref="ReadOnlySpan{T}"/> parameter is <c>const T* __restrict__</c> in CUDA, a promise that nothing the kernel
/// writes changes it, on which NVRTC relies (it reads such memory through the read-only cache and reorders loads past
/// stores). Passing one buffer as both gives results that depend on the GPU's timing, while the CPU backend computes
/// the "expected" answer, so every launch on either backend is refused before anything runs. The backends' argument
/// loaders record each span in a <see cref="LaunchViews"/>; only a launch that overlaps pays for the names.
/// </summary>
internal static class LaunchAliasing
{
    /// <summary>
    /// Throws the <see cref="ArgumentException"/> that names the overlapping parameters of <paramref name="arguments"/>,
    /// whose <see cref="LaunchViews"/> found an overlap: the slow path, which loads the arguments again to learn the names.
    /// </summary>
    public static void ThrowOverlap<TArguments>(KernelDescriptor kernel, in TArguments arguments) where TArguments : struct, IKernelArguments
    {
        NamedViews views = new() { Kernel = kernel, Views = [] };
        arguments.Load(ref views);
        foreach ((string readOnly, nint readOnlyAddress, long readOnlyBytes, _) in views.Views.Where(v => v.ReadOnly))
        {
            foreach ((string writable, nint writableAddress, long writableBytes, _) in views.Views.Where(v => !v.ReadOnly))
            {
                ThrowIfOverlapping(kernel, readOnly, readOnlyAddress, readOnlyBytes, writable, writableAddress, writableBytes);
            }
        }

        throw new InvalidOperationException($"The arguments of {kernel.DisplayName} overlapped on a first look but not on a second.");
    }

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

/// <summary>The span arguments with their names, collected only to word an overlap's message.</summary>
file struct NamedViews : IKernelArgumentLoader
{
    public required KernelDescriptor Kernel;
    public required List<(string Name, nint Address, long Bytes, bool ReadOnly)> Views;

    public void Span<T>(DeviceSpan<T> span, string name, bool readOnly) where T : unmanaged =>
        Views.Add((name, span.Length == 0 ? 0 : span.Address, span.SizeInBytes, readOnly));

    public void Span2D<T>(DeviceSpan2D<T> span, string name, bool readOnly) where T : unmanaged => Span(span.Elements, name, readOnly);

    public void Span3D<T>(DeviceSpan3D<T> span, string name, bool readOnly) where T : unmanaged => Span(span.Elements, name, readOnly);

    public void Value<T>(in T value, int alignment) where T : unmanaged
    {
    }
}
