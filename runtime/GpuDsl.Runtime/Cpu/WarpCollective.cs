namespace GpuDsl.Cpu;

/// <summary>
/// A warp collective as the CPU backend computes it: a function from the inputs of the lanes that take part (the members
/// of the call's mask) to each lane's output. Both CPU forms exchange through it, so a collective is defined once: on
/// threads (<see cref="CpuWarp.Exchange{TIn, TOut}"/>) each lane posts its input, waits for the other members and reads
/// its output; in the loop form (<see cref="CpuLoopBlock"/>) each lane posts its input and yields, and once every member
/// has posted, the block's OS thread computes every member's output at once (<see cref="ComputeAll"/>).
/// </summary>
/// <remarks>
/// An intrinsic's CPU code makes at most one exchange per call (<see cref="CpuThread.Exchange{TIn, TOut}"/>): the loop
/// form runs the call twice, first to post the input (the result is ignored), then, after the exchange, to read its
/// output, so everything the code computes besides the exchange must depend on its arguments only. A collective that
/// needs several values per lane (a struct, a matrix fragment) takes them as one <typeparamref name="TIn"/>.
/// </remarks>
/// <typeparam name="TIn">What each lane offers.</typeparam>
/// <typeparam name="TOut">What each lane gets back.</typeparam>
internal interface IWarpCollective<TIn, TOut>
{
    /// <summary>The collective, for messages: "a shuffle", "a ballot".</summary>
    string What { get; }

    /// <summary>
    /// The output of <paramref name="lane"/> (its index in the warp) from <paramref name="inputs"/>, indexed by lane in the
    /// warp, of which only the lanes whose bits are set in <paramref name="members"/> hold inputs.
    /// </summary>
    TOut Compute(ReadOnlySpan<TIn> inputs, uint members, int lane);

    /// <summary>
    /// Every member's output at once, into <paramref name="outputs"/> (indexed as <paramref name="inputs"/>); writes the
    /// members' entries and no others. A collective whose outputs share work (a matrix multiply) computes it once here.
    /// </summary>
    void ComputeAll(ReadOnlySpan<TIn> inputs, uint members, Span<TOut> outputs)
    {
        for (uint rest = members; rest != 0; rest &= rest - 1)
        {
            int lane = System.Numerics.BitOperations.TrailingZeroCount(rest);
            outputs[lane] = Compute(inputs, members, lane);
        }
    }
}

/// <summary>A ballot, a match or a reduction over the members' values as 64-bit integers (see <see cref="WarpOperation"/>).</summary>
internal sealed class WarpReduction : IWarpCollective<long, long>
{
    private static readonly WarpReduction[] s_all = Enum.GetValues<WarpOperation>().Select(o => new WarpReduction(o)).ToArray();

    private readonly WarpOperation _operation;

    private WarpReduction(WarpOperation operation) => _operation = operation;

    /// <summary>The one instance of <paramref name="operation"/>.</summary>
    public static WarpReduction Of(WarpOperation operation) => s_all[(int)operation];

    /// <inheritdoc/>
    public string What => _operation switch
    {
        WarpOperation.Ballot => "a ballot",
        WarpOperation.Match => "a match",
        _ => "a warp reduction",
    };

    /// <inheritdoc/>
    public long Compute(ReadOnlySpan<long> inputs, uint members, int lane) => CpuWarp.Compute(inputs, members, lane, _operation);
}

/// <summary>What a lane offers to a shuffle: its value, and the lane it reads (its own when the source is out of range).</summary>
internal readonly record struct ShuffleInput<T>(T Value, int Source);

/// <summary>
/// A shuffle of any unmanaged <typeparamref name="T"/>, a struct too, as one exchange: each lane reads the value of its
/// source lane, or its own when the source is not a member (CUDA leaves that undefined).
/// </summary>
internal sealed class WarpShuffle<T> : IWarpCollective<ShuffleInput<T>, T>
{
    /// <summary>The one instance.</summary>
    public static readonly WarpShuffle<T> Instance = new();

    /// <inheritdoc/>
    public string What => "a shuffle";

    /// <inheritdoc/>
    public T Compute(ReadOnlySpan<ShuffleInput<T>> inputs, uint members, int lane)
    {
        int source = inputs[lane].Source;
        return (members >> source & 1) != 0 ? inputs[source].Value : inputs[lane].Value;
    }
}

/// <summary><c>__syncwarp(mask)</c> in the loop form: an exchange of nothing, which only waits for the members.</summary>
internal sealed class WarpSync : IWarpCollective<byte, byte>
{
    private readonly uint _mask;

    private WarpSync(uint mask) => _mask = mask;

    /// <summary>The instance for the full warp (<c>__syncwarp()</c>).</summary>
    public static readonly WarpSync Full = new(uint.MaxValue);

    /// <summary>The instance for <paramref name="mask"/>: a new one unless it is the full warp's.</summary>
    public static WarpSync For(uint mask) => mask == uint.MaxValue ? Full : new WarpSync(mask);

    /// <inheritdoc/>
    public string What => _mask == uint.MaxValue ? "Gpu.SyncWarp()" : $"Gpu.SyncWarp(0x{_mask:x8})";

    /// <inheritdoc/>
    public byte Compute(ReadOnlySpan<byte> inputs, uint members, int lane) => 0;
}

/// <summary>
/// Every member's input, by lane, for each member: one exchange where a shuffle per source lane would take 32 (the
/// tensor-core operations, each lane of which reads registers of many others). The members share one array.
/// </summary>
internal sealed class WarpGather<T> : IWarpCollective<T, T[]>
{
    /// <summary>The one instance.</summary>
    public static readonly WarpGather<T> Instance = new();

    /// <inheritdoc/>
    public string What => "a tensor-core operation (mma or ldmatrix)";

    /// <inheritdoc/>
    public T[] Compute(ReadOnlySpan<T> inputs, uint members, int lane) => inputs.ToArray();

    /// <inheritdoc/>
    public void ComputeAll(ReadOnlySpan<T> inputs, uint members, Span<T[]> outputs)
    {
        T[] all = inputs.ToArray();
        for (uint rest = members; rest != 0; rest &= rest - 1)
        {
            outputs[System.Numerics.BitOperations.TrailingZeroCount(rest)] = all;
        }
    }
}
