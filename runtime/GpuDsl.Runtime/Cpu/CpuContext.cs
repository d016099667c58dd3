using System.ComponentModel;
using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

/// <summary>
/// The CPU backend: runs the C# bodies of kernels on the host's cores, so that programs and tests run without a GPU and
/// kernels can be debugged with breakpoints. It imitates a CUDA device: the same launch limits, zeroed 64-byte-aligned
/// memory, and <see cref="Gpu.SyncThreads"/> across the threads of a block. Launches and copies are synchronous.
/// </summary>
/// <remarks>
/// A kernel that throws fails its launch with a <see cref="KernelExecutionException"/> naming the block and thread, and
/// so does a block whose threads do not all reach the same <see cref="Gpu.SyncThreads"/>.
/// </remarks>
public sealed partial class CpuContext : GpuContext
{
    private const nuint Alignment = 64;

    private readonly CpuStream _defaultStream;

    // Live allocations and their sizes, so that disposing the context frees what its buffers still hold and a late
    // FreeMemory (from a finalizer, after that) frees nothing twice. A free that arrives while launches run waits for
    // those launches to end, as cuMemFree waits for the device: a kernel on another thread may still be using the memory.
    // Launches that start later cannot use it (the buffer is disposed by then), so they do not hold it back: with many
    // threads launching, some launch is nearly always running, and waiting for none to be would keep every free pending.
    private readonly Lock _memoryGate = new();
    private readonly Dictionary<nint, long> _allocations = [];
    private readonly List<DeferredFree> _deferredFrees = [];
    private readonly List<long> _runningLaunches = []; // tickets, oldest first
    private long _launchesStarted;
    private long _allocatedBytes; // until released, deferred frees included; changed with Interlocked

    /// <summary>A free held back until every launch up to ticket <see cref="LastLaunch"/> has ended.</summary>
    private readonly record struct DeferredFree(nint Address, long Bytes, long LastLaunch);

    /// <summary>The environment variable that turns <see cref="RaceCheck"/> on for every CPU context: <c>1</c> or <c>true</c>.</summary>
    public const string RaceCheckVariable = "GPUDSL_CPU_RACECHECK";

    private volatile bool _raceCheck =
        Environment.GetEnvironmentVariable(RaceCheckVariable)?.Trim() is "1" or "true" or "TRUE" or "True";

    internal CpuContext(string? fallbackReason)
        : base(CreateDeviceInfo(), fallbackReason) => _defaultStream = new CpuStream(this, isDefault: true);

    /// <inheritdoc/>
    public override GpuBackend Backend => GpuBackend.Cpu;

    /// <summary>
    /// Shared memory a block may use, static plus dynamic: CUDA's opt-in limit, which launches on the CPU backend are
    /// checked against. The emulated device allows 48 KiB (what every CUDA device allows without the opt-in); a test
    /// sets more to run, on the CPU, kernels written for the larger opt-in of a real device (227 KiB on an H100).
    /// </summary>
    internal int MaxSharedMemoryPerBlockOptIn { get; init; } = 48 * 1024;

    /// <summary>
    /// Whether launches check each block's shared memory for races (off by default; <c>GPUDSL_CPU_RACECHECK=1</c> turns
    /// it on for every CPU context; a launch reads it when it starts). Two threads of a block that touch the same shared
    /// element between two <see cref="Gpu.SyncThreads"/>, at least one of them writing and neither atomically, fail
    /// the launch with a <see cref="KernelExecutionException"/> naming the kernel, the block, both threads, the shared
    /// array and the element.
    /// </summary>
    /// <remarks>
    /// The check runs a block's threads one at a time, each until it waits at a barrier or a warp collective, and
    /// compares the shared memory before and after each such stretch to learn what the thread wrote. So every kernel's
    /// writes are checked, but a write that stores the value already there is not seen, and neither are reads, except
    /// in kernels built in checked mode (<c>GpuDslCheckedKernels</c>, the default in Debug), whose span indexes report
    /// both. Blocks run one after another, so a checked launch is much slower; a kernel whose threads spin waiting for
    /// another thread of their block without a barrier never finishes under it. Off, it costs nothing.
    /// </remarks>
    public bool RaceCheck
    {
        get => _raceCheck;
        set => _raceCheck = value;
    }

    /// <inheritdoc/>
    public override GpuStream DefaultStream => _defaultStream;

    /// <summary>
    /// The most threads (blocks times threads per block) the CPU backend runs in one launch of a kernel that calls
    /// <see cref="Gpu.SyncGrid"/>: 8,192. Every thread of such a grid runs at once, each on its own OS thread, as a
    /// cooperative launch keeps every block resident on the GPU; a larger grid throws <see cref="InvalidLaunchException"/>.
    /// A grid that a GPU can hold at once is sized from its multiprocessors (a few blocks each), not from the data, so
    /// the same launch shapes usually fit both.
    /// </summary>
    public const int MaxGridSyncThreads = 8192;

