namespace GpuDsl.Cpu;

/// <summary>
/// <see cref="Gpu.SyncGrid"/> on the CPU backend: the barrier that every emulated thread of a grid shares when all of
/// them run at once, each on its own OS thread (see <c>CpuLaunch&lt;TKernel&gt;.RunGridAtOnce</c>).
/// </summary>
/// <remarks>
/// A phase ends when every thread either waits here or has left the launch. If all wait, they go on; if some have left,
/// the others would wait forever (on the GPU the kernel hangs), so the thread that completes the phase reports it as a
/// <see cref="KernelExecutionException"/> and aborts the launch instead. Grid barriers are rare and coarse, so one
/// monitor serves: waking every thread of a grid once per phase costs little next to the phase's work.
/// </remarks>
internal sealed class CpuGridBarrier
{
    private readonly object _gate = new();
    private readonly CpuLaunch _launch;
    private readonly int _size;
    private CpuBlockGroup[] _groups = [];
    private int _arrived, _left, _passed;
    private long _phase;
    private bool _aborted;

    /// <param name="launch">The launch whose threads share the barrier.</param>
    /// <param name="size">How many emulated threads the launch runs at once: every thread of the grid.</param>
    public CpuGridBarrier(CpuLaunch launch, int size)
    {
        _launch = launch;
        _size = size;
    }

    /// <summary>The block groups of the launch, aborted with the barrier so that no lane waits at a block barrier for a lane that unwound.</summary>
    public void Attach(CpuBlockGroup[] groups) => _groups = groups;

    /// <summary>Called by <see cref="Gpu.SyncGrid"/>: waits until every thread of the grid has arrived.</summary>
    /// <exception cref="BarrierAbortedException">The launch failed; the kernel body should unwind.</exception>
    public void Arrive(CpuThread thread)
    {
        lock (_gate)
        {
            if (_aborted)
            {
                throw new BarrierAbortedException();
            }

            _arrived++;
            if (_left > 0 && _arrived + _left >= _size)
            {
                ReportHang(thread);
                throw new BarrierAbortedException();
            }

            if (_arrived == _size)
            {
                _arrived = 0;
                _passed++;
                _phase++;
                Monitor.PulseAll(_gate);
                return;
            }

            long phase = _phase;
            while (phase == _phase && !_aborted)
            {
                Monitor.Wait(_gate);
            }

            if (_aborted)
            {
                throw new BarrierAbortedException();
            }
        }
    }

    /// <summary>
    /// Called by each emulated thread when its kernel body has returned, or when it ends without a block: it will not
    /// arrive here again.
    /// </summary>
    public void Leave(CpuThread thread)
    {
        lock (_gate)
        {
            _left++;
            if (_arrived > 0 && _arrived + _left >= _size && !_aborted)
            {
                ReportHang(thread);
            }
        }
    }

    /// <summary>Stops the launch's threads: those waiting here or at a block barrier wake and unwind.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            _aborted = true;
            Monitor.PulseAll(_gate);
        }

        foreach (CpuBlockGroup group in _groups)
        {
            group.Abort();
        }
    }

    // Under the gate.
    private void ReportHang(CpuThread thread)
    {
        string kernel = _launch.Kernel.DisplayName;
        _launch.Fail(new KernelExecutionException(kernel, thread.BlockIdx, thread.ThreadIdx,
            $"Kernel {kernel} would hang at Gpu.SyncGrid(): {_arrived} of the grid's {_size} threads wait at grid barrier " +
            $"#{_passed + 1}, but the other {_left} returned after passing {_passed}. Every thread of the grid must call " +
            "SyncGrid the same number of times; do not return early or call it under a condition that differs between threads or blocks."));
        _aborted = true;
        Monitor.PulseAll(_gate);
        foreach (CpuBlockGroup group in _groups)
        {
            group.Abort();
        }
    }
}
