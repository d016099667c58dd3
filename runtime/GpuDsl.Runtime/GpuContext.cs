using GpuDsl.Cpu;
using GpuDsl.Cuda;

namespace GpuDsl;

/// <summary>
/// A device that runs kernels: a CUDA GPU or the CPU backend. It allocates <see cref="DeviceBuffer{T}"/>s, creates
/// streams and events, and compiles the generated CUDA of each kernel class on first use. One context may be used from
/// many threads.
/// </summary>
/// <example>
/// <code>
/// using var gpu = GpuContext.Create();
/// using var a = gpu.Allocate&lt;float&gt;(hostA);
/// VectorKernels.Launch(blocks, threads).Add(a, b, c);
/// </code>
/// </example>
public abstract partial class GpuContext : IDisposable
{
    private int _disposed;

    /// <summary>Graph captures in progress on this context, from any thread (see <see cref="GraphCapture"/>).</summary>
    private protected int _activeCaptures;

    private protected GpuContext(DeviceInfo device, string? fallbackReason)
    {
        Device = device;
        FallbackReason = fallbackReason;
    }

    /// <summary>Which backend this context runs kernels on.</summary>
    public abstract GpuBackend Backend { get; }

    /// <summary>The device and its launch limits.</summary>
    public DeviceInfo Device { get; }

    /// <summary>
    /// Why <see cref="GpuBackend.Auto"/> chose the CPU backend (for example "no CUDA driver (libcuda.so.1) was found"),
    /// or <see langword="null"/> when no fallback happened.
    /// </summary>
    public string? FallbackReason { get; }

    /// <summary>The stream that launches and copies use when none is given (CUDA's default stream).</summary>
    public abstract GpuStream DefaultStream { get; }

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Whether a graph is being captured on this context, on any thread.</summary>
    internal bool IsCapturingAnywhere => Volatile.Read(ref _activeCaptures) != 0;

    /// <summary>
    /// Creates a context. With <see cref="GpuBackend.Auto"/> (the default) it uses CUDA device 0 when a driver and a
    /// device are present and otherwise the CPU backend, recording why in <see cref="FallbackReason"/>. The environment
    /// variable <c>GPUDSL_BACKEND</c> (<c>cuda</c> or <c>cpu</c>) overrides <see cref="GpuBackend.Auto"/>.
    /// </summary>
    /// <exception cref="CudaException">CUDA was asked for explicitly and could not be initialised.</exception>
    public static GpuContext Create(GpuBackend backend = GpuBackend.Auto, int deviceOrdinal = 0)
    {
        if (backend == GpuBackend.Auto)
        {
            backend = Environment.GetEnvironmentVariable("GPUDSL_BACKEND")?.Trim().ToLowerInvariant() switch
            {
                null or "" or "auto" => GpuBackend.Auto,
                "cuda" or "gpu" => GpuBackend.Cuda,
                "cpu" => GpuBackend.Cpu,
                var other => throw new ArgumentException(
                    $"GPUDSL_BACKEND is '{other}'; use 'cuda', 'cpu' or 'auto'."),
            };
        }

        return backend switch
        {
            GpuBackend.Cuda => CudaContext.Create(deviceOrdinal),
            GpuBackend.Cpu => new CpuContext(fallbackReason: null),
            _ => CudaContext.TryCreate(deviceOrdinal, out CudaContext? cuda, out string? reason)
                ? cuda
                : new CpuContext(reason),
        };
    }

    /// <summary>Allocates a buffer of <paramref name="length"/> elements on the device (contents unspecified).</summary>
    /// <remarks>
    /// A buffer holds at most <see cref="int.MaxValue"/> elements, as a .NET array or span does and as kernels index
    /// them (with <c>int</c>); the bytes may be more than 2 GiB. For more elements use several buffers, or a
    /// <see cref="DeviceSpan2D{T}"/> view of rows over each.
    /// </remarks>
    /// <exception cref="CudaException">The device (on the CPU backend, the host) has not that much memory free:
    /// <see cref="CudaException.ErrorName"/> is <c>CUDA_ERROR_OUT_OF_MEMORY</c> on both backends, and the message says
    /// how much was asked for and how much is free.</exception>
    /// <exception cref="ObjectDisposedException">The context is disposed.</exception>
    public DeviceBuffer<T> Allocate<T>(int length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new DeviceBuffer<T>(this, length);
    }