    /// <summary>
    /// Launches a generated kernel: checks the buffers of <paramref name="arguments"/> (this context's, not disposed, no
    /// read-only span overlapping a writable one), then runs it as <see cref="Run"/> does.
    /// </summary>
    internal void Launch<TArguments>(KernelDescriptor kernel, in LaunchConfig config, in TArguments arguments)
        where TArguments : struct, IKernelArguments
    {
        ArgumentCheck check = new(this, kernel);
        arguments.Load(ref check);
        check.ThrowIfOverlapping(in arguments);
        Run(kernel, in config, arguments);
    }

    /// <summary>
    /// Runs a kernel on the CPU and returns when it has finished: <paramref name="body"/> runs once per emulated thread.
    /// </summary>
    /// <exception cref="InvalidLaunchException">The configuration breaks a limit of <see cref="GpuContext.Device"/>;
    /// nothing ran.</exception>
    /// <exception cref="KernelExecutionException">The kernel threw, or a block's threads diverged at a barrier.</exception>
    /// <exception cref="ObjectDisposedException">The context is disposed; the message names the kernel.</exception>
    internal void Run<TKernel>(KernelDescriptor kernel, in LaunchConfig config, TKernel body) where TKernel : struct, ICpuKernel
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ThrowIfDisposed(kernel);
        if (CpuGraph.IsReplaying(this) && (config.Stream is null || ReferenceEquals(config.Stream, _defaultStream)))
        {
            throw GraphCapture.DefaultStream($"Kernel {kernel.DisplayName}");
        }

        LaunchValidator.Validate(kernel, config, Device, Device.MaxThreadsPerBlock, kernel.StaticSharedBytes, MaxSharedMemoryPerBlockOptIn);
        if (kernel.UsesGridSync && config.Grid.Volume * config.Block.Volume > MaxGridSyncThreads)
        {
            throw InvalidLaunchException.AboveLimit(kernel.DisplayName, nameof(MaxGridSyncThreads), MaxGridSyncThreads,
                config.Grid.Volume * config.Block.Volume,
                $"the kernel calls Gpu.SyncGrid(), so the CPU backend runs every thread of the grid at once, and a grid of " +
                $"{config.Grid} blocks of {config.Block} threads has more threads than it runs together");
        }

        if (config.Stream is not null)
        {
            if (config.Stream is not CpuStream stream || !ReferenceEquals(stream.Context, this))
            {
                throw new ArgumentException(
                    $"The stream given to launch {kernel.DisplayName} belongs to another GpuContext.", nameof(config));
            }

            stream.ThrowIfUnusable();
        }

        if (CpuThread.t_current is not null)
        {
            throw new InvalidOperationException(
                $"Kernel {kernel.DisplayName} was launched from inside another kernel; GpuDsl does not support dynamic parallelism.");
        }

        CpuLaunch<TKernel> launch = new(this, kernel, config.Grid, config.Block, config.SharedMemoryBytes, RaceCheck, body);
        long ticket;
        lock (_memoryGate)
        {
            ticket = ++_launchesStarted;
            _runningLaunches.Add(ticket);
        }

        try
        {
            launch.Run();
        }
        finally
        {
            EndLaunch(ticket);
        }

