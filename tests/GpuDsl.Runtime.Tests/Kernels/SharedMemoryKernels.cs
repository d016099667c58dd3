using GpuDsl.Cpu;

namespace GpuDsl.Runtime.Tests.Kernels;

/// <summary>
/// Kernels that share memory between the threads of a block, correctly or with a race, for the CPU backend's race check.
/// The <c>__CpuChecked</c> ones are written as the generator writes a kernel's copy in checked mode: every span index
/// goes through <see cref="CheckedSpan"/>, which is how the race check sees reads.
/// </summary>
internal static partial class SharedMemoryKernels
{
    public static readonly KernelDescriptor WriteOneElementKernel = Describe(nameof(WriteOneElement), usesBarriers: false);
    public static readonly KernelDescriptor WriteOneElementThenSyncKernel = Describe(nameof(WriteOneElementThenSync), usesBarriers: true);
    public static readonly KernelDescriptor WriteDynamicElementKernel = Describe(nameof(WriteDynamicElement), usesBarriers: false);
    public static readonly KernelDescriptor TreeSumKernel = Describe(nameof(TreeSum), usesBarriers: true);
    public static readonly KernelDescriptor CountAtomicallyKernel = Describe(nameof(CountAtomically), usesBarriers: true);
    public static readonly KernelDescriptor HandOffInWarpKernel = Describe(nameof(HandOffInWarp), usesBarriers: true);
    public static readonly KernelDescriptor WarpSumKernel = Describe(nameof(WarpSum), usesBarriers: true);
    public static readonly KernelDescriptor ShuffleWithOneLaneGoneKernel = Describe(nameof(ShuffleWithOneLaneGone), usesBarriers: true);
    public static readonly KernelDescriptor RotateKernel = Describe("Rotate", usesBarriers: false);
    public static readonly KernelDescriptor RotateAfterSyncKernel = Describe("RotateAfterSync", usesBarriers: true);
    public static readonly KernelDescriptor ReadPastTheEndKernel = Describe("ReadPastTheEnd", usesBarriers: false);
    public static readonly KernelDescriptor ReadPastTheEndInDeviceKernel = Describe("ReadPastTheEndInDevice", usesBarriers: false);

    private static KernelDescriptor Describe(string name, bool usesBarriers) =>
        new(new GpuModule("Tests", ""), name.ToLowerInvariant(), $"Tests.{name}", usesBarriers);

    /// <summary>Every thread writes the one shared element, with no barrier at all: a write-write race.</summary>
    [Kernel]
    public static void WriteOneElement(Span<int> seen)
    {
        Span<int> slot = Gpu.Shared<int>(1);
        slot[0] = Gpu.ThreadIdx.X + 1;
        seen[Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X] = slot[0];
    }

    /// <summary>Every thread writes the one shared element, then waits: still a write-write race, before the barrier.</summary>
    [Kernel]
    public static void WriteOneElementThenSync(Span<int> seen)
    {
        Span<int> slot = Gpu.Shared<int>(1);
        slot[0] = Gpu.ThreadIdx.X + 1;
        Gpu.SyncThreads();
        seen[Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X] = slot[0];
    }

    /// <summary>Every thread writes element 2 of the dynamic shared memory: a write-write race.</summary>
    [Kernel]
    public static void WriteDynamicElement(Span<float> seen)
    {
        Span<float> scratch = Gpu.DynamicShared<float>();
        scratch[2] = Gpu.ThreadIdx.X + 1;
        seen[Gpu.ThreadIdx.X] = scratch[2];
    }

    /// <summary>A correct block reduction through shared memory: a barrier between every write and the reads of it.</summary>
    [Kernel]
    public static void TreeSum(ReadOnlySpan<int> input, Span<int> sums)
    {
        Span<int> partial = Gpu.Shared<int>(256);
        int t = Gpu.ThreadIdx.X;
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + t;
        partial[t] = i < input.Length ? input[i] : 0;
        Gpu.SyncThreads();
        for (int stride = Gpu.BlockDim.X / 2; stride > 0; stride /= 2)
        {
            if (t < stride)
            {
                partial[t] += partial[t + stride];
            }

            Gpu.SyncThreads();
        }

        if (t == 0)
        {
            sums[Gpu.BlockIdx.X] = partial[0];
        }
    }

