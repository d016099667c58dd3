namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Kernels with barriers in the shapes the CPU backend's loop form cuts at (see <see cref="LoopFormTests"/>): barriers
/// at the top level, in loops and behind a [Device] call, block votes, per-thread stackalloc arrays that live across
/// barriers, and a block that returns early.
/// </summary>
public static partial class LoopFormKernels
{
    public const int Threads = 128;

    /// <summary>
    /// An inclusive scan of each block's slice (Hillis-Steele, a barrier pair per step), then block votes on it, with a
    /// per-thread array that lives across every barrier.
    /// </summary>
    [Kernel]
    public static void ScanAndVote(ReadOnlySpan<int> x, Span<int> scanned, Span<int> votes)
    {
        Span<int> s = Gpu.Shared<int>(Threads);
        Span<int> mine = stackalloc int[2];
        int t = Gpu.ThreadIdx.X;
        int i = Gpu.BlockIdx.X * Threads + t;
        mine[0] = i < x.Length ? x[i] : 0;
        s[t] = mine[0];
        Gpu.SyncThreads();
        for (int offset = 1; offset < Threads; offset *= 2)
        {
            int add = t >= offset ? s[t - offset] : 0;
            Gpu.SyncThreads();
            s[t] += add;
            Gpu.SyncThreads();
        }

        mine[1] = s[t];
        if (i < scanned.Length) scanned[i] = mine[1];
        int positive = Gpu.SyncThreadsCount(mine[0] > 0);
        bool all;
        all = Gpu.SyncThreadsAnd(mine[1] >= 0);
        bool any = Gpu.SyncThreadsOr(mine[0] > 90);
        if (t == 0)
        {
            votes[Gpu.BlockIdx.X * 3] = positive;
            votes[Gpu.BlockIdx.X * 3 + 1] = all ? 1 : 0;
            votes[Gpu.BlockIdx.X * 3 + 2] = any ? 1 : 0;
        }
    }

    /// <summary>Each block reverses its slice through shared memory, the barrier inside a [Device] method.</summary>
    [Kernel]
    public static void ReverseBlocks(ReadOnlySpan<float> x, Span<float> y)
    {
        Span<float> tile = Gpu.Shared<float>(Threads);
        int t = Gpu.ThreadIdx.X;
        int i = Gpu.BlockIdx.X * Threads + t;
        Stage(x, tile, i, t);
        y[i] = tile[Threads - 1 - t];
    }

    [Device]
    public static void Stage(ReadOnlySpan<float> x, Span<float> tile, int i, int t)
    {
        tile[t] = x[i];
        Gpu.SyncThreads();
    }

    /// <summary>Thread 3 of block 1 returns before the barrier the others wait at: a divergent barrier.</summary>
#pragma warning disable GPU0027 // The divergence is the point: the CPU backend must report it, not hang.
    [Kernel]
    public static void ReturnBeforeBarrier(Span<int> y)
    {
        if (Gpu.BlockIdx.X == 1 && Gpu.ThreadIdx.X == 3) return;
        Gpu.SyncThreads();
        y[Gpu.BlockIdx.X * Threads + Gpu.ThreadIdx.X] = 1;
    }
#pragma warning restore GPU0027

    /// <summary>Thread 5 of block 2 indexes past the end, after a barrier.</summary>
    [Kernel]
    public static void IndexPastEndAfterBarrier(Span<int> y)
    {
        Span<int> s = Gpu.Shared<int>(Threads);
        s[Gpu.ThreadIdx.X] = Gpu.ThreadIdx.X;
        Gpu.SyncThreads();
        int i = Gpu.BlockIdx.X == 2 && Gpu.ThreadIdx.X == 5 ? y.Length : Gpu.BlockIdx.X * Threads + Gpu.ThreadIdx.X;
        y[i] = s[Threads - 1 - Gpu.ThreadIdx.X];
    }
}
