using System.Numerics;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Generic kernels launched for each type they were compiled for (found at their launches, or listed), on the CUDA
/// device and on the CPU backend.
/// </summary>
public sealed class GenericKernelTests(Backends backends)
{
    [Theory, BackendData]
    public void Generic_saxpy_runs_for_float_and_double(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 10_001;
        Random random = new(7);
        float[] xf = Enumerable.Range(0, n).Select(_ => random.NextSingle()).ToArray(), yf = Enumerable.Range(0, n).Select(_ => random.NextSingle()).ToArray();
        double[] xd = xf.Select(v => (double)v * 3).ToArray(), yd = yf.Select(v => (double)v / 3).ToArray();
        using DeviceBuffer<float> dxf = gpu.Allocate<float>(xf), dyf = gpu.Allocate<float>(yf);
        using DeviceBuffer<double> dxd = gpu.Allocate<double>(xd), dyd = gpu.Allocate<double>(yd);

        // Saxpy lists no types: these two launches (T inferred from a) give it its float and double entry points.
        GenericKernels.Launch((n + 255) / 256, 256).Saxpy(2.5f, dxf, dyf);
        GenericKernels.Launch((n + 255) / 256, 256).Saxpy(-1.25, dxd, dyd);

        float[] rf = dyf.ToArray();
        double[] rd = dyd.ToArray();
        for (int i = 0; i < n; i++)
        {
            // The GPU may fuse a * x + y into one FMA, which rounds once instead of twice.
            float ef = 2.5f * xf[i] + yf[i];
            double ed = -1.25 * xd[i] + yd[i];
            Assert.True(MathF.Abs(rf[i] - ef) <= 1e-6f * MathF.Max(1f, MathF.Abs(ef)), $"float {i}: {rf[i]} vs {ef}");
            Assert.True(Math.Abs(rd[i] - ed) <= 1e-15 * Math.Max(1, Math.Abs(ed)), $"double {i}: {rd[i]} vs {ed}");
        }
    }

    [Theory, BackendData]
    public void Generic_block_sums_use_shared_memory_and_generic_math_for_each_type(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 1000;
        Random random = new(8);
        int[] values = Enumerable.Range(0, n).Select(_ => random.Next(-1000, 1000)).ToArray();
        int blocks = (n + GenericKernels.Threads - 1) / GenericKernels.Threads;

        Assert.Equal(Expected(values, v => v), Run(gpu, values, blocks));
        Assert.Equal(Expected(values.Select(v => (long)v << 20).ToArray(), v => v), Run(gpu, values.Select(v => (long)v << 20).ToArray(), blocks));
        Assert.Equal(Expected(values.Select(v => v / 8f).ToArray(), v => v), Run(gpu, values.Select(v => v / 8f).ToArray(), blocks));
        Assert.Equal(Expected(values.Select(v => v / 16.0).ToArray(), v => v), Run(gpu, values.Select(v => v / 16.0).ToArray(), blocks));

        // Zeros sum to 0, which T.Max lifts to T.One.
        Assert.Equal(new[] { 2.0 }, Run(gpu, new double[10], 1));
    }

    [Fact]
    public void A_type_the_kernel_was_not_compiled_for_is_refused_with_the_fix()
    {
        // Run<T> launches SumAbs<T> for a T the generator cannot see, so only the listed types have entry points.
        NotSupportedException e = Assert.Throws<NotSupportedException>(() => Run(backends.Get(Backends.Cpu), new short[4], 1));

        Assert.Contains("int, long, float, double only, not System.Int16", e.Message);
        Assert.Contains("GenericKernels.Launch(...).SumAbs<Int16>(...)", e.Message);
        Assert.Contains("typeof(Int16)", e.Message);
    }

    [Theory, BackendData]
    public void A_kernel_with_two_type_parameters_runs_for_each_pair_it_is_launched_with(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 1000;
        int[] ints = Enumerable.Range(0, n).Select(i => i * 7919 - 3_000_000).ToArray();
        float[] floats = ints.Select(v => v / 3f).ToArray();
        int blocks = (n + GenericKernels.Threads - 1) / GenericKernels.Threads;
        using DeviceBuffer<int> di = gpu.Allocate<int>(ints);
        using DeviceBuffer<float> df = gpu.Allocate<float>(floats);
        using DeviceBuffer<double> dd = gpu.Allocate<double>(n);
        using DeviceBuffer<long> dl = gpu.Allocate<long>(n);
        using DeviceBuffer<short> ds = gpu.Allocate<short>(n);

        GenericKernels.Launch(blocks, GenericKernels.Threads).Convert(df, dd, 2.0);          // (float, double): both inferred
        GenericKernels.Launch(blocks, GenericKernels.Threads).Convert(di, dl, 3L);           // (int, long): the listed instance
        GenericKernels.Launch(blocks, GenericKernels.Threads).Convert<int, short>(di, ds, 1); // written

        Assert.Equal(floats.Select(v => (double)v * 2.0).ToArray(), dd.ToArray());
        Assert.Equal(ints.Select(v => (long)v * 3).ToArray(), dl.ToArray());
        Assert.Equal(ints.Select(v => (short)v).ToArray(), ds.ToArray()); // CreateTruncating keeps the low bits
    }

    [Fact]
    public void A_pair_the_kernel_was_not_compiled_for_is_refused_naming_the_tuple_to_list()
    {
        NotSupportedException e = Assert.Throws<NotSupportedException>(() => Convert<byte, byte>(backends.Get(Backends.Cpu)));

        Assert.Contains("only, not (System.Byte, System.Byte)", e.Message);
        Assert.Contains("Convert<Byte, Byte>(...)", e.Message);
        Assert.Contains("typeof((Byte, Byte))", e.Message);
    }

    /// <summary>A launch from a generic method, which the generator cannot see through.</summary>
    private static void Convert<TIn, TOut>(GpuContext gpu) where TIn : unmanaged, INumber<TIn> where TOut : unmanaged, INumber<TOut>
    {
        using DeviceBuffer<TIn> a = gpu.Allocate<TIn>(4);
        using DeviceBuffer<TOut> b = gpu.Allocate<TOut>(4);
        GenericKernels.Launch(1, GenericKernels.Threads).Convert<TIn, TOut>(a, b, TOut.One);
    }

    private static T[] Run<T>(GpuContext gpu, T[] values, int blocks) where T : unmanaged, INumber<T>
    {
        using DeviceBuffer<T> x = gpu.Allocate<T>(values), sums = gpu.Allocate<T>(blocks);
        GenericKernels.Launch(blocks, GenericKernels.Threads).SumAbs<T>(x, sums);
        return sums.ToArray();
    }

    /// <summary>The block sums the kernel computes, in its tree order, so that floating-point sums match exactly.</summary>
    private static T[] Expected<T>(T[] values, Func<T, T> identity) where T : unmanaged, INumber<T>
    {
        int blocks = (values.Length + GenericKernels.Threads - 1) / GenericKernels.Threads;
        T[] result = new T[blocks];
        for (int b = 0; b < blocks; b++)
        {
            T[] partial = Enumerable.Range(0, GenericKernels.Threads)
                .Select(t => b * GenericKernels.Threads + t < values.Length ? T.Abs(identity(values[b * GenericKernels.Threads + t])) : T.Zero).ToArray();
            for (int stride = GenericKernels.Threads / 2; stride > 0; stride /= 2)
            {
                for (int t = 0; t < stride; t++) partial[t] += partial[t + stride];
            }

            result[b] = T.Max(partial[0], T.One) * T.CreateChecked(2);
        }

        return result;
    }
}
