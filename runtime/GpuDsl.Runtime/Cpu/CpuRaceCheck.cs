using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

/// <summary>
/// The shared-memory race check of <see cref="CpuContext.RaceCheck"/>, for the blocks that one OS thread or one
/// <see cref="CpuBlockGroup"/> runs. The block's threads run one at a time between barriers (see
/// <see cref="CpuLaneTurns"/>), so whatever changed in shared memory while a thread ran, that thread wrote: at the end of
/// each stretch (a segment) the shared memory is compared with a copy taken at its start, and each changed byte is
/// recorded with its writer. Reads cannot be seen that way; the span indexes of a kernel built in checked mode report
/// them (and writes of an unchanged value) through <see cref="CheckedSpan"/>, and <c>Gpu.Atomic*</c> report their
/// updates, which are no race.
/// </summary>
/// <remarks>
/// Two accesses to one byte race when different threads make them in the same barrier interval (between two
/// <see cref="Gpu.SyncThreads"/> of the block, or its start or end), at least one writes, and neither is atomic; for two
/// lanes of one warp, a <see cref="Gpu.SyncWarp(uint)"/> between them separates them too. The first race ends the launch with a
/// <see cref="KernelExecutionException"/> naming both threads, the shared array and the element.
/// </remarks>
internal sealed unsafe class CpuRaceCheck
{
    private static int s_running;

    private readonly CpuLaunch _launch;
    private readonly CpuBlockGroup? _group;
    private readonly List<SharedRegion?> _static = [];
    private SharedRegion? _dynamic;
    private SharedRegion[] _regions = []; // the above, for loops that allocate nothing
    private int[] _warpSyncs = [];

    // An id per barrier interval, never reused, so that records of earlier intervals are stale without being cleared.
    private int _interval;
    private int _barriersPassed;
    private Dim3 _block;

    /// <param name="launch">The launch, for messages and to fail it.</param>
    /// <param name="group">The group whose lanes run the blocks, which a race aborts; <see langword="null"/> when one OS
    /// thread runs the threads of a block as a loop.</param>
    public CpuRaceCheck(CpuLaunch launch, CpuBlockGroup? group)
    {
        _launch = launch;
        _group = group;
    }

    /// <summary>Whether a launch with the race check on is running, in any context: the hooks' one test when it is off.</summary>
    public static bool IsRunning => Volatile.Read(ref s_running) != 0;

    /// <summary>Counts a race-checked launch as running, until <see cref="EndLaunch"/>.</summary>
    public static void BeginLaunch() => Interlocked.Increment(ref s_running);

    /// <summary>Counts a race-checked launch as ended.</summary>
    public static void EndLaunch() => Interlocked.Decrement(ref s_running);

    /// <summary>
    /// Records what the current emulated thread does with <paramref name="element"/> (if its launch checks races and the
    /// element is shared memory) and returns it: one inlined test when no race check runs. How checked spans and the
    /// atomics tell the race check what they touch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T Noted<T>(ref T element, SpanAccess access)
    {
        if (IsRunning)
        {
            NoteBytes(ref Unsafe.As<T, byte>(ref element), Unsafe.SizeOf<T>(), access);
        }

        return ref element;
    }

    private static void NoteBytes(ref byte element, int bytes, SpanAccess access)
    {
        if (CpuThread.t_current is { RaceCheck: { } check } thread && access != SpanAccess.Reference)
        {
            check.Access(thread.Lane, (nint)Unsafe.AsPointer(ref element), bytes, access);
        }
    }

    /// <summary>Shared memory for the check: pinned, so that an element's address tells its array.</summary>
    public static byte[] Allocate(int bytes) => GC.AllocateArray<byte>(bytes, pinned: true);

    /// <summary>Tracks static shared array <paramref name="slot"/>, newly (re)allocated as <paramref name="data"/>.</summary>
    public void TrackStatic(int slot, byte[] data, string description, int elementSize)
    {
        while (_static.Count <= slot)
        {
            _static.Add(null);
        }

        _static[slot] = new SharedRegion(data, description, elementSize);
        ListRegions();
    }