        launch.ThrowIfFailed();
    }

    /// <summary>Allocations not yet given back to the OS, including frees waiting for a launch to end.</summary>
    internal int LiveAllocationCount
    {
        get
        {
            lock (_memoryGate)
            {
                return _allocations.Count + _deferredFrees.Count;
            }
        }
    }

    /// <inheritdoc/>
    public override GpuStream CreateStream()
    {
        ThrowIfDisposed();
        return new CpuStream(this, isDefault: false);
    }

    /// <inheritdoc/>
    public override GpuEvent CreateEvent()
    {
        ThrowIfDisposed();
        return new CpuEvent(this);
    }

    /// <summary>Nothing is ever pending on the CPU backend; this only checks that the context is not disposed.</summary>
    public override void Synchronize() => ThrowIfDisposed();

    /// <inheritdoc/>
    public override DeviceMemoryInfo GetMemoryInfo()
    {
        ThrowIfDisposed();
        long allocated = Interlocked.Read(ref _allocatedBytes);
        return new DeviceMemoryInfo(Math.Max(0, Device.TotalMemory - allocated), Device.TotalMemory);
    }

    private protected override void DisposeCore()
    {
        List<DeferredFree> free;
        lock (_memoryGate)
        {
            foreach ((nint address, long bytes) in _allocations)
            {
                _deferredFrees.Add(new DeferredFree(address, bytes, _launchesStarted));
            }

            _allocations.Clear();
            free = TakeReleasableLocked();
        }

        ReleaseAll(free);
    }

    internal override unsafe nint AllocateMemory(long bytes)
    {
        ThrowIfDisposed();
        void* memory = AllocateOrThrow(bytes, Alignment, "device memory");
        NativeMemory.Clear(memory, (nuint)bytes);
        GC.AddMemoryPressure(bytes);
        lock (_memoryGate)
        {
            _allocations.Add((nint)memory, bytes);
        }

        Interlocked.Add(ref _allocatedBytes, bytes);

        return (nint)memory;
    }

    internal override void FreeMemory(nint address)
    {
        // May run on the finalizer thread, after the context is disposed: an address this context no longer owns is
        // ignored rather than freed twice.
        long bytes;
        lock (_memoryGate)
        {
            if (!_allocations.Remove(address, out bytes))
            {
                return;
            }

            if (_runningLaunches.Count > 0)
            {
                _deferredFrees.Add(new DeferredFree(address, bytes, _launchesStarted));
                return;
            }
        }

        Release(address, bytes);
    }

    /// <summary>
    /// Allocates host memory for a buffer, or throws the <see cref="CudaException"/> with <c>CUDA_ERROR_OUT_OF_MEMORY</c>
    /// that the CUDA backend throws, so one catch serves both. A request larger than the memory the process may use
    /// (<see cref="GetMemoryInfo"/>'s free) is refused without trying: on Linux, which overcommits, such an allocation
    /// could succeed and the process be killed when the memory is cleared, far from the call that asked for it.
    /// </summary>
    private unsafe void* AllocateOrThrow(long bytes, nuint alignment, string what)
    {
        long free = Math.Max(0, Device.TotalMemory - Interlocked.Read(ref _allocatedBytes));
        if (bytes > free)
        {
            throw OutOfMemory(bytes, free, what);
        }

        try
        {
            return NativeMemory.AlignedAlloc((nuint)bytes, alignment);
        }
        catch (OutOfMemoryException)
        {
            throw OutOfMemory(bytes, free, what);
        }
    }

    private CudaException OutOfMemory(long bytes, long free, string what) => new(
        "CUDA_ERROR_OUT_OF_MEMORY", 2,
        $"Allocating {ByteSize.Format(bytes)} ({bytes:N0} bytes) of {what} on the {Device.Name} failed: out of memory. " +
        $"{ByteSize.Format(free)} of the {ByteSize.Format(Device.TotalMemory)} this process may use is free; the CPU " +
        "backend's device memory is the host's. Allocate less, or free buffers first.");

    private static DeviceInfo CreateDeviceInfo()
    {
        int cores = Environment.ProcessorCount;
        return new DeviceInfo(
            Name: $"CPU backend ({cores} cores)",
            ComputeCapabilityMajor: 0,
            ComputeCapabilityMinor: 0,
            MultiprocessorCount: cores,
            MaxThreadsPerBlock: 1024,
            MaxBlockDim: new Dim3(1024, 1024, 64),
            MaxGridDim: new Dim3(int.MaxValue, 65535, 65535),
            MaxSharedMemoryPerBlock: 48 * 1024,
            WarpSize: 32,
            TotalMemory: GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
    }

    private void EndLaunch(long ticket)
    {
        List<DeferredFree> free;
        lock (_memoryGate)
        {
            _runningLaunches.Remove(ticket);
            if (_deferredFrees.Count == 0)
            {
                return;
            }

            free = TakeReleasableLocked();
        }

        ReleaseAll(free);
    }

    /// <summary>Takes the deferred frees whose launches have all ended: those deferred before the oldest running launch began.</summary>
    private List<DeferredFree> TakeReleasableLocked()
    {
        long oldestRunning = _runningLaunches.Count == 0 ? long.MaxValue : _runningLaunches[0];
        List<DeferredFree> free = [];
        _deferredFrees.RemoveAll(deferred =>
        {
            bool releasable = deferred.LastLaunch < oldestRunning;
            if (releasable)
            {
                free.Add(deferred);
            }

            return releasable;
        });
        return free;
    }

    private void ReleaseAll(List<DeferredFree> free)
    {
        foreach (DeferredFree deferred in free)
        {
            Release(deferred.Address, deferred.Bytes);
        }
    }

    private unsafe void Release(nint address, long bytes)
    {
        NativeMemory.AlignedFree((void*)address);
        GC.RemoveMemoryPressure(bytes);
        Interlocked.Add(ref _allocatedBytes, -bytes);
    }
}
