using System.Numerics;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Generic kernels and device functions, for <see cref="GenericKernelTests"/>: C++ templates with one CUDA entry point
/// per type the tests launch them with, or per type listed in <c>[Kernel(typeof(...))]</c>.
/// </summary>
public static partial class GenericKernels
{
    /// <summary>Threads per block of <see cref="SumAbs{T}"/>.</summary>
    public const int Threads = 256;

    [Device]
    private static T MultiplyAdd<T>(T a, T x, T y) where T : unmanaged, INumber<T> => a * x + y;

    /// <summary>y = a x + y, for the types it is launched with (float and double).</summary>
    [Kernel]
    public static void Saxpy<T>(T a, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < y.Length) y[i] = MultiplyAdd(a, x[i], y[i]);
    }

    /// <summary>
    /// Per block, the sum of |x| in shared memory of T, then max(sum, 1) * 2: T.Abs, T.Zero, T.One, T.Max and
    /// T.CreateChecked, for integers and floating point. Launched from a generic method, which the generator cannot see
    /// through, so it lists its types.
    /// </summary>
    [Kernel(typeof(int), typeof(long), typeof(float), typeof(double))]
    public static void SumAbs<T>(ReadOnlySpan<T> x, Span<T> blockSums) where T : unmanaged, INumber<T>
    {
        Span<T> partial = Gpu.Shared<T>(Threads);
        int t = Gpu.ThreadIdx.X;
        int i = Gpu.BlockIdx.X * Threads + t;
        partial[t] = i < x.Length ? T.Abs(x[i]) : T.Zero;
        Gpu.SyncThreads();
        for (int stride = Threads / 2; stride > 0; stride /= 2)
        {
            if (t < stride) partial[t] += partial[t + stride];
            Gpu.SyncThreads();
        }

        if (t == 0) blockSums[Gpu.BlockIdx.X] = T.Max(partial[0], T.One) * T.CreateChecked(2);
    }

    [Device]
    private static TOut Widen<TIn, TOut>(TIn x) where TIn : unmanaged, INumber<TIn> where TOut : unmanaged, INumber<TOut> =>
        TOut.CreateTruncating(x);

    /// <summary>
    /// b = (TOut)a * scale, staged through shared arrays of both types: a kernel with two type parameters, compiled for
    /// the pairs its launches infer or write and for the listed (int, long).
    /// </summary>
    [Kernel(typeof((int, long)))]
    public static void Convert<TIn, TOut>(ReadOnlySpan<TIn> a, Span<TOut> b, TOut scale)
        where TIn : unmanaged, INumber<TIn> where TOut : unmanaged, INumber<TOut>
    {
        Span<TIn> staged = Gpu.Shared<TIn>(Threads);
        Span<TOut> results = Gpu.Shared<TOut>(Threads);
        int t = Gpu.ThreadIdx.X;
        int i = Gpu.BlockIdx.X * Threads + t;
        staged[t] = i < a.Length ? a[i] : TIn.Zero;
        Gpu.SyncThreads();
        results[Threads - 1 - t] = Widen<TIn, TOut>(staged[t]) * scale;
        Gpu.SyncThreads();
        if (i < b.Length) b[i] = results[Threads - 1 - t];
    }
}