    /// <summary>Tracks the dynamic shared memory, viewed as elements of <paramref name="elementSize"/> bytes.</summary>
    public void TrackDynamic(byte[] data, string description, int elementSize)
    {
        if (_dynamic is null || !ReferenceEquals(_dynamic.Data, data))
        {
            _dynamic = new SharedRegion(data, description, elementSize);
            ListRegions();
        }
        else
        {
            _dynamic.Describe(description, elementSize);
        }
    }

    /// <summary>A block starts: a new interval, and the shared memory as the previous block left it is the baseline.</summary>
    public void BeginBlock(Dim3 block)
    {
        _block = block;
        _barriersPassed = 0;
        _interval++;
        int warps = (_launch.ThreadsPerBlock + CpuWarp.Size - 1) / CpuWarp.Size;
        if (_warpSyncs.Length != warps)
        {
            _warpSyncs = new int[warps];
        }

        foreach (SharedRegion region in _regions)
        {
            region.TakeSnapshot();
        }
    }

    /// <summary>Every thread of the block has reached <see cref="Gpu.SyncThreads"/>: a new interval.</summary>
    public void PassBarrier()
    {
        _barriersPassed++;
        _interval++;
    }

    /// <summary>A warp's <see cref="Gpu.SyncWarp(uint)"/> completed: its lanes' earlier accesses no longer race with each other's.</summary>
    public void PassWarpSync(int warp) => _warpSyncs[warp]++;

    /// <summary>
    /// The thread of <paramref name="lane"/> stops running for now: records as its writes whatever shared memory
    /// changed since the last segment ended.
    /// </summary>
    /// <exception cref="BarrierAbortedException">A write raced; the launch has failed with the report.</exception>
    public void EndSegment(int lane)
    {
        foreach (SharedRegion region in _regions)
        {
            Span<byte> now = region.Data;
            Span<byte> before = region.Snapshot;
            for (int at = 0; at < now.Length;)
            {
                int same = now[at..].CommonPrefixLength(before[at..]);
                at += same;
                if (at < now.Length)
                {
                    Write(lane, region, at);
                    before[at] = now[at];
                    at++;
                }
            }
        }
    }

    private void Access(int lane, nint address, int bytes, SpanAccess access)
    {
        foreach (SharedRegion region in _regions)
        {
            nint offset = address - region.Address;
            if ((nuint)offset >= (nuint)region.Data.Length)
            {
                continue;
            }

            int end = (int)Math.Min(region.Data.Length, offset + bytes);
            for (int at = (int)offset; at < end; at++)
            {
                switch (access)
                {
                    case SpanAccess.Read:
                        Read(lane, region, at);
                        break;
                    case SpanAccess.Write:
                        Write(lane, region, at);
                        break;
                    case SpanAccess.ReadWrite:
                        Read(lane, region, at);
                        Write(lane, region, at);
                        break;
                    case SpanAccess.Atomic:
                        region.Cells[at].AtomicInterval = _interval;
                        break;
                }
            }

            return;
        }
    }

    private void Read(int lane, SharedRegion region, int at)
    {
        ref Cell cell = ref region.Cells[at];
        if (cell.AtomicInterval == _interval)
        {
            return;
        }

        if (Races(cell.Writer, lane))
        {
            Report(region, at, cell.Writer.Lane, "wrote", lane, "read");
        }

        LaneAccess access = new(lane, _interval, _warpSyncs[lane / CpuWarp.Size]);
        if (!IsCurrent(cell.Reader))
        {
            cell.Reader = access;
        }
        else if (cell.Reader.Lane != lane)
        {
            cell.OtherReader = access;
        }
    }

