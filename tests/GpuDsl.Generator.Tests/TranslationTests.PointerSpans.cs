namespace GpuDsl.Generator.Tests;

/// <summary>
/// Spans used as CUDA code uses pointers: assigned again (<c>p = p.Slice(k)</c>), chosen with <c>?:</c>, sliced straight
/// into a <c>[Device]</c> call; <c>ref</c> locals; per-thread arrays from <c>stackalloc</c> with an initializer and
/// <c>new T[N]</c>.
/// </summary>
public sealed partial class TranslationTests
{
    private const string PointerSpanSource = """
        using System;
        using GpuDsl;

        public struct Body { public float X, Y; }

        public static partial class Kernels
        {
            [Kernel]
            public static void Walk(ReadOnlySpan<float> input, ReadOnlySpan<float> other, Span<float> output, Span<Body> bodies, bool flag)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i >= output.Length) return;
                ReadOnlySpan<float> p = input;
                float sum = 0f;
                while (p.Length > 0)
                {
                    sum += p[0];
                    p = p.Slice(1);
                }

                ReadOnlySpan<float> chosen = flag ? input : other;
                Span<float> taps = stackalloc float[] { 0.25f, 0.5f, 0.25f };
                float[] acc = new float[4];
                int[] primes = new[] { 2, 3, 5, 7 };
                for (int k = 0; k < acc.Length; k++) acc[k] = chosen[k] * primes[k];
                foreach (float a in acc) sum += a;
                ref float slot = ref output[i];
                slot = sum + Helpers.Sum(input.Slice(1, 2)) + Helpers.Sum(flag ? taps : acc) + Helpers.Sum(input.Slice(i % 2));
                ref Body b = ref bodies[i];
                ref float y = ref bodies[i].Y;
                b.X += 1f;
                y *= 2f;
                ref readonly float first = ref input[0];
                output[i] += first + Helpers.Advance(output);
            }
        }

        public static class Helpers
        {
            [Device]
            public static float Sum(ReadOnlySpan<float> s)
            {
                float total = 0f;
                for (; s.Length > 0; s = s.Slice(1)) total += s[0];
                return total;
            }

            [Device]
            public static float Advance(Span<float> s)
            {
                Span<float> q = stackalloc float[2];
                q[0] = s.Length;
                scoped Span<float> cursor;
                cursor = s.Length > 2 ? s.Slice(2) : q;
                s = s.Slice(s.Length - 1);
                return cursor.Length + s.Length + q[1];
            }
        }
        """;

    [Fact]
    public void Pointer_style_spans_assign_choose_and_slice_into_calls_with_ref_locals_and_per_thread_arrays()
    {
        GeneratorRun run = GeneratorHarness.Run(PointerSpanSource);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        System.IO.File.WriteAllText("/tmp/spanscratch/a.cu", cuda);
    }
}
