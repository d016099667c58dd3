using System.Numerics;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Static numeric members on a type parameter and on the integer types, on the CUDA device and on the CPU backend, each
/// element compared with the same C# run here.
/// </summary>
public sealed class NumberMemberKernelTests(Backends backends)
{
    [Theory, BackendData]
    public void A_type_parameter_is_classified_as_each_type_classifies_itself(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        float[] special = { 0f, -0f, 1f, -1f, 2f, -3f, 2.5f, float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, 16777216f, 1e30f };
        Check(gpu, special);
        Check(gpu, special.Select(v => (double)v).Append(9007199254740993.0).ToArray());
        Check(gpu, special.Select(v => (Half)v).Append((Half)65504f).ToArray());
        Check(gpu, new[] { 0, 1, -1, 2, -2, 7, int.MinValue, int.MaxValue });
        Check(gpu, new[] { 0L, 1L, -1L, long.MinValue, long.MaxValue, 1L << 40 });
        Check(gpu, new byte[] { 0, 1, 2, 127, 128, 255 });
        Check(gpu, new short[] { 0, -1, short.MinValue, short.MaxValue, 6 });
    }

    [Theory, BackendData]
    public void Bit_counts_of_a_type_parameter_are_at_the_types_own_width(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Count(gpu, new[] { 0, 1, -1, 6, int.MinValue, int.MaxValue, 0x00f0_0000 });
        Count(gpu, new[] { 0u, 1u, uint.MaxValue, 0x8000_0000u, 40u });
        Count(gpu, new[] { 0L, 1L, -1L, long.MinValue, 1L << 40, 0x0000_0100_0000_0000L });
        Count(gpu, new[] { 0UL, ulong.MaxValue, 1UL << 63, 12UL });
        Count(gpu, new byte[] { 0, 1, 0x80, 0xff, 0x18 });
        Count(gpu, new sbyte[] { 0, 1, -1, sbyte.MinValue, 0x30 });
        Count(gpu, new short[] { 0, -1, short.MinValue, 0x0100 });
        Count(gpu, new ushort[] { 0, 1, ushort.MaxValue, 0x8000 });
    }

    [Theory, BackendData]
    public void CopySign_and_IsPositive_of_the_signed_integers_are_NET_s(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // No int.MinValue with a positive sign: .NET throws for it (the GPU gives MinValue).
        int[] x = { 5, -7, 0, -1, 100_000, -100_000, 1, int.MaxValue, -3, 12, 0, -129, 300, -2 };
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x);
        using DeviceBuffer<long> o = gpu.Allocate<long>(4 * x.Length);

        NumberMemberKernels.Launch(1, 32).Signs(dx, o);

        long[] actual = o.ToArray();
        for (int i = 0; i + 1 < x.Length; i++)
        {
            int a = x[i], b = x[i + 1];
            long[] expected =
            {
                int.CopySign(a, b), long.CopySign((long)a * 3, b),
                short.CopySign((short)a, (short)b) + sbyte.CopySign((sbyte)(a >> 1), (sbyte)b),
                (int.IsPositive(a) ? 1 : 0) + (long.IsPositive(b) ? 2 : 0) + (sbyte.IsPositive((sbyte)a) ? 4 : 0),
            };
            Assert.Equal(expected, actual[(4 * i)..(4 * i + 4)]);
        }
    }

    private static void Check<T>(GpuContext gpu, T[] values) where T : unmanaged, INumber<T>
    {
        using DeviceBuffer<T> x = gpu.Allocate<T>(values);
        using DeviceBuffer<int> flags = gpu.Allocate<int>(values.Length);
        NumberMemberKernels.Launch(1, 32).Classify<T>(x, flags);
        Assert.Equal(values.Select(NumberMemberKernels.Flags).ToArray(), flags.ToArray());
    }

    private static void Count<T>(GpuContext gpu, T[] values) where T : unmanaged, IBinaryInteger<T>
    {
        using DeviceBuffer<T> x = gpu.Allocate<T>(values);
        using DeviceBuffer<T> counts = gpu.Allocate<T>(3 * values.Length);
        NumberMemberKernels.Launch(1, 32).Count<T>(x, counts);
        T[] expected = values.SelectMany(v => new[] { T.PopCount(v), T.LeadingZeroCount(v), T.TrailingZeroCount(v) }).ToArray();
        Assert.Equal(expected, counts.ToArray());
    }
}
