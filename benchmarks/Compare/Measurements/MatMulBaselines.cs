using System.Numerics.Tensors;

namespace Compare.Measurements;

/// <summary>C = A · B for n x n row-major float matrices on the CPU, the three ways the benchmark compares with the GPU.</summary>
/// <remarks>
/// All three walk i, k, j: row i of C accumulates A[i, k] times row k of B, so B is read along its rows. That is the
/// cache-friendly order of the textbook triple loop; the i, j, k order reads B down its columns and is several times
/// slower at large n, which would flatter the GPU.
/// </remarks>
public static class MatMulBaselines
{
    /// <summary>Scalar loops on one thread (the JIT does not vectorize them).</summary>
    public static void Plain(float[] a, float[] b, float[] c, int n)
    {
        for (int i = 0; i < n; i++)
        {
            PlainRow(a, b, c, n, i);
        }
    }

    /// <summary>The same loops, rows of C spread over the cores by <see cref="Parallel.For(int, int, Action{int})"/>.</summary>
    public static void Parallel(float[] a, float[] b, float[] c, int n) =>
        System.Threading.Tasks.Parallel.For(0, n, i => PlainRow(a, b, c, n, i));

    /// <summary>
    /// Row i of C as a sum of rows of B scaled by A[i, k], each step one
    /// <see cref="TensorPrimitives.MultiplyAdd(ReadOnlySpan{float}, float, ReadOnlySpan{float}, Span{float})"/>: SIMD,
    /// one thread.
    /// </summary>
    public static void Tensors(float[] a, float[] b, float[] c, int n)
    {
        for (int i = 0; i < n; i++)
        {
            Span<float> row = c.AsSpan(i * n, n);
            row.Clear();
            for (int k = 0; k < n; k++)
            {
                TensorPrimitives.MultiplyAdd(b.AsSpan(k * n, n), a[i * n + k], row, row);
            }
        }
    }

    private static void PlainRow(float[] a, float[] b, float[] c, int n, int i)
    {
        int rowC = i * n;
        for (int j = 0; j < n; j++)
        {
            c[rowC + j] = 0f;
        }

        for (int k = 0; k < n; k++)
        {
            float aik = a[rowC + k];
            int rowB = k * n;
            for (int j = 0; j < n; j++)
            {
                c[rowC + j] += aik * b[rowB + j];
            }
        }
    }
}
