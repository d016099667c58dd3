using GpuDsl;

namespace Mlp;

/// <summary>
/// The contexts of a data-parallel run: the one the program opened (device 0, or the CPU backend) and, for
/// <c>--gpus N</c>, the next N - 1 CUDA devices or N - 1 more CPU contexts. Disposes only those it opened.
/// </summary>
public sealed class ContextSet : IDisposable
{
    private readonly GpuContext[] _opened;

    private ContextSet(GpuContext first, GpuContext[] opened)
    {
        _opened = opened;
        All = [first, .. opened];
    }

    /// <summary>Every context, rank order: the first is the one given.</summary>
    public IReadOnlyList<GpuContext> All { get; }

    /// <summary>Opens the other <paramref name="count"/> - 1 contexts, of <paramref name="first"/>'s backend.</summary>
    /// <exception cref="UsageException">There are fewer CUDA devices than <paramref name="count"/>.</exception>
    public static ContextSet Open(GpuContext first, int count)
    {
        if (count <= 1)
        {
            return new ContextSet(first, []);
        }

        if (first.Backend == GpuBackend.Cpu)
        {
            return new ContextSet(first, [.. Enumerable.Range(1, count - 1).Select(_ => GpuContext.Create(GpuBackend.Cpu))]);
        }

        IReadOnlyList<DeviceInfo> devices = GpuContext.ListCudaDevices();
        if (devices.Count < count)
        {
            throw new UsageException(
                $"--gpus {count} asks for more GPUs than this machine has: {devices.Count} ({string.Join(", ", devices.Select(d => d.Name))}). " +
                $"Pass --gpus {devices.Count} or less, or --cpu to run {count} ranks on the CPU backend.");
        }

        return new ContextSet(first, [.. Enumerable.Range(1, count - 1).Select(ordinal => GpuContext.Create(GpuBackend.Cuda, ordinal))]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (GpuContext context in _opened) context.Dispose();
    }
}
