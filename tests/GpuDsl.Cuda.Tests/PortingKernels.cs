namespace GpuDsl.Cuda.Tests;

/// <summary>A struct shuffled whole, as ILGPU's WarpShuffle sample shuffles one: 16 bytes, four 32-bit words.</summary>
public readonly struct ShuffledTriple
{
    public ShuffledTriple(int x, float y, double z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public int X { get; }

    public float Y { get; }

    public double Z { get; }
}

/// <summary>
/// What ported CUDA kernels write as a CUDA programmer would, for <see cref="PortingKernelTests"/>: a shared scalar as a
/// <c>ref</c> local, atomics through a device helper's <c>ref</c> parameter, <c>__syncwarp(mask)</c>, struct shuffles
/// and kernels that rely on their exact launch.
/// </summary>
public static partial class PortingKernels
{
    /// <summary>The block's maximum through a shared scalar, ILGPU's SharedMemoryVariableKernel.</summary>
    [Kernel]
    public static void SharedMaximum(Span<int> data, Span<int> output)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        ref int maximum = ref Gpu.Shared<int>(1)[0];
        if (Gpu.ThreadIdx.X == 0) maximum = int.MinValue;
        Gpu.SyncThreads();
        if (i < data.Length) Gpu.AtomicMax(ref maximum, data[i]);
        Gpu.SyncThreads();
        if (i < output.Length) output[i] = maximum;
    }

    [Device]
    private static void Bump(ref int counter) => Gpu.AtomicAdd(ref counter, 1);

    [Device]
    private static void BumpTwice(ref int counter)
    {
        Bump(ref counter);
        Bump(ref counter);
    }

    /// <summary>Every thread counts once in global memory and twice in its block's shared counter, through the helpers.</summary>
    [Kernel]
    public static void CountThroughHelpers(Span<int> total, Span<int> perBlock)
    {
        ref int shared = ref Gpu.Shared<int>(1)[0];
        if (Gpu.ThreadIdx.X == 0) shared = 0;
        Gpu.SyncThreads();
        Bump(ref total[0]);
        BumpTwice(ref shared);
        Gpu.SyncThreads();
        if (Gpu.ThreadIdx.X == 0 && Gpu.BlockIdx.X < perBlock.Length) perBlock[Gpu.BlockIdx.X] = shared;
    }

    /// <summary>
    /// The lower half-warp swaps values through shared memory with <c>SyncWarp(0x0000ffff)</c> between the write and the
    /// read, while the upper half does the same with its own mask.
    /// </summary>
    [Kernel]
    public static void HalfWarpSwap(Span<int> output)
    {
        Span<int> slots = Gpu.Shared<int>(32);
        int lane = Gpu.LaneId;
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        slots[lane] = i * 10;
        if (lane < 16)
        {
            Gpu.SyncWarp(0x0000ffffu);
            if (i < output.Length) output[i] = slots[15 - lane];
        }
        else
        {
            Gpu.SyncWarp(0xffff0000u);
            if (i < output.Length) output[i] = slots[47 - lane];
        }
    }

    /// <summary>Each lane's struct, from <paramref name="source"/>, replaced by lane 0's of its warp (ILGPU's ShuffleGeneric).</summary>
    [Kernel(typeof(ShuffledTriple))]
    public static void BroadcastGeneric<T>(ReadOnlySpan<T> source, Span<T> broadcast) where T : unmanaged
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        T value = i < source.Length ? source[i] : default;
        value = Gpu.Shuffle(value, 0);
        if (i < broadcast.Length) broadcast[i] = value;
    }

    /// <summary>Each lane's struct replaced by the next lane's (the last lane keeps its own), and XOR-swapped with lane ^ 1.</summary>
    [Kernel]
    public static void ShuffleStructs(Span<ShuffledTriple> down, Span<ShuffledTriple> swapped)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        ShuffledTriple mine = new(i, i * 0.5f, i * 0.25);
        ShuffledTriple next = Gpu.ShuffleDown(mine, 1);
        ShuffledTriple pair = Gpu.ShuffleXor(mine, 1);
        if (i < down.Length) down[i] = next;
        if (i < swapped.Length) swapped[i] = pair;
    }

    /// <summary>shfl_scan's uniform_add as the sample writes it: an early return before a barrier, and no bounds check.</summary>
    [Kernel(ExactLaunch = true)]
    public static void UniformAdd(Span<int> data, Span<int> partial_sums, int len)
    {
        Span<int> buf = Gpu.Shared<int>(1);
        int id = ((Gpu.BlockIdx.X * Gpu.BlockDim.X) + Gpu.ThreadIdx.X);
        if (id > len) return;
        if (Gpu.ThreadIdx.X == 0) buf[0] = partial_sums[Gpu.BlockIdx.X];
        Gpu.SyncThreads();
        data[id] += buf[0];
    }

    /// <summary>ILGPU's ShuffleDownKernel: one unguarded write per thread.</summary>
    [Kernel(ExactLaunch = true)]
    public static void ShuffleDownUnguarded(Span<int> dataView)
    {
        int value = Gpu.ShuffleDown(Gpu.ThreadIdx.X, 2);
        int globalIndex = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        dataView[globalIndex] = value;
    }
}
