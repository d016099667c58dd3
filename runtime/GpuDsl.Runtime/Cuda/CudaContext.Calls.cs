using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

// How every driver call is made: on a live, unfaulted context that is current on the calling thread, with failures
// turned into exceptions that say what to do. A device fault (CUDA_ERROR_ILLEGAL_ADDRESS and the like) is sticky: the
// driver reports it from whatever call comes next, so it is blamed on the last kernel launched and the context is
// marked unusable.
public sealed partial class CudaContext
{
    // The context this wrapper last made current on the thread, so the common case costs a compare instead of a driver
    // call. It tracks wrapper objects, not CUcontext handles, so a new wrapper for the same device sets it again.
    [ThreadStatic] private static CudaContext? t_current;

    // Taken by the calls that may run while (or after) the context is torn down, such as a finalizer freeing a buffer.
    private readonly Lock _lifetimeLock = new();
    private bool _released;

    private volatile Fault? _fault;
    private KernelDescriptor? _lastKernel;
    private LaunchConfig _lastLaunch;

    /// <summary>The first sticky error, which made the context unusable.</summary>
    private sealed record Fault(CUresult Result, string Summary);

    /// <summary>Checks the context can be used and makes it current on this thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EnterCall()
    {
        ThrowIfDisposed();
        if (_fault is { } fault)
        {
            ThrowUnusable(fault);
        }

        if (!ReferenceEquals(t_current, this))
        {
            MakeCurrent();
        }
    }

    /// <summary>Throws unless <paramref name="result"/> is success; see <see cref="Failure(CUresult, string, string?)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Check(CUresult result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != CUresult.CUDA_SUCCESS)
        {
            throw Failure(result, call);
        }
    }

    /// <summary>
    /// The exception for a failed call. A sticky error marks the context unusable and names the last kernel launched,
    /// since the fault happened in a kernel that ran asynchronously, not in <paramref name="call"/>.
    /// </summary>
    internal CudaException Failure(CUresult result, string call, string? advice = null)
    {
        if (!IsSticky(result))
        {
            return CudaDriver.Failure(result, call, advice ?? CaptureAdvice(result));
        }

        Fault fault = new(result, $"{Describe(result)}; the last kernel launched was {LastLaunch()}");
        Interlocked.CompareExchange(ref _fault, fault, null);
        string hint = s_synchronizeLaunches
            ? ""
            : " Launches are asynchronous, so the fault may come from an earlier one: set GPUDSL_SYNC_LAUNCHES=1 to report it at the launch that caused it.";
        return new CudaException(ErrorName(result), (int)result,
            $"{call} failed: {fault.Summary}. The device faulted while running a kernel, so this CUDA context is now " +
            $"unusable: dispose it and create a new GpuContext.{hint}");
    }

    /// <summary>Runs <paramref name="release"/> unless the context has been released; never throws.</summary>
    /// <remarks>For frees and destroys, which may come from a finalizer or after <see cref="GpuContext.Dispose"/>.</remarks>
    internal void ReleaseIfAlive<TState>(TState state, Func<TState, CUresult> release)
    {
        lock (_lifetimeLock)
        {
            if (_released)
            {
                return;
            }

            if (!ReferenceEquals(t_current, this))
            {
                if (cuCtxSetCurrent(_context) != CUresult.CUDA_SUCCESS)
                {
                    return;
                }

                t_current = this;
            }

            _ = release(state);
        }
    }

    private void RecordLaunch(KernelDescriptor kernel, in LaunchConfig config)
    {
        _lastLaunch = config;
        _lastKernel = kernel;
    }

    private string LastLaunch() => _lastKernel is { } kernel
        ? $"{kernel.DisplayName} {_lastLaunch}"
        : "none (no kernel had been launched on this context)";

    private void MakeCurrent()
    {
        CUresult result = cuCtxSetCurrent(_context);
        if (result != CUresult.CUDA_SUCCESS)
        {
            throw Failure(result, "cuCtxSetCurrent");
        }

        t_current = this;
    }

    /// <summary>Forgets which context this thread has current, after a call that changed it behind the cache.</summary>
    internal static void ForgetCurrent() => t_current = null;

    [DoesNotReturn]
    private static void ThrowUnusable(Fault fault) => throw new CudaException(
        ErrorName(fault.Result), (int)fault.Result,
        $"This CUDA context is unusable: the device faulted with {fault.Summary}. Dispose it and create a new GpuContext.");
}
