using System.Numerics.Tensors;

namespace Compare.Measurements;

/// <summary>c = a + b on the CPU, the three ways the benchmark compares with the GPU.</summary>
public static class VectorAddBaselines
{
    /// <summary>A plain loop on one thread (the JIT does not vectorize it).</summary>
    public static void Plain(float[] a, float[] b, float[] c)
    {
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = a[i] + b[i];
        }
    }

    /// <summary>The same loop over 4 chunks per core, run by <see cref="Parallel.For(int, int, Action{int})"/>.</summary>
    public static void Parallel(float[] a, float[] b, float[] c)
    {
        int chunks = Math.Min(4 * Environment.ProcessorCount, Math.Max(1, c.Length / 4096));
        System.Threading.Tasks.Parallel.For(0, chunks, chunk =>
        {
            int start = (int)((long)c.Length * chunk / chunks), end = (int)((long)c.Length * (chunk + 1) / chunks);
            AddRange(a, b, c, start, end);
        });
    }

    /// <summary><see cref="TensorPrimitives.Add(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>: SIMD, one thread.</summary>
    public static void Tensors(float[] a, float[] b, float[] c) => TensorPrimitives.Add(a, b, c);

    private static void AddRange(float[] a, float[] b, float[] c, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            c[i] = a[i] + b[i];
        }
    }
}