    /// <summary>Every thread adds 1 to one shared counter atomically, which is no race.</summary>
    [Kernel]
    public static void CountAtomically(Span<int> counts)
    {
        Span<int> count = Gpu.Shared<int>(1);
        if (Gpu.ThreadIdx.X == 0)
        {
            count[0] = 0;
        }

        Gpu.SyncThreads();
        Gpu.AtomicAdd(ref count[0], 1);
        Gpu.SyncThreads();
        if (Gpu.ThreadIdx.X == 0)
        {
            counts[Gpu.BlockIdx.X] = count[0];
        }
    }

    /// <summary>Lane 0 of each warp writes a shared element, lane 1 updates it after a SyncWarp: ordered, so no race.</summary>
    [Kernel]
    public static void HandOffInWarp(Span<int> results)
    {
        Span<int> box = Gpu.Shared<int>(32);
        int warp = Gpu.ThreadIdx.X / Gpu.WarpSize;
        if (Gpu.LaneId == 0)
        {
            box[warp] = 7 + warp;
        }

        Gpu.SyncWarp();
        if (Gpu.LaneId == 1)
        {
            box[warp] += 100;
        }

        Gpu.SyncWarp();
        if (Gpu.LaneId == 0)
        {
            results[warp] = box[warp];
        }
    }

    /// <summary>Each warp sums its lanes' indices with shuffles and writes the sum to shared memory, then global.</summary>
    [Kernel]
    public static void WarpSum(Span<int> sums)
    {
        Span<int> perWarp = Gpu.Shared<int>(32);
        int value = Gpu.ThreadIdx.X;
        for (int offset = Gpu.WarpSize / 2; offset > 0; offset /= 2)
        {
            value += Gpu.ShuffleDown(value, offset);
        }

        int warp = Gpu.ThreadIdx.X / Gpu.WarpSize;
        if (Gpu.LaneId == 0)
        {
            perWarp[warp] = value;
        }

        Gpu.SyncThreads();
        if (Gpu.ThreadIdx.X == 0)
        {
            for (int w = 0; w < Gpu.BlockDim.X / Gpu.WarpSize; w++)
            {
                sums[w] = perWarp[w];
            }
        }
    }

    /// <summary>Lane <paramref name="missingLane"/> of each warp returns; the others shuffle, which waits for it forever.</summary>
    [Kernel]
    public static void ShuffleWithOneLaneGone(Span<int> values, int missingLane)
    {
        if (Gpu.LaneId == missingLane)
        {
            return;
        }

        values[Gpu.ThreadIdx.X] = Gpu.ShuffleDown(Gpu.ThreadIdx.X, 1);
    }

    /// <summary>
    /// The checked copy of <c>Rotate</c>: each thread writes its element of a ring, then reads its neighbour's with no
    /// barrier in between, so thread 0 reads element 1 before thread 1 writes it (a read-write race).
    /// </summary>
    public static void Rotate__CpuChecked(Span<int> output)
    {
        Span<int> ring = Gpu.Shared<int>(64);
        int t = Gpu.ThreadIdx.X;
        CheckedSpan.At(ring, t, SpanAccess.Write, "Tests.Rotate", true, "SharedMemoryKernels.cs", 171) = t;
        CheckedSpan.At(output, t, SpanAccess.Write, "Tests.Rotate", true, "SharedMemoryKernels.cs", 172) =
            CheckedSpan.At(ring, (t + 1) % Gpu.BlockDim.X, SpanAccess.Read, "Tests.Rotate", true, "SharedMemoryKernels.cs", 173);
    }

