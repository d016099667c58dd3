namespace GpuDsl.Cuda.Tests;

/// <summary>An operator passed as a struct, CUB-style: its static abstract members are called through the type parameter.</summary>
public interface IBinaryFloatOp
{
    /// <summary>Combines two values.</summary>
    static abstract float Apply(float a, float b);

    /// <summary>The value that combines with x to give x.</summary>
    static abstract float Identity();
}

/// <summary>Addition as a functor.</summary>
public struct AddOp : IBinaryFloatOp
{
    /// <inheritdoc/>
    public static float Apply(float a, float b) => a + b;

    /// <inheritdoc/>
    public static float Identity() => 0f;
}

/// <summary>Maximum as a functor.</summary>
public struct MaxOp : IBinaryFloatOp
{
    /// <inheritdoc/>
    public static float Apply(float a, float b) => MathF.Max(a, b);

    /// <inheritdoc/>
    public static float Identity() => float.NegativeInfinity;
}

/// <summary>A functor with state, called through an instance member on a value of its type parameter.</summary>
public interface IFloatMap
{
    /// <summary>Maps one value.</summary>
    float Map(float x);
}

/// <summary>x * Factor + Offset.</summary>
public struct Affine : IFloatMap
{
    /// <summary>The factor.</summary>
    public float Factor;

    /// <summary>The offset.</summary>
    public float Offset;

    /// <inheritdoc/>
    public readonly float Map(float x) => x * Factor + Offset;
}

/// <summary>Kernels generic in a struct functor, for <see cref="FunctorKernelTests"/>.</summary>
public static partial class FunctorKernels
{
    /// <summary>Threads of <see cref="Reduce{TOp}"/>'s one block.</summary>
    public const int Threads = 128;

    /// <summary>One block folds x with TOp: each thread a strided part, then a tree in shared memory.</summary>
    [Kernel]
    public static void Reduce<TOp>(ReadOnlySpan<float> x, Span<float> result) where TOp : struct, IBinaryFloatOp
    {
        Span<float> partial = Gpu.Shared<float>(Threads);
        int t = Gpu.ThreadIdx.X;
        float acc = TOp.Identity();
        for (int i = t; i < x.Length; i += Threads) acc = TOp.Apply(acc, x[i]);
        partial[t] = acc;
        Gpu.SyncThreads();
        for (int stride = Threads / 2; stride > 0; stride /= 2)
        {
            if (t < stride) partial[t] = TOp.Apply(partial[t], partial[t + stride]);
            Gpu.SyncThreads();
        }

        if (t == 0) result[0] = partial[0];
    }

    /// <summary>y = op.Map(y) for each element, the functor passed by value.</summary>
    [Kernel]
    public static void Transform<TMap>(Span<float> y, TMap op) where TMap : struct, IFloatMap
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < y.Length) y[i] = op.Map(y[i]);
    }
}
