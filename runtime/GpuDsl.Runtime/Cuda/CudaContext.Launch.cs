using System.ComponentModel;
using System.Runtime.CompilerServices;
using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

// Launching kernels. The hot path (a kernel launched again on the same context) allocates nothing: the resolved
// function is one reference compare away in KernelDescriptor.BackendCache, the limits are one inlined test, and the
// driver gets pointers into the caller's argument block from an array on the stack.
public sealed partial class CudaContext
{
    /// <summary>
    /// Launches a generated kernel: packs <paramref name="arguments"/> into a parameter block on the stack (checking each
    /// buffer and the read-only spans on the way) and launches it as <see cref="Launch(KernelDescriptor, in LaunchConfig, ReadOnlySpan{byte})"/> does.
    /// </summary>
    [SkipLocalsInit] // the block is written before it is read
    internal unsafe void Launch<TArguments>(KernelDescriptor kernel, in LaunchConfig config, in TArguments arguments)
        where TArguments : struct, IKernelArguments
    {
        byte* block = stackalloc byte[StackArgumentBytes];
        CudaArgumentPacker packer = new(this, kernel, block, StackArgumentBytes);
        arguments.Load(ref packer);
        packer.ThrowIfOverlapping(in arguments);
        if (packer.Size <= StackArgumentBytes)
        {
            Launch(kernel, in config, new ReadOnlySpan<byte>(block, packer.Size));
            return;
        }

        // More than the classic 4 KiB of parameters (Volta and later take up to 32 KiB): a block on the heap.
        byte[] large = new byte[packer.Size];
        fixed (byte* heap = large)
        {
            CudaArgumentPacker again = new(this, kernel, heap, large.Length);
            arguments.Load(ref again);
        }

        Launch(kernel, in config, large);
    }

    /// <summary>Bytes of parameters packed on the stack: CUDA's limit before Volta, more than almost any kernel takes.</summary>
    private const int StackArgumentBytes = 4096;

    /// <summary>
    /// Launches <paramref name="kernel"/> with <paramref name="config"/>. <paramref name="arguments"/> holds the kernel's
    /// parameters packed as CUDA lays them out, each at its natural alignment; padding after the last parameter is
    /// allowed and not passed on. The first launch of a kernel of a module compiles the module. Called by generated
    /// launch code.
    /// </summary>
    /// <exception cref="InvalidLaunchException">The configuration breaks a limit of the device or the kernel.</exception>
    /// <exception cref="ArgumentException"><paramref name="arguments"/> is shorter than the kernel's parameters.</exception>
    /// <exception cref="KernelCompilationException">The kernel's module does not compile.</exception>
    /// <exception cref="CudaException">The driver refused the launch, or an earlier launch faulted.</exception>
    /// <exception cref="ObjectDisposedException">The context is disposed; the message names the kernel.</exception>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    [SkipLocalsInit] // the parameter pointers are all written before use
    public unsafe void Launch(KernelDescriptor kernel, in LaunchConfig config, ReadOnlySpan<byte> arguments)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ThrowIfDisposed(kernel); // before EnterCall's own check, so the message names the kernel
        EnterCall();
        CudaFunction function = kernel.BackendCache is CudaFunction cached && ReferenceEquals(cached.Context, this)
            ? cached
            : OutsideCapture((Context: this, Kernel: kernel), static s => s.Context.ResolveFunction(s.Kernel));
        nint stream = config.Stream is null ? 0 : StreamHandle(config.Stream);
        if (stream == 0 && Volatile.Read(ref _activeCaptures) != 0)
        {
            throw GraphCapture.DefaultStream($"Kernel {kernel.DisplayName}");
        }

        LaunchValidator.Validate(
            kernel, config, Device, function.MaxThreadsPerBlock, function.StaticSharedBytes, function.MaxSharedBytes);
        if (!function.LargeSharedMemoryEnabled &&
            (long)function.StaticSharedBytes + config.SharedMemoryBytes > Device.MaxSharedMemoryPerBlock)
        {
            function = OutsideCapture(
                (Context: this, Kernel: kernel, Function: function),
                static s => s.Context.EnableLargeSharedMemory(s.Kernel, s.Function));
        }

        if (kernel.UsesGridSync)
        {
            CheckCoResident(kernel, config, function);
        }

        // The driver wants the exact size of the parameters, without the tail padding a packed block may carry.
        int parameterBytes = function.ParameterBytes < 0 ? arguments.Length : function.ParameterBytes;
        if (arguments.Length < parameterBytes)
        {
            throw ArgumentBlockTooShort(kernel, arguments.Length, parameterBytes);
        }

