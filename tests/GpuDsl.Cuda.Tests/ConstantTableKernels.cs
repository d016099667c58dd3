namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Constant tables read from GPU code, for <see cref="ConstantTableKernelTests"/>: a filter whose taps every thread of a
/// warp reads together, a polynomial whose coefficients live in another class and are read by a [Device] method, and a
/// lookup each thread indexes with its own value.
/// </summary>
public static partial class ConstantTableKernels
{
    /// <summary>Binomial weights of a 7-tap smoothing filter (row 6 of Pascal's triangle over 64).</summary>
    public static ReadOnlySpan<float> Binomial7 => new float[] { 1f / 64, 6f / 64, 15f / 64, 20f / 64, 15f / 64, 6f / 64, 1f / 64 };

    /// <summary>How many bits are set in each 4-bit value.</summary>
    public static ReadOnlySpan<byte> BitsInNibble => [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

    /// <summary>Smooths <paramref name="x"/> with <see cref="Binomial7"/>, clamping at the ends.</summary>
    [Kernel]
    public static void Smooth(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= y.Length)
        {
            return;
        }

        float sum = 0f;
        for (int k = 0; k < Binomial7.Length; k++)
        {
            sum += Binomial7[k] * x[Math.Clamp(i + k - Binomial7.Length / 2, 0, x.Length - 1)];
        }

        y[i] = sum;
    }

    /// <summary>Evaluates <see cref="Polynomials.Coefficients"/> at each element of <paramref name="x"/>.</summary>
    [Kernel]
    public static void Evaluate(ReadOnlySpan<double> x, Span<double> p)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < p.Length)
        {
            p[i] = Polynomials.Horner(x[i]);
        }
    }

    /// <summary>Counts the bits of each value through <see cref="BitsInNibble"/>, passed whole to a [Device] method.</summary>
    [Kernel]
    public static void CountBits(ReadOnlySpan<uint> x, Span<int> bits)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < bits.Length)
        {
            bits[i] = CountNibbles(BitsInNibble, x[i]);
        }
    }

    /// <summary>Sums <paramref name="table"/>'s entry for each of <paramref name="value"/>'s eight nibbles.</summary>
    [Device]
    public static int CountNibbles(ReadOnlySpan<byte> table, uint value)
    {
        int count = 0;
        for (int shift = 0; shift < 32; shift += 4)
        {
            count += table[(int)((value >> shift) & 15u)];
        }

        return count;
    }
}

/// <summary>Tables of the values C# has no literal for, which CUDA must initialise without calling functions.</summary>
public static partial class SpecialValueKernels
{
    /// <summary>NaN, both infinities and negative zero.</summary>
    public static ReadOnlySpan<float> Singles => new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f };

    /// <summary>NaN and both infinities, as doubles.</summary>
    public static ReadOnlySpan<double> Doubles => new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    /// <summary>Copies both tables out.</summary>
    [Kernel]
    public static void Copy(Span<float> singles, Span<double> doubles)
    {
        int i = Gpu.ThreadIdx.X;
        if (i < Singles.Length && i < singles.Length) singles[i] = Singles[i];
        if (i < Doubles.Length && i < doubles.Length) doubles[i] = Doubles[i];
    }
}

/// <summary>A polynomial's coefficients, in a class of their own, read by a [Device] method.</summary>
public static partial class Polynomials
{
    /// <summary>The first terms of exp(x)'s series, lowest power first.</summary>
    public static ReadOnlySpan<double> Coefficients => [1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040];

    /// <summary>The polynomial at <paramref name="x"/>, by Horner's rule from the highest power.</summary>
    [Device]
    public static double Horner(double x)
    {
        double p = 0;
        for (int k = Coefficients.Length - 1; k >= 0; k--)
        {
            p = p * x + Coefficients[k];
        }

        return p;
    }
}
