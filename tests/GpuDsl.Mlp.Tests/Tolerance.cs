namespace Mlp.Tests;

/// <summary>Comparisons of float results from kernels with double-precision references.</summary>
internal static class Tolerance
{
    /// <summary>
    /// Asserts that every element of <paramref name="actual"/> is within <paramref name="relative"/> of the largest
    /// magnitude in <paramref name="expected"/> (the tensor's scale), so that elements near zero are not held to a
    /// relative error that float rounding of their larger neighbours cannot meet.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (double e in expected) scale = Math.Max(scale, Math.Abs(e));
        double allowed = relative * Math.Max(scale, 1e-30);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= allowed,
                $"{what}[{i}]: expected {expected[i]:G9}, got {actual[i]:G9}; error {error:G3} exceeds {relative:G2} x scale {scale:G3}");
        }
    }

    public static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"{what}: expected {expected:G9}, got {actual:G9} (more than {relative:G2} relative)");
}