    /// <summary>The checked copy of <c>RotateAfterSync</c>: <c>Rotate</c> with the barrier it needs.</summary>
    public static void RotateAfterSync__CpuChecked(Span<int> output)
    {
        Span<int> ring = Gpu.Shared<int>(64);
        int t = Gpu.ThreadIdx.X;
        CheckedSpan.At(ring, t, SpanAccess.Write, "Tests.RotateAfterSync", true, "SharedMemoryKernels.cs", 181) = t;
        Gpu.SyncThreads();
        CheckedSpan.At(output, t, SpanAccess.Write, "Tests.RotateAfterSync", true, "SharedMemoryKernels.cs", 183) =
            CheckedSpan.At(ring, (t + 1) % Gpu.BlockDim.X, SpanAccess.Read, "Tests.RotateAfterSync", true, "SharedMemoryKernels.cs", 184);
    }

    /// <summary>The checked copy of <c>ReadPastTheEnd</c>: thread <paramref name="badThread"/> reads one past the end.</summary>
    public static void ReadPastTheEnd__CpuChecked(ReadOnlySpan<int> data, Span<int> copy, int badThread)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < copy.Length)
        {
            CheckedSpan.At(copy, i, SpanAccess.Write, "Tests.ReadPastTheEnd", true, "SharedMemoryKernels.cs", 193) =
                CheckedSpan.AtReadOnly(data, i == badThread ? data.Length : i, SpanAccess.Read, "Tests.ReadPastTheEnd", true, "SharedMemoryKernels.cs", 194);
        }
    }

    /// <summary>The checked copy of <c>ReadPastTheEndInDevice</c>: the bad read is in a device method.</summary>
    public static void ReadPastTheEndInDevice__CpuChecked(ReadOnlySpan<int> data, Span<int> copy, int badThread)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < copy.Length)
        {
            CheckedSpan.At(copy, i, SpanAccess.Write, "Tests.ReadPastTheEndInDevice", true, "SharedMemoryKernels.cs", 204) =
                Load__CpuChecked(data, i == badThread ? data.Length : i);
        }
    }

    private static int Load__CpuChecked(ReadOnlySpan<int> data, int i) =>
        CheckedSpan.AtReadOnly(data, i, SpanAccess.Read, "Tests.Load", false, "SharedMemoryKernels.cs", 210);

    /// <summary>
    /// The checked copy of <c>WriteFields</c>: thread 0 writes field <c>A</c> of the one shared <see cref="FieldPair"/>,
    /// thread 1 field <c>B</c> when <paramref name="sameField"/> is false, else <c>A</c> too; no barrier. Different fields
    /// are different bytes, no race on a GPU; the same field is a write-write race. A field of an element goes through
    /// <c>SpanAccess.Reference</c>, as the generator writes it, so only the byte comparison sees these writes.
    /// </summary>
    public static readonly KernelDescriptor WriteFieldsKernel = Describe("WriteFields", usesBarriers: false);

    /// <inheritdoc cref="WriteFieldsKernel"/>
    public static void WriteFields__CpuChecked(Span<int> seen, bool sameField)
    {
        Span<FieldPair> pair = Gpu.Shared<FieldPair>(1);
        int t = Gpu.ThreadIdx.X;
        if (t == 0) CheckedSpan.At(pair, 0, SpanAccess.Reference, "Tests.WriteFields", true, "SharedMemoryKernels.cs", 1).A = 10;
        if (t == 1 && sameField) CheckedSpan.At(pair, 0, SpanAccess.Reference, "Tests.WriteFields", true, "SharedMemoryKernels.cs", 2).A = 20;
        if (t == 1 && !sameField) CheckedSpan.At(pair, 0, SpanAccess.Reference, "Tests.WriteFields", true, "SharedMemoryKernels.cs", 3).B = 20;
        CheckedSpan.At(seen, t, SpanAccess.Write, "Tests.WriteFields", true, "SharedMemoryKernels.cs", 4) = t;
    }
}

/// <summary>A shared element of two fields, which two threads may write separately.</summary>
internal struct FieldPair
{
    public int A;
    public int B;
}