        // With the offsets known, pointers into the block go as kernelParams, the form every driver and tool supports
        // (compute-sanitizer, graph capture); the packed block through `extra` remains for drivers that cannot report
        // the layout (before CUDA 12.4). On an H200 the two measured the same within run-to-run noise. The pointers
        // live on the stack, or for a kernel of more than MaxStackParameters parameters in an array.
        int[]? offsets = function.ParameterOffsets;
        void*[]? many = offsets is { Length: > MaxStackParameters } ? new void*[offsets.Length] : null;
        void** onStack = stackalloc void*[MaxStackParameters];
        void** extra = stackalloc void*[5];
        nuint size = (nuint)parameterBytes;
        CUresult result;
        fixed (byte* argumentBlock = arguments)
        fixed (void** pinned = many)
        {
            void** parameters = null;
            if (offsets is not null)
            {
                parameters = pinned is not null ? pinned : onStack;
                for (int i = 0; i < offsets.Length; i++)
                {
                    parameters[i] = argumentBlock + offsets[i];
                }
            }
            else if (parameterBytes > 0)
            {
                extra[0] = (void*)LaunchParamBufferPointer;
                extra[1] = argumentBlock;
                extra[2] = (void*)LaunchParamBufferSize;
                extra[3] = &size;
                extra[4] = (void*)LaunchParamEnd;
            }

            result = kernel.UsesGridSync
                ? LaunchCooperative(kernel, function, config, stream, parameters)
                : cuLaunchKernel(
                function.Handle,
                (uint)config.Grid.X, (uint)config.Grid.Y, (uint)config.Grid.Z,
                (uint)config.Block.X, (uint)config.Block.Y, (uint)config.Block.Z,
                (uint)config.SharedMemoryBytes, stream, parameters,
                offsets is null && parameterBytes > 0 ? extra : null);
        }

        if (result != CUresult.CUDA_SUCCESS)
        {
            throw LaunchFailure(kernel, config, result, arguments.Length);
        }

        RecordLaunch(kernel, config);
        NoteCheckedLaunch(kernel);

