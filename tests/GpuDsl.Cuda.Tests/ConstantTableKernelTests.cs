namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Kernels that read constant tables, on the CUDA device (where the tables are <c>__constant__</c> arrays) and on the
/// CPU backend, against C# computed here from the same tables.
/// </summary>
public sealed class ConstantTableKernelTests(Backends backends)
{
    private const int N = 1000;

    [Theory, BackendData]
    public void Seven_tap_binomial_filter_from_a_constant_table_smooths_like_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(7);
        float[] x = Enumerable.Range(0, N).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(N);

        ConstantTableKernels.Launch((N + 127) / 128, 128).Smooth(dx, dy);

        float[] weights = ConstantTableKernels.Binomial7.ToArray();
        float[] actual = dy.ToArray();
        for (int i = 0; i < N; i++)
        {
            float expected = 0f;
            for (int k = 0; k < weights.Length; k++)
            {
                expected += weights[k] * x[Math.Clamp(i + k - 3, 0, N - 1)];
            }

            // The GPU may fuse each multiply-add (one rounding instead of two): a few ulps of values up to 100.
            Assert.True(Math.Abs(expected - actual[i]) <= 1e-3f, $"y[{i}] is {actual[i]}, expected {expected}");
        }
    }

    [Theory, BackendData]
    public void Tables_of_NaN_infinities_and_negative_zero_read_back_as_those_values(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<float> singles = gpu.Allocate<float>(4);
        using DeviceBuffer<double> doubles = gpu.Allocate<double>(3);

        SpecialValueKernels.Launch(1, 32).Copy(singles, doubles);

        float[] s = singles.ToArray();
        double[] d = doubles.ToArray();
        Assert.True(float.IsNaN(s[0]), $"{s[0]}");
        Assert.Equal(float.PositiveInfinity, s[1]);
        Assert.Equal(float.NegativeInfinity, s[2]);
        Assert.True(s[3] == 0f && float.IsNegative(s[3]), $"{s[3]} is not -0");
        Assert.True(double.IsNaN(d[0]), $"{d[0]}");
        Assert.Equal(double.PositiveInfinity, d[1]);
        Assert.Equal(double.NegativeInfinity, d[2]);
    }

    [Theory, BackendData]
    public void Polynomial_with_coefficients_in_another_class_matches_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        double[] x = Enumerable.Range(0, N).Select(i => -2.0 + 4.0 * i / N).ToArray();
        using DeviceBuffer<double> dx = gpu.Allocate<double>(x), dp = gpu.Allocate<double>(N);

        ConstantTableKernels.Launch((N + 127) / 128, 128).Evaluate(dx, dp);

        double[] actual = dp.ToArray();
        for (int i = 0; i < N; i++)
        {
            double expected = Polynomials.Horner(x[i]);
            Assert.True(Math.Abs(expected - actual[i]) <= 1e-14 * Math.Max(1, Math.Abs(expected)), $"p({x[i]}) is {actual[i]}, expected {expected}");
            Assert.True(Math.Abs(Math.Exp(x[i]) - actual[i]) <= 0.01, $"p({x[i]}) = {actual[i]} is not near exp");
        }
    }

    [Theory, BackendData]
    public void Lookup_table_indexed_by_each_threads_value_and_passed_to_a_device_method_counts_bits(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(3);
        uint[] x = Enumerable.Range(0, N).Select(i => i < 2 ? (i == 0 ? 0u : uint.MaxValue) : (uint)random.NextInt64(0, 1L << 32)).ToArray();
        using DeviceBuffer<uint> dx = gpu.Allocate<uint>(x);
        using DeviceBuffer<int> bits = gpu.Allocate<int>(N);

        ConstantTableKernels.Launch((N + 127) / 128, 128).CountBits(dx, bits);

        Assert.Equal(x.Select(v => System.Numerics.BitOperations.PopCount(v)), bits.ToArray());
    }
}