    /// <summary>Allocates a buffer on the device and fills it with a copy of <paramref name="source"/>.</summary>
    /// <exception cref="CudaException">The device has not that much memory free; see <see cref="Allocate{T}(int)"/>.</exception>
    public DeviceBuffer<T> Allocate<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        DeviceBuffer<T> buffer = new(this, source.Length);
        buffer.CopyFrom(source);
        return buffer;
    }

    /// <summary>
    /// Allocates page-locked ("pinned") host memory for <paramref name="length"/> elements (contents unspecified). The
    /// device copies to and from pinned memory by DMA, so <see cref="DeviceSpan{T}.CopyFromAsync"/> and
    /// <see cref="DeviceSpan{T}.CopyToAsync(PinnedBuffer{T}, GpuStream)"/> can overlap with kernels and be captured in a
    /// <see cref="GpuGraph"/>. Pinned memory is taken from the operating system's RAM and cannot be paged out: allocate
    /// staging buffers once and reuse them.
    /// </summary>
    /// <exception cref="CudaException">The driver could not pin that much memory.</exception>
    public PinnedBuffer<T> AllocatePinned<T>(int length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new PinnedBuffer<T>(this, length);
    }

    /// <summary>Allocates pinned host memory (see <see cref="AllocatePinned{T}(int)"/>) holding a copy of <paramref name="source"/>.</summary>
    public PinnedBuffer<T> AllocatePinned<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        PinnedBuffer<T> buffer = new(this, source.Length);
        source.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>Creates a stream: launches and copies on it run in order, and concurrently with other streams.</summary>
    public abstract GpuStream CreateStream();

    /// <summary>Creates an event that can be recorded on a stream, waited for, and timed against another.</summary>
    public abstract GpuEvent CreateEvent();

    /// <summary>Waits until all work submitted to this context has finished, and reports any asynchronous fault.</summary>
    public abstract void Synchronize();

    /// <summary>
    /// The device's free and total memory now. On CUDA this is the driver's count (<c>cuMemGetInfo</c>), which includes
    /// what other processes use; on the CPU backend, the memory available to the process less what this context's
    /// buffers hold.
    /// </summary>
    /// <exception cref="CudaException">The driver could not say, or the context is unusable after a fault.</exception>
    public abstract DeviceMemoryInfo GetMemoryInfo();

    /// <summary>
    /// Compiles and loads the kernels of <paramref name="modules"/> now instead of at the first launch of each, so that
    /// compilation time and errors come where the program chooses: at startup rather than inside the first timed step.
    /// On CUDA the modules not yet loaded are compiled at the same time, each through the on-disk cache, and a module
    /// already loaded costs a dictionary lookup. The CPU backend has nothing to compile and only checks the context.
    /// </summary>
    /// <param name="modules">The modules to load, e.g. <c>new GpuModule("MyApp.VectorKernels", VectorKernels.CudaSource)</c>.</param>
    /// <exception cref="KernelCompilationException">A module does not compile. Every module is attempted; the first
    /// failure in the order given is thrown.</exception>
    /// <exception cref="CudaException">NVRTC is missing or does not support the device, or the driver refused a module.</exception>
    public void Preload(params ReadOnlySpan<GpuModule> modules)
    {
        ThrowIfDisposed();
        foreach (GpuModule module in modules)
        {
            ArgumentNullException.ThrowIfNull(module, nameof(modules));
        }

        if (modules.Length > 0)
        {
            PreloadCore(modules.ToArray());
        }
    }

    /// <summary>Releases the context. Buffers still alive become unusable; their memory is reclaimed with it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DisposeCore();
            GC.SuppressFinalize(this);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Backend}: {Device}";

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the context is disposed.</summary>
    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>
    /// Throws <see cref="ObjectDisposedException"/> naming <paramref name="kernel"/> once the context is disposed, as a
    /// disposed buffer passed to a kernel is named: the generic "Cannot access a disposed object" does not say which
    /// launch was too late.
    /// </summary>
    internal void ThrowIfDisposed(KernelDescriptor kernel)
    {
        if (IsDisposed)
        {
            ThrowDisposed(kernel);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowDisposed(KernelDescriptor kernel) => throw new ObjectDisposedException(
        GetType().FullName,
        $"Kernel {kernel.DisplayName} was launched on a GpuContext ({Backend}: {Device.Name}) that was disposed. " +
        "Launch it before disposing the context, or on a new one.");

    /// <summary>Releases the backend's resources; called once.</summary>
    private protected abstract void DisposeCore();

    /// <summary>Compiles and loads <paramref name="modules"/> (none null); the CPU backend has nothing to do.</summary>
    private protected virtual void PreloadCore(GpuModule[] modules)
    {
    }

    /// <summary>Captures <paramref name="work"/> on <paramref name="stream"/> as a graph; see <see cref="GpuGraph.Capture"/>.</summary>
    internal virtual GpuGraph CaptureGraph(GpuStream stream, Action work) =>
        throw new NotSupportedException($"The {Backend} backend does not support graphs.");

    // ---- Memory, used by DeviceBuffer<T> and DeviceSpan<T>. Addresses are device pointers (host pointers on the CPU).

    internal abstract nint AllocateMemory(long bytes);

    /// <summary>Writes <paramref name="bytes"/> into this context's copy of <paramref name="symbol"/> at byte <paramref name="offset"/>.</summary>
    internal abstract void WriteSymbol(DeviceSymbol symbol, int offset, ReadOnlySpan<byte> bytes);

    /// <summary>Reads this context's copy of <paramref name="symbol"/> from byte <paramref name="offset"/>.</summary>
    internal abstract void ReadSymbol(DeviceSymbol symbol, int offset, Span<byte> bytes);

    /// <summary>Frees memory; must be harmless when the context is already gone (it may run from a finalizer).</summary>
    internal abstract void FreeMemory(nint address);

    internal abstract void CopyToDevice(nint destination, ReadOnlySpan<byte> source);

    internal abstract void CopyToHost(Span<byte> destination, nint source);

    internal abstract void CopyOnDevice(nint destination, nint source, long bytes);

    internal abstract void Fill(nint destination, long bytes, byte value);

    // ---- Stream-ordered copies, used by the Async methods of DeviceSpan<T>: queued on the stream (whose context the
    // caller has checked) and legal inside a graph capture. Host addresses are pinned memory from AllocatePinnedMemory.

    internal abstract nint AllocatePinnedMemory(long bytes);

    /// <summary>Frees pinned memory; like <see cref="FreeMemory"/>, it may run from a finalizer and must not throw.</summary>
    internal abstract void FreePinnedMemory(nint address);

    internal abstract void CopyToDeviceAsync(nint destination, nint source, long bytes, GpuStream stream);

    internal abstract void CopyToHostAsync(nint destination, nint source, long bytes, GpuStream stream);

    internal abstract void CopyOnDeviceAsync(nint destination, nint source, long bytes, GpuStream stream);

    internal abstract void FillAsync(nint destination, long bytes, byte value, GpuStream stream);
}
