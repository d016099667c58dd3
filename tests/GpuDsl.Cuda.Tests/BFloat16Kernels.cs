namespace GpuDsl.Cuda.Tests;

/// <summary>A struct with a BFloat16 field between wider ones, so its layout has padding on both sides.</summary>
public struct WeightedSample
{
    /// <summary>A tag before the weight.</summary>
    public byte Tag;

    /// <summary>The weight, in bfloat16.</summary>
    public BFloat16 Weight;

    /// <summary>A value after the weight.</summary>
    public float Value;
}

/// <summary>BFloat16 kernels, for <see cref="BFloat16KernelTests"/>: every conversion and operator, a struct, a generic.</summary>
public static partial class BFloat16Kernels
{
    /// <summary>Each bit pattern widened to float, and that float narrowed back.</summary>
    [Kernel]
    public static void RoundTrip(ReadOnlySpan<ushort> bits, Span<float> widened, Span<ushort> narrowed, Span<double> asDouble)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= bits.Length) return;
        BFloat16 value = BFloat16.UInt16BitsToBFloat16(bits[i]);
        widened[i] = (float)value;
        narrowed[i] = BFloat16.BFloat16ToUInt16Bits((BFloat16)widened[i]);
        asDouble[i] = (double)value;
    }

    /// <summary>Floats, doubles and integers rounded to bfloat16, each by its own conversion.</summary>
    [Kernel]
    public static void Narrow(ReadOnlySpan<float> f, ReadOnlySpan<double> d, ReadOnlySpan<long> n,
        Span<ushort> fromFloat, Span<ushort> fromDouble, Span<ushort> fromLong, Span<ushort> fromULong, Span<ushort> fromInt, Span<ushort> fromUInt, Span<ushort> fromShort)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= f.Length) return;
        fromFloat[i] = BFloat16.BFloat16ToUInt16Bits((BFloat16)f[i]);
        fromDouble[i] = BFloat16.BFloat16ToUInt16Bits((BFloat16)d[i]);
        fromLong[i] = BFloat16.BFloat16ToUInt16Bits((BFloat16)n[i]);
        fromULong[i] = BFloat16.BFloat16ToUInt16Bits((BFloat16)(ulong)n[i]);
        fromInt[i] = BFloat16.BFloat16ToUInt16Bits((BFloat16)(int)n[i]);
        fromUInt[i] = BFloat16.BFloat16ToUInt16Bits((BFloat16)(uint)n[i]);
        fromShort[i] = BFloat16.BFloat16ToUInt16Bits((BFloat16)(short)n[i]);
    }

    /// <summary>The operators on pairs, the comparisons as bits, and conversions to integers.</summary>
    [Kernel]
    public static void Operators(ReadOnlySpan<BFloat16> a, ReadOnlySpan<BFloat16> b, Span<BFloat16> results, Span<int> comparisons, Span<long> integers)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= a.Length) return;
        BFloat16 x = a[i], y = b[i];
        results[6 * i] = x + y;
        results[6 * i + 1] = x - y;
        results[6 * i + 2] = x * y;
        results[6 * i + 3] = x / y;
        results[6 * i + 4] = x % y;
        BFloat16 negated = -x;
        negated += BFloat16.Zero;
        results[6 * i + 5] = BFloat16.IsNaN(x) ? -x : negated;
        comparisons[i] = (x < y ? 1 : 0) | (x <= y ? 2 : 0) | (x == y ? 4 : 0) | (x != y ? 8 : 0) | (x > y ? 16 : 0) | (x >= y ? 32 : 0) |
            (BFloat16.IsNaN(x) ? 64 : 0) | (BFloat16.IsInfinity(x) ? 128 : 0) | (BFloat16.IsFinite(x) ? 256 : 0) | (BFloat16.IsNormal(x) ? 512 : 0) |
            (BFloat16.IsSubnormal(x) ? 1024 : 0) | (BFloat16.IsNegative(x) ? 2048 : 0) | (BFloat16.IsPositiveInfinity(x) ? 4096 : 0) |
            (BFloat16.IsNegativeInfinity(x) ? 8192 : 0) | (BFloat16.BFloat16ToUInt16Bits(BFloat16.Abs(x)) << 16);
        integers[3 * i] = (int)x;
        integers[3 * i + 1] = (long)x;
        integers[3 * i + 2] = (short)x + ((byte)x << 16) + ((long)(uint)x << 32);
    }

    /// <summary>Scales each sample's weight by its value, in a struct that crosses to the GPU in a span.</summary>
    [Kernel]
    public static void Weigh(Span<WeightedSample> samples, BFloat16 scale)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= samples.Length) return;
        WeightedSample s = samples[i];
        s.Weight = s.Weight * scale + (BFloat16)s.Value;
        s.Tag = (byte)(s.Tag + 1);
        samples[i] = s;
    }

    /// <summary>Reverses each block's elements through shared memory of <typeparamref name="T"/>.</summary>
    [Kernel]
    public static void ReverseBlocks<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        Span<T> staged = Gpu.Shared<T>(64);
        if (i < x.Length) staged[Gpu.ThreadIdx.X] = x[i];
        Gpu.SyncThreads();
        int from = Gpu.BlockIdx.X * Gpu.BlockDim.X + (Gpu.BlockDim.X - 1 - Gpu.ThreadIdx.X);
        if (i < y.Length && from < x.Length) y[i] = staged[Gpu.BlockDim.X - 1 - Gpu.ThreadIdx.X];
    }
}
