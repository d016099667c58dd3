namespace GpuDsl;

/// <summary>Owns one pinned host allocation (see <see cref="OwnedMemory"/>), counted as memory pressure for the GC.</summary>
internal sealed class PinnedMemory : OwnedMemory
{
    public PinnedMemory(GpuContext context, long bytes, string elementType)
        : base(context, bytes, $"PinnedBuffer<{elementType}>")
    {
        if (bytes > 0)
        {
            SetHandle(context.AllocatePinnedMemory(bytes));
            GC.AddMemoryPressure(bytes);
        }
    }

    /// <summary>Frees through the context, which ignores the call once a CUDA context is gone (the memory went with it).</summary>
    protected override void Free(nint address)
    {
        Context.FreePinnedMemory(address);
        GC.RemoveMemoryPressure(Bytes);
    }
}