        // A captured launch does not run, and waiting on a capturing stream would invalidate the capture.
        if (s_synchronizeLaunches && !IsCapturing(stream))
        {
            if (cuStreamSynchronize(stream) is var completion and not CUresult.CUDA_SUCCESS)
            {
                throw Failure(completion, $"Running {kernel.DisplayName} {config} (GPUDSL_SYNC_LAUNCHES=1)");
            }

            ThrowIfIndexOutOfRange();
        }
    }

    /// <summary>
    /// A launch of a kernel that calls <see cref="Gpu.SyncGrid"/>: cooperative, so that the driver keeps every block of
    /// the grid resident at once (and refuses a grid that cannot be). It takes no packed argument block, only pointers.
    /// </summary>
    private static unsafe CUresult LaunchCooperative(
        KernelDescriptor kernel, CudaFunction function, in LaunchConfig config, nint stream, void** parameters)
    {
        if (parameters is null && function.ParameterBytes != 0)
        {
            throw new NotSupportedException(
                $"Kernel {kernel.DisplayName} calls Gpu.SyncGrid(), which needs a cooperative launch, and that takes the " +
                "arguments as pointers, whose offsets this driver cannot report (cuFuncGetParamInfo, CUDA 12.4). Update the NVIDIA driver.");
        }

        return cuLaunchCooperativeKernel(
            function.Handle,
            (uint)config.Grid.X, (uint)config.Grid.Y, (uint)config.Grid.Z,
            (uint)config.Block.X, (uint)config.Block.Y, (uint)config.Block.Z,
            (uint)config.SharedMemoryBytes, stream, parameters);
    }

    /// <summary>
    /// Throws unless every block of the grid can be resident at once, as a grid barrier needs: blocks per multiprocessor
    /// for this kernel, block size and shared memory (the occupancy calculator), times the multiprocessors.
    /// </summary>
    private void CheckCoResident(KernelDescriptor kernel, in LaunchConfig config, CudaFunction function)
    {
        // The occupancy calculator's answer depends only on the function, the block and the shared memory: asked once
        // per shape, so an iterative solver relaunching the same grid pays a dictionary lookup, not a driver call.
        (nint, int, int) shape = (function.Handle, (int)config.Block.Volume, config.SharedMemoryBytes);
        if (!_blocksPerMultiprocessor.TryGetValue(shape, out int perMultiprocessor))
        {
            Check(
                cuOccupancyMaxActiveBlocksPerMultiprocessor(out perMultiprocessor, function.Handle, (int)config.Block.Volume, (nuint)config.SharedMemoryBytes),
                $"cuOccupancyMaxActiveBlocksPerMultiprocessor for {kernel.DisplayName}");
            _blocksPerMultiprocessor[shape] = perMultiprocessor;
        }

        long resident = (long)perMultiprocessor * Device.MultiprocessorCount;
        if (config.Grid.Volume > resident)
        {
            throw InvalidLaunchException.AboveLimit(kernel.DisplayName, "co-resident blocks", resident, config.Grid.Volume,
                $"the kernel calls Gpu.SyncGrid(), so every block of the grid must be resident on the device at once, and " +
                $"{Device.MultiprocessorCount} multiprocessors hold {perMultiprocessor} blocks of {config.Block} threads each " +
                $"with {config.SharedMemoryBytes:N0} bytes of dynamic shared memory; launch at most {resident:N0} blocks and " +
                "let each thread loop over several elements (a grid-stride loop)");
        }
    }

    /// <summary>Blocks of a grid-sync kernel one multiprocessor holds, by function, threads per block and dynamic shared bytes.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(nint Function, int Threads, int SharedBytes), int> _blocksPerMultiprocessor = new();

    /// <summary>Kernel parameters whose pointers go on the stack; a kernel with more has them in an array.</summary>
    private const int MaxStackParameters = 32;

    /// <summary>The stream's handle, after checking it belongs to this context and is not disposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal nint StreamHandle(GpuStream stream)
    {
        if (stream is CudaStream cuda && ReferenceEquals(cuda.Context, this))
        {
            return cuda.Handle;
        }

        throw new ArgumentException(
            $"The stream belongs to another GpuContext ({stream.Context}), not to {this}.", nameof(stream));
    }

    private CudaFunction ResolveFunction(KernelDescriptor kernel)
    {
        if (!_functions.TryGetValue(kernel, out CudaFunction? function))
        {
            function = _functions.GetOrAdd(kernel, LoadFunction(kernel));
        }

        Volatile.Write(ref kernel.BackendCache, function);
        return function;
    }

    private CudaFunction LoadFunction(KernelDescriptor kernel)
    {
        nint module = LoadModule(kernel.Module);
        CUresult result = cuModuleGetFunction(out nint handle, module, kernel.EntryPoint);
        if (result == CUresult.CUDA_ERROR_NOT_FOUND)
        {
            throw new CudaException(ErrorName(result), (int)result,
                $"The compiled module {kernel.Module.Name} has no kernel named '{kernel.EntryPoint}' (for {kernel.DisplayName}); " +
                "the entry point must be an extern \"C\" __global__ function.");
        }

        Check(result, $"cuModuleGetFunction({kernel.EntryPoint})");
        Check(cuFuncGetAttribute(out int maxThreads, CUfunction_attribute.MAX_THREADS_PER_BLOCK, handle));
        Check(cuFuncGetAttribute(out int staticShared, CUfunction_attribute.SHARED_SIZE_BYTES, handle));
        (int[] Offsets, int End)? layout = ParameterLayout(handle, kernel.ParameterCount);
        if (kernel.CheckedSites is { } sites)
        {
            RegisterCheckedModule(module, sites);
        }

        return new CudaFunction(
            this, handle, maxThreads, staticShared, MaxSharedMemoryPerBlockOptIn,
            layout?.End ?? -1, layout?.Offsets, LargeSharedMemoryEnabled: false);
    }

    /// <summary>
    /// Lets the kernel use up to <see cref="MaxSharedMemoryPerBlockOptIn"/> of shared memory; CUDA requires this opt-in
    /// before a block may use more than 48 KiB. Done once per kernel and context, for the largest amount allowed.
    /// </summary>
    private CudaFunction EnableLargeSharedMemory(KernelDescriptor kernel, CudaFunction function)
    {
        Check(
            cuFuncSetAttribute(function.Handle, CUfunction_attribute.MAX_DYNAMIC_SHARED_SIZE_BYTES, function.MaxSharedBytes - function.StaticSharedBytes),
            $"cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES) for {kernel.DisplayName}");
        CudaFunction enabled = function with { LargeSharedMemoryEnabled = true };
        _functions[kernel] = enabled;
        Volatile.Write(ref kernel.BackendCache, enabled);
        return enabled;
    }

    private static ArgumentException ArgumentBlockTooShort(KernelDescriptor kernel, int given, int needed) => new(
        $"The arguments for {kernel.DisplayName} are {given} bytes, but the compiled kernel's parameters take {needed}: " +
        "the launcher and the kernel disagree about the parameters. Rebuild so the generated launcher matches the kernel.",
        "arguments");

    private CudaException LaunchFailure(KernelDescriptor kernel, in LaunchConfig config, CUresult result, int argumentBytes)
    {
        string? advice = result switch
        {
            CUresult.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES =>
                "The kernel needs more registers or resources than a block of this size can have; launch fewer threads per block.",
            CUresult.CUDA_ERROR_INVALID_VALUE =>
                $"Check that the {argumentBytes} bytes of arguments match the kernel's parameters.",
            _ => null,
        };
        return Failure(result, $"Launching {kernel.DisplayName} {config}", advice);
    }
}
