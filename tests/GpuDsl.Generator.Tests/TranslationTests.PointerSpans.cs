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
        Assert.Contains("p = gpudsl_span_assign(p_length, p_length - 1, p + 1);", cuda);
        Assert.Contains("const float* chosen = (flag ? input : other);", cuda);
        Assert.Contains("Helpers_Sum(input + 1, 2)", cuda);
        Assert.Contains("float taps[3] = { 0.25f, 0.5f, 0.25f };", cuda);
        Assert.Contains("float acc[4] = {};", cuda);
        Assert.Contains("float& slot = output[i];", cuda);
        Assert.Contains("float& y = bodies[i].Y;", cuda);
        Assert.Contains("const float& first = input[0];", cuda);
        // A slice of itself keeps a read-only parameter __restrict__.
        Assert.Contains("Helpers_Sum(const float* __restrict__ s, int s_length)", cuda);
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void A_span_local_from_shared_memory_assigned_again_is_a_pointer_into_its_storage()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Halves(Span<float> output)
                {
                    Span<float> tile = Gpu.Shared<float>(64);
                    tile[Gpu.ThreadIdx.X] = Gpu.ThreadIdx.X;
                    Gpu.SyncThreads();
                    while (tile.Length > 1) tile = tile.Slice(tile.Length / 2);
                    output[Gpu.ThreadIdx.X] = tile[0];
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("__shared__ float tile_storage[64];", cuda);
        Assert.Contains("float* tile = tile_storage;", cuda);
        Assert.Contains("int tile_length = 64;", cuda);
        Assert.Contains("tile = gpudsl_span_assign(tile_length, tile_length - (tile_length / 2), tile + (tile_length / 2));", cuda);
    }

    [Fact]
    public void A_read_only_span_parameter_assigned_other_memory_loses_restrict()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Pick(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
                {
                    if (c.Length > 4) a = b;
                    c[0] = a[0];
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("Kernels_Pick(const float* a, int a_length, const float* __restrict__ b, int b_length, float* c, int c_length)", cuda);
    }

    [Fact]
    public void Pointer_style_spans_in_checked_mode_check_against_the_current_length()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", PointerSpanSource)), checkedKernels: true);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Matches(@"p\[gpudsl_check\(0, p_length, \d+\)\]", cuda);
        Assert.Matches(@"acc\[gpudsl_check\(k, 4, \d+\)\]", cuda);
        Assert.Matches(@"float& slot = output\[gpudsl_check\(i, output_length, \d+\)\];", cuda);
        string copy = run.Sources["Kernels.CpuChecked.g.cs"];
        Assert.Contains("global::GpuDsl.CompilerServices.CheckedSpan.At(acc, k, global::GpuDsl.CompilerServices.SpanAccess.Write", copy);
        Assert.Contains("ref float slot = ref global::GpuDsl.CompilerServices.CheckedSpan.At(output, i, global::GpuDsl.CompilerServices.SpanAccess.Reference", copy);
        VerifySnapshot(cuda, "cu");
        VerifySnapshot(copy, "cs", "Kernels.CpuChecked.g");
    }
}
