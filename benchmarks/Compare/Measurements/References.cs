namespace Compare.Measurements;

/// <summary>Checks of each variant's result, so that a fast wrong answer cannot enter a table.</summary>
public static class References
{
    /// <summary>Whether c[i] == a[i] + b[i] for every i: float addition is exact to compare, in any order of elements.</summary>
    public static bool VectorSumIsExact(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c)
    {
        for (int i = 0; i < c.Length; i++)
        {
            if (c[i] != a[i] + b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="c"/> agrees with A · B in double precision within 1e-5 · n at <paramref name="samples"/>
    /// elements chosen by <paramref name="seed"/> (the MatMul sample's test, for inputs in [-0.5, 0.5)).
    /// </summary>
    public static bool MatMulAgrees(float[] a, float[] b, ReadOnlySpan<float> c, int n, int seed, int samples = 48)
    {
        Random random = new(seed);
        for (int s = 0; s < samples; s++)
        {
            int i = random.Next(n), j = random.Next(n);
            double expected = 0;
            for (int k = 0; k < n; k++)
            {
                expected += (double)a[i * n + k] * b[k * n + j];
            }

            if (!(Math.Abs(expected - c[i * n + j]) <= 1e-5 * n))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><paramref name="length"/> floats uniform in [<paramref name="low"/>, <paramref name="low"/> + 1).</summary>
    public static float[] RandomFloats(int length, int seed, float low = 0f)
    {
        Random random = new(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextSingle() + low;
        }

        return values;
    }
}
