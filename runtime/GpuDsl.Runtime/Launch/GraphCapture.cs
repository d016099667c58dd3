using System.Runtime.InteropServices;

namespace GpuDsl;

/// <summary>
/// A CUDA graph capture in progress on this thread, and the memory its work uses. A replay reads and writes the very
/// addresses the capture saw, so the graph keeps those allocations alive (a reference on their <see cref="SafeHandle"/>)
/// until it is disposed: disposing a buffer the graph uses then frees nothing under it.
/// </summary>
/// <remarks>
/// Only uses on the capturing thread are seen, which is where <see cref="GpuGraph.Capture"/> runs the work. Captures
/// nest (the work may capture another stream), so each use is recorded by every capture of the same context on the
/// thread. Also the home of the errors for work that a capture cannot record, shared by both backends.
/// </remarks>
internal sealed class GraphCapture
{
    [ThreadStatic] private static GraphCapture? t_innermost;

    private readonly GraphCapture? _outer;
    private readonly HashSet<SafeHandle> _retained = new(ReferenceEqualityComparer.Instance);

    private GraphCapture(GpuContext context, GraphCapture? outer)
    {
        Context = context;
        _outer = outer;
    }

    public GpuContext Context { get; }

    /// <summary>Starts recording uses on this thread; pair with <see cref="End"/> in a <see langword="finally"/>.</summary>
    public static GraphCapture Begin(GpuContext context) => t_innermost = new GraphCapture(context, t_innermost);

    /// <summary>Whether this thread is inside the work of any capture.</summary>
    public static bool IsAnyOnThisThread => t_innermost is not null;

    /// <summary>Whether this thread is inside the work of a capture on <paramref name="context"/>.</summary>
    public static bool IsCapturingOnThisThread(GpuContext context)
    {
        for (GraphCapture? capture = t_innermost; capture is not null; capture = capture._outer)
        {
            if (ReferenceEquals(capture.Context, context))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Records that captured work uses <paramref name="memory"/>. While <paramref name="context"/> captures nothing, as on
    /// almost every launch, it costs one field read (the capture chain is a thread static, a TLS call on Linux).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void Retain(SafeHandle memory, GpuContext context)
    {
        if (context.IsCapturingAnywhere)
        {
            RetainInCaptures(memory, context);
        }
    }

    private static void RetainInCaptures(SafeHandle memory, GpuContext context)
    {
        for (GraphCapture? capture = t_innermost; capture is not null; capture = capture._outer)
        {
            if (ReferenceEquals(capture.Context, context) && !capture._retained.Contains(memory))
            {
                bool added = false;
                memory.DangerousAddRef(ref added);
                if (added)
                {
                    capture._retained.Add(memory);
                }
            }
        }
    }

    /// <summary>Stops recording; the references taken stay with this object until taken or released.</summary>
    public void End() => t_innermost = _outer;

    /// <summary>Hands the references over to the graph, which releases them with <see cref="Release"/>.</summary>
    public SafeHandle[] TakeRetained()
    {
        SafeHandle[] retained = [.. _retained];
        _retained.Clear();
        return retained;
    }

    /// <summary>Gives up the references of a capture that produced no graph.</summary>
    public void ReleaseRetained() => Release(TakeRetained());

    /// <summary>Drops references taken by <see cref="Retain"/>; an allocation disposed meanwhile is freed now.</summary>
    public static void Release(SafeHandle[] retained)
    {
        foreach (SafeHandle memory in retained)
        {
            memory.DangerousRelease();
        }
    }

    /// <summary>The error for a synchronous copy or clear while a graph is being captured.</summary>
    public static InvalidOperationException SynchronousCopy(string what) => new(
        $"A synchronous {what} cannot run while a graph is being captured on this context: copies inside a captured graph " +
        "must be async on the capture stream. Use CopyFromAsync, CopyToAsync or ClearAsync with the stream being captured " +
        "(and a PinnedBuffer<T>, from GpuContext.AllocatePinned, for host data).");

    /// <summary>The error for a launch or copy on the default stream while a graph is being captured.</summary>
    public static InvalidOperationException DefaultStream(string what) => new(
        $"{what} was issued on the default stream while a graph is being captured on this context. The default stream " +
        "cannot take part in a capture: give work inside a captured graph the capture stream, as in " +
        "Launch(grid, block, sharedMemoryBytes, stream) or CopyFromAsync(source, stream).");

    /// <summary>The error for waiting on the device inside the work of a capture, where nothing runs yet.</summary>
    public static InvalidOperationException Synchronize(string what) => new(
        $"{what} cannot be called inside the work of GpuGraph.Capture: captured work is only recorded, and nothing runs " +
        "until the graph is launched. Synchronize after GpuGraph.Launch instead.");
}
