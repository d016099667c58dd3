namespace GpuDsl;

/// <summary>Owns one device allocation (see <see cref="OwnedMemory"/>).</summary>
internal sealed class DeviceMemory : OwnedMemory
{
    public DeviceMemory(GpuContext context, long bytes, string elementType)
        : base(context, bytes, $"DeviceBuffer<{elementType}>")
    {
        SetHandle(bytes == 0 ? 0 : context.AllocateMemory(bytes));
    }

    protected override void Free(nint address)
    {
        if (!Context.IsDisposed)
        {
            Context.FreeMemory(address);
        }
    }
}
