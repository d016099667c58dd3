using System.Runtime.CompilerServices;

namespace GpuDsl.CompilerServices;

/// <summary>
/// The checks every backend makes of a launch's span arguments before anything runs: each buffer belongs to the launch's
/// context and is not disposed (and is kept alive by a graph being captured), and no read-only span overlaps a writable
/// one. The CPU backend's loader; the CUDA backend's packer does the same on its way.
/// </summary>
internal struct ArgumentCheck(GpuContext context, KernelDescriptor kernel) : IKernelArgumentLoader
{
    /// <summary>The views of the spans checked so far.</summary>
    public LaunchViews Views;

    /// <summary>Checks <paramref name="span"/> and returns its device address (0 when empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Address<T>(DeviceSpan<T> span, string name, bool readOnly) where T : unmanaged
    {
        nint address = span.GetArgumentAddress(context, kernel, name);
        Views.Add(address, span.SizeInBytes, readOnly);
        return address;
    }

    public void Span<T>(DeviceSpan<T> span, string name, bool readOnly) where T : unmanaged => Address(span, name, readOnly);

    public void Span2D<T>(DeviceSpan2D<T> span, string name, bool readOnly) where T : unmanaged => Address(span.Elements, name, readOnly);

    public void Span3D<T>(DeviceSpan3D<T> span, string name, bool readOnly) where T : unmanaged => Address(span.Elements, name, readOnly);

    public void Value<T>(in T value, int alignment) where T : unmanaged
    {
    }

    /// <summary>Throws the message that names them when <see cref="Views"/> found overlapping arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void ThrowIfOverlapping<TArguments>(in TArguments arguments) where TArguments : struct, IKernelArguments
    {
        if (Views.Overlap)
        {
            LaunchAliasing.ThrowOverlap(kernel, in arguments);
        }
    }
}
