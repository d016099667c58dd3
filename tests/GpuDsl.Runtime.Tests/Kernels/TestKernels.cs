namespace GpuDsl.Runtime.Tests.Kernels;

/// <summary>
/// Kernels as a user writes them, launched through the launchers the generator writes for them
/// (<c>TestKernels.Launch(grid, block).VectorAdd(...)</c>). The few methods without <c>[Kernel]</c> do what GPU code
/// cannot (throw, call <see cref="Volatile"/>), to test how the CPU backend's engine reports a failing thread; tests run
/// them through <see cref="Cpu.CpuContext.Run"/> with a descriptor and a body written by hand (<see cref="KernelBodies"/>).
/// </summary>
internal static partial class TestKernels
{
    /// <summary>For the engine test of a launch on a disposed context, which must name the kernel by itself.</summary>
    public static readonly KernelDescriptor CountVisitsKernel = Describe(nameof(CountVisits), usesBarriers: false);
    public static readonly KernelDescriptor CountBlocksThenFailKernel = Describe(nameof(CountBlocksThenFail), usesBarriers: false);
    public static readonly KernelDescriptor ThrowWhileOthersWaitKernel = Describe(nameof(ThrowWhileOthersWait), usesBarriers: true);

    /// <summary>A kernel that calls SyncThreads but whose descriptor (wrongly) says it does not.</summary>
    public static readonly KernelDescriptor UndeclaredBarrierKernel = Describe(nameof(CountFlagsAfterBarrier), usesBarriers: false);

    /// <summary>Builds the descriptor the generator would emit, with <c>Tests.Name</c> as the display name.</summary>
    private static KernelDescriptor Describe(string name, bool usesBarriers) =>
        new(new GpuModule("Tests", ""), name.ToLowerInvariant(), $"Tests.{name}", usesBarriers);

    [Kernel]
    public static void VectorAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < n)
        {
            c[i] = a[i] + b[i];
        }
    }

    /// <summary>Counts a visit at the thread's global linear index (block-major, then x fastest within the block).</summary>
    [Kernel]
    public static void CountVisits(Span<int> visits)
    {
        Dim3 t = Gpu.ThreadIdx, b = Gpu.BlockIdx, bd = Gpu.BlockDim, gd = Gpu.GridDim;
        long block = ((long)b.Z * gd.Y + b.Y) * gd.X + b.X;
        long thread = ((long)t.Z * bd.Y + t.Y) * bd.X + t.X;
        Interlocked.Increment(ref visits[(int)(block * bd.X * bd.Y * bd.Z + thread)]);
    }

    [Kernel]
    public static void MatrixAdd(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> c, int width, int height)
    {
        int x = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int y = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (x < width && y < height)
        {
            c[y * width + x] = a[y * width + x] + b[y * width + x];
        }
    }

    /// <summary>Binomial weights of a 5-tap smoothing filter: a constant table, which the GPU holds in constant memory.</summary>
    public static ReadOnlySpan<float> Binomial5 => new float[] { 1f / 16, 4f / 16, 6f / 16, 4f / 16, 1f / 16 };

    /// <summary>Smooths <paramref name="x"/> with <see cref="Binomial5"/>, clamping at the ends.</summary>
    [Kernel]
    public static void Smooth(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < y.Length)
        {
            float sum = 0f;
            for (int k = 0; k < Binomial5.Length; k++)
            {
                sum += Binomial5[k] * x[Math.Clamp(i + k - Binomial5.Length / 2, 0, x.Length - 1)];
            }

            y[i] = sum;
        }
    }

    /// <summary>Copies <paramref name="data"/>, but thread <paramref name="badThread"/> reads one past its end.</summary>
    [Kernel]
    public static void ReadWithOneBadIndex(ReadOnlySpan<int> data, Span<int> copy, int badThread)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < copy.Length)
        {
            copy[i] = data[i == badThread ? data.Length : i];
        }
    }

    public static void CountBlocksThenFail(Span<int> startedBlocks, int failingBlock)
    {
        // [0] counts blocks started, [1] is set just before the failing block throws, [2] counts blocks started after it.
        if (Gpu.ThreadIdx.X == 0)
        {
            if (Volatile.Read(ref startedBlocks[1]) != 0)
            {
                Interlocked.Increment(ref startedBlocks[2]);
            }

            Interlocked.Increment(ref startedBlocks[0]);
        }

        if (Gpu.BlockIdx.X == failingBlock)
        {
            Volatile.Write(ref startedBlocks[1], 1);
            throw new InvalidOperationException("Block failed on purpose.");
        }
    }

    /// <summary>Sums each block's elements by a tree reduction in the block's window of <paramref name="scratch"/>.</summary>
    [Kernel]
    public static void BlockSum(ReadOnlySpan<long> input, Span<long> scratch, Span<long> blockSums)
    {
        int t = Gpu.ThreadIdx.X;
        int size = Gpu.BlockDim.X;
        int i = Gpu.BlockIdx.X * size + t;
        Span<long> mine = scratch.Slice(Gpu.BlockIdx.X * size, size);
        mine[t] = i < input.Length ? input[i] : 0;
        Gpu.SyncThreads();
        for (int stride = size / 2; stride > 0; stride /= 2)
        {
            if (t < stride)
            {
                mine[t] += mine[t + stride];
            }

            Gpu.SyncThreads();
        }

        if (t == 0)
        {
            blockSums[Gpu.BlockIdx.X] = mine[0];
        }
    }

    /// <summary>Each thread raises its flag, waits, then counts the raised flags of its block.</summary>
    [Kernel]
    public static void CountFlagsAfterBarrier(Span<int> flags, Span<int> seen)
    {
        Dim3 t = Gpu.ThreadIdx, bd = Gpu.BlockDim;
        int size = bd.X * bd.Y * bd.Z;
        int lane = (t.Z * bd.Y + t.Y) * bd.X + t.X;
        Span<int> blockFlags = flags.Slice(Gpu.BlockIdx.X * size, size);
        blockFlags[lane] = 1;
        Gpu.SyncThreads();
        int count = 0;
        foreach (int flag in blockFlags)
        {
            count += flag;
        }

        seen[Gpu.BlockIdx.X * size + lane] = count;
    }

    [Kernel]
    public static void ReturnEarlyInOneBlock(int divergentBlock, int returningThread)
    {
        if (Gpu.BlockIdx.X == divergentBlock && Gpu.ThreadIdx.X == returningThread)
        {
            return;
        }

        Gpu.SyncThreads();
    }

    /// <summary>Threads below <paramref name="extraBelow"/> call SyncThreads twice, the others once.</summary>
    [Kernel]
    public static void UnevenBarrierCount(int extraBelow)
    {
        Gpu.SyncThreads();
        if (Gpu.ThreadIdx.X < extraBelow)
        {
            Gpu.SyncThreads();
        }
    }

    public static void ThrowWhileOthersWait(int throwingThread)
    {
        if (Gpu.ThreadIdx.X == throwingThread)
        {
            throw new ArithmeticException("Thread failed on purpose.");
        }

        Gpu.SyncThreads();
    }
}
