namespace GpuDsl.Cpu;

/// <summary>A graph on the CPU backend: launches run synchronously, so replaying the captured work is the graph.</summary>
internal sealed class CpuGraph(GpuContext context, Action work) : GpuGraph(context)
{
    private bool _disposed;

    public override void Launch(GpuStream? stream = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        work();
    }

    public override void Dispose() => _disposed = true;
}