    private void Write(int lane, SharedRegion region, int at)
    {
        ref Cell cell = ref region.Cells[at];
        if (cell.AtomicInterval == _interval)
        {
            return;
        }

        if (Races(cell.Writer, lane))
        {
            Report(region, at, cell.Writer.Lane, "wrote", lane, "wrote");
        }

        if (Races(cell.Reader, lane))
        {
            Report(region, at, cell.Reader.Lane, "read", lane, "wrote");
        }

        if (Races(cell.OtherReader, lane))
        {
            Report(region, at, cell.OtherReader.Lane, "read", lane, "wrote");
        }

        cell.Writer = new LaneAccess(lane, _interval, _warpSyncs[lane / CpuWarp.Size]);
    }

    private bool IsCurrent(LaneAccess access) => access.Interval == _interval;

    /// <summary>Whether <paramref name="earlier"/> races with an access by <paramref name="lane"/> now.</summary>
    private bool Races(LaneAccess earlier, int lane)
    {
        if (!IsCurrent(earlier) || earlier.Lane == lane)
        {
            return false;
        }

        int warp = lane / CpuWarp.Size;
        return earlier.Lane / CpuWarp.Size != warp || earlier.WarpSyncs == _warpSyncs[warp];
    }

    private void ListRegions()
    {
        List<SharedRegion> regions = [.. _static.OfType<SharedRegion>()];
        if (_dynamic is not null)
        {
            regions.Add(_dynamic);
        }

        _regions = [.. regions];
    }

    private void Report(SharedRegion region, int at, int firstLane, string firstDid, int secondLane, string secondDid)
    {
        string kernel = _launch.Kernel.DisplayName;
        Dim3 first = _launch.ThreadIndex(firstLane), second = _launch.ThreadIndex(secondLane);
        int element = at / region.ElementSize;
        string interval = _barriersPassed == 0
            ? "before the block's first Gpu.SyncThreads()"
            : $"between the block's Gpu.SyncThreads() #{_barriersPassed} and the next";
        string what = firstDid == secondDid
            ? $"threads {first} and {second} both {firstDid} element {element} of {region.Description}"
            : $"thread {first} {firstDid} element {element} of {region.Description} and thread {second} {secondDid} it";
        _launch.Fail(new KernelExecutionException(kernel, _block, second,
            $"Kernel {kernel} has a shared-memory race in block {_block}: {what}, with no barrier between ({interval}). On a " +
            "GPU the result depends on timing; put a Gpu.SyncThreads() between the two accesses, or use an atomic " +
            "operation. (Found by the CPU backend's race check, GPUDSL_CPU_RACECHECK.)"));
        _group?.Abort();
        throw new BarrierAbortedException();
    }

    /// <summary>A thread's access: which lane, in which barrier interval, after how many syncs of its warp.</summary>
    private readonly record struct LaneAccess(int Lane, int Interval, int WarpSyncs);

    /// <summary>What is known of one byte of shared memory in the current interval.</summary>
    private struct Cell
    {
        public LaneAccess Writer;
        public LaneAccess Reader;
        public LaneAccess OtherReader;
        public int AtomicInterval;
    }

    /// <summary>One shared array (or the dynamic shared memory), its copy at the last segment's end, and its records.</summary>
    private sealed class SharedRegion
    {
        public SharedRegion(byte[] data, string description, int elementSize)
        {
            Data = data;
            Snapshot = (byte[])data.Clone();
            Cells = new Cell[data.Length];
            Address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(data));
            Description = description;
            ElementSize = elementSize;
        }

        public byte[] Data { get; }

        public byte[] Snapshot { get; }

        public Cell[] Cells { get; }

        /// <summary>Where <see cref="Data"/> is: it is pinned (<see cref="Allocate"/>).</summary>
        public nint Address { get; }

        public string Description { get; private set; }

        public int ElementSize { get; private set; }

        public void Describe(string description, int elementSize) => (Description, ElementSize) = (description, elementSize);

        public void TakeSnapshot() => Data.CopyTo(Snapshot, 0);
    }
}
