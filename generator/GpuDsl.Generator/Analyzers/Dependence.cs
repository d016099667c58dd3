namespace GpuDsl.Generator.Analyzers;

/// <summary>How much a value, or whether a piece of code runs, can differ between the threads of a block.</summary>
internal enum Variance
{
    /// <summary>The same in every thread of the grid: constants, parameters, <c>BlockDim</c>, <c>GridDim</c>.</summary>
    Uniform,

    /// <summary>
    /// The same in the threads of a block but not between blocks: <c>BlockIdx</c>. Only a grid barrier cares: for
    /// everything else a block is the whole world.
    /// </summary>
    PerBlock,

    /// <summary>The same in the lanes of a warp but not between warps: <c>ThreadIdx.X / 32</c>, a vote's result.</summary>
    PerWarp,

    /// <summary>May differ between the lanes of one warp: <c>ThreadIdx</c>, <c>LaneId</c>, an atomic's result, a value read at a thread's index.</summary>
    PerLane,
}

/// <summary>
/// A value's <see cref="Variance"/> and the local or intrinsic it comes through, which messages name. Of two that vary
/// alike, the one that came to depend on the thread first is kept: it is nearer the cause (<c>k &lt; rounds</c>, where
/// <c>rounds</c> was set by one thread and <c>k</c> counts to it, names <c>rounds</c>).
/// </summary>
internal readonly struct Dependence
{
    public static readonly Dependence Uniform = new(Variance.Uniform, "", int.MaxValue);

    public Dependence(Variance variance, string via, int order)
    {
        Variance = variance;
        Via = via;
        Order = order;
    }

    public Variance Variance { get; }

    public string Via { get; }

    /// <summary>When it came to depend on the thread: 0 for an intrinsic, then in the order locals were found to.</summary>
    public int Order { get; }

    /// <summary>The more varying of two; of two that vary alike, the earlier.</summary>
    public static Dependence Max(Dependence a, Dependence b) =>
        b.Variance > a.Variance || (b.Variance == a.Variance && b.Order < a.Order) ? b : a;

    /// <summary>This dependence, varying at most as <paramref name="variance"/> does.</summary>
    public Dependence AtMost(Variance variance) => Variance > variance ? new Dependence(variance, Via, Order) : this;
}
