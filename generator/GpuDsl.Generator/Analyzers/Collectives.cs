namespace GpuDsl.Generator.Analyzers;

/// <summary>The intrinsics a GPU method calls that need many threads to take part together.</summary>
[System.Flags]
internal enum Collectives
{
    /// <summary>Neither.</summary>
    None = 0,

    /// <summary><c>Gpu.SyncThreads()</c>: every thread of the block.</summary>
    BlockBarrier = 1,

    /// <summary>A warp shuffle or vote, or <c>Gpu.SyncWarp()</c>: every lane of the warp.</summary>
    WarpCollective = 2,

    /// <summary><c>Gpu.SyncGrid()</c>: every thread of the grid.</summary>
    GridBarrier = 4,
}
