namespace GpuDsl.Generator.Tests;

/// <summary>Each supported construct, translated: the CUDA (and for the first, the C# launcher) is snapshot-checked.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Vector_add_translates_to_a_global_function_and_a_typed_launcher()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    if (i < c.Length) c[i] = a[i] + b[i];
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        Snapshot.Verify(run.Cuda(), "cu");
        Snapshot.Verify(run.Sources["Kernels.Kernels.g.cs"], "cs", "Kernels.Kernels.g");
    }

    [Fact]
    public void Arithmetic_comparison_and_logical_operators_keep_their_shape()
    {
        Verify("""
            [Kernel]
            public static void Ops(Span<int> o, int x, int y, float f, double d, bool flag)
            {
                o[0] = x + y * 2 - (x - y) / 3 % 5;
                o[1] = (x < y && y <= 10) || !(x >= y) || x == y || x != 7 ? 1 : 0;
                o[2] = flag && f > 0.5f ? (int)(f * 2.5f) : (int)(d / 3.0);
                o[3] = -x + +y - -x;
            }
            """);
    }

    [Fact]
    public void Compound_assignments_and_increments_translate_unchanged()
    {
        Verify("""
            [Kernel]
            public static void Compound(Span<float> s, Span<int> n)
            {
                float v = s[0];
                v += 1.5f; v -= 0.25f; v *= 2f; v /= 4f;
                int k = n[0];
                k %= 7; k++; ++k; k--; --k;
                s[1] += v;
                n[1] = k++;
                n[2] = --k;
            }
            """);
    }

    [Fact]
    public void If_else_chains_and_single_statement_bodies_translate()
    {
        Verify("""
            [Kernel]
            public static void Branches(Span<int> o, int x)
            {
                if (x < 0)
                {
                    o[0] = -1;
                }
                else if (x == 0)
                    o[0] = 0;
                else
                {
                    o[0] = 1;
                }

                if (x > 100) return;
                o[1] = x;
            }
            """);
    }

    [Fact]
    public void For_while_and_do_loops_with_break_and_continue_translate()
    {
        Verify("""
            [Kernel]
            public static void Loops(Span<int> o, int n)
            {
                int sum = 0;
                for (int i = 0, j = n; i < j; i++, j--)
                {
                    if (i % 2 == 0) continue;
                    sum += i;
                }

                int k = 0;
                while (k < n)
                {
                    k += 3;
                    if (k > 50) break;
                }

                do { k--; } while (k > 0);
                for (;;) { break; }
                o[0] = sum + k;
            }
            """);
    }

    [Fact]
    public void Device_functions_across_classes_are_declared_once_before_the_kernels()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static class Activations
            {
                [Device]
                public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

                [Device]
                public static float Scaled(float x, float scale = 2f) => Sigmoid(x) * scale;

                [Device]
                public static float Unused(float x) => x;
            }

            public static partial class Kernels
            {
                [Device]
                static float Twice(float x) { return Activations.Scaled(x) + Activations.Sigmoid(x); }

                [Kernel]
                public static void Apply(Span<float> x)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    if (i < x.Length) x[i] = Twice(x[i]);
                }

                [Kernel]
                public static void ApplyScaled(Span<float> x, float s)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    if (i < x.Length) x[i] = Activations.Scaled(scale: s, x: x[i]);
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        Snapshot.Verify(run.Cuda(), "cu");
    }

    [Fact]
    public void Math_and_MathF_functions_map_to_CUDA_with_NET_semantics()
    {
        Verify("""
            [Kernel]
            public static void Maths(Span<float> f, Span<double> d, Span<int> n)
            {
                float x = f[0];
                f[1] = MathF.Exp(x) + MathF.Sqrt(x) + MathF.Abs(x) + MathF.Max(x, 1f) + MathF.Min(x, 2f);
                f[2] = MathF.Sin(x) + MathF.Cos(x) + MathF.Tanh(x) + MathF.Log(x) + MathF.Pow(x, 3f) + MathF.Floor(x) + MathF.Round(x);
                f[3] = MathF.FusedMultiplyAdd(x, 2f, 1f) + Math.Clamp(x, 0f, 1f) + MathF.CopySign(x, -1f);
                double y = d[0];
                d[1] = Math.Exp(y) + Math.Sqrt(y) + Math.Max(y, 0.5) + Math.Log10(y) + Math.Ceiling(y) + Math.Truncate(y);
                n[0] = Math.Max(n[1], n[2]) + Math.Min(n[1], 3) + Math.Abs(n[2]) + Math.Clamp(n[1], 0, 10);
            }
            """);
    }

    [Fact]
    public void Casts_literals_and_mixed_signedness_follow_CSharp_semantics()
    {
        Verify("""
            const float Half = 0.5f;

            [Kernel]
            public static void Conversions(Span<long> o, Span<float> f, int i, uint u, long l, ulong ul, double d, int s)
            {
                o[0] = i < u ? 1 : 0;
                o[1] = i + u;
                o[2] = (long)(f[0] * Half) + (int)d + (long)ul + l;
                o[3] = i << 3;
                o[4] = i << s;
                o[5] = l >> s;
                o[6] = i >>> 2;
                f[1] = 1e-3f + 2 + float.MaxValue * 0 + (float)int.MaxValue + (float)-1.5 + -Half;
                f[2] = (float)(byte)i + (short)i + (sbyte)i + (ushort)i + 0x10 + 1_000;
                f[3] = float.PositiveInfinity;
                o[7] = int.MinValue + long.MaxValue;
                o[8] = unchecked(i * 3);
            }
            """);
    }

    [Fact]
    public void Locals_of_every_scalar_type_and_const_locals_translate()
    {
        Verify("""
            [Kernel]
            public static void Locals(Span<double> o)
            {
                bool b = true; byte u8 = 1; sbyte i8 = -1; short i16 = 2; ushort u16 = 3;
                int i32 = 4; uint u32 = 5u; long i64 = 6L; ulong u64 = 7UL; float f = 8f; double d = 9.0;
                var inferred = i32 * 2L;
                const int Block = 256;
                Dim3 t = Gpu.ThreadIdx;
                o[0] = (b ? 1 : 0) + u8 + i8 + i16 + u16 + i32 + u32 + i64 + (long)u64 + f + d + inferred + Block + t.X + Gpu.GridDim.Y + Gpu.BlockIdx.Z;
            }
            """);
    }

    [Fact]
    public void Names_CUDA_reserves_are_renamed_consistently()
    {
        Verify("""
            [Device]
            static int Pick(int max, int unsigned) => Math.Max(max, unsigned);

            [Kernel]
            public static void Reserved(Span<int> threadIdx, int register)
            {
                int auto = register;
                int max = Pick(auto, threadIdx.Length);
                threadIdx[0] = Math.Max(max, auto);
            }
            """);
    }

    [Fact]
    public void Names_of_CUDA_macros_keywords_builtins_and_math_functions_are_renamed()
    {
        // Each of these is a C# identifier and, unrenamed, an NVRTC error or a hidden built-in: NULL is a macro
        // ("expected an identifier"), @class a C++ keyword, threadIdx a built-in, _Pragma the implementation's.
        Verify("""
            public struct Limits { public int INT_MAX; public float FLT_EPSILON; }

            [Device]
            static float printf(float sqrt, int warpSize) => sqrt * warpSize;

            [Kernel]
            public static void Reserved(Span<float> NULL, Span<Limits> limits, int INFINITY, float NAN, int assert)
            {
                int EOF = INFINITY + assert;
                int @class = EOF * 2, @int = 3, @new = 4, _Pragma = 5, CUDART_PI_F = 6, errno = 7, M_PI = 8;
                float min = NAN, max = NAN + 1f, rsqrtf = 2f, atomicAdd = 1f, fmaf = 0.5f;
                int threadIdx = @class + @int + @new + _Pragma + CUDART_PI_F + errno + M_PI;
                Limits l = limits[0];
                l.INT_MAX = threadIdx;
                l.FLT_EPSILON = min + max + rsqrtf + atomicAdd + fmaf;
                limits[0] = l;
                NULL[0] = printf(MathF.Sqrt(NULL.Length), EOF);
            }
            """);
    }

    [Fact]
    public void Printf_becomes_CUDAs_printf_with_a_C_string_and_each_argument_as_its_conversion_reads_it()
    {
        Verify("""
            const string Header = "row\tvalue \"%d\" 100%% done\n";

            [Kernel]
            public static void Print(ReadOnlySpan<float> x, long big, Half h, bool flag, byte small)
            {
                int i = Gpu.ThreadIdx.X;
                Gpu.Printf("thread %d of %u: x = %8.3f, %e\n", i, (uint)Gpu.BlockDim.X, x[i], 2.5);
                Gpu.Printf(Header, i);
                Gpu.Printf("%lld %llx %g %d %hhu é\n", big, 7, h, flag, small);
                Gpu.Printf("done\n");
            }
            """);
    }

    [Fact]
    public void Shared_memory_barriers_and_atomics_translate_to_CUDA_builtins()
    {
        Verify("""
            const int Threads = 256;

            [Kernel]
            public static void BlockSum(ReadOnlySpan<float> x, Span<float> total, Span<int> histogram)
            {
                Span<float> partial = Gpu.Shared<float>(Threads);
                Span<int> bins = Gpu.Shared<int>(16);
                int t = Gpu.ThreadIdx.X;
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + t;
                if (t < bins.Length) bins[t] = 0;
                partial[t] = i < x.Length ? x[i] : 0f;
                Gpu.SyncThreads();
                for (int stride = partial.Length / 2; stride > 0; stride /= 2)
                {
                    if (t < stride) partial[t] += partial[t + stride];
                    Gpu.SyncThreads();
                }

                if (i < x.Length) Gpu.AtomicAdd(ref bins[(int)x[i] & 15], 1);
                Gpu.SyncThreads();
                if (t == 0) Gpu.AtomicAdd(ref total[0], partial[0]);
                if (t < bins.Length) Gpu.AtomicAdd(ref histogram[t], bins[t]);
                Gpu.ThreadFence();
            }
            """);
    }

    [Fact]
    public void Dynamic_shared_stackalloc_and_slices_become_pointers_and_arrays()
    {
        Verify("""
            [Kernel]
            public static void Views(ReadOnlySpan<float> x, Span<float> y, int width)
            {
                Span<float> cache = Gpu.DynamicShared<float>();
                Span<float> local = stackalloc float[4];
                ReadOnlySpan<float> row = x.Slice(Gpu.BlockIdx.X * width, width);
                ReadOnlySpan<float> rest = x.Slice(width);
                Span<float> alias = y;
                int t = Gpu.ThreadIdx.X;
                for (int k = 0; k < local.Length; k++) local[k] = k;
                if (t < cache.Length && t < row.Length) cache[t] = row[t] + local[t & 3] + rest.Length;
                Gpu.SyncThreads();
                if (t < alias.Length) alias[t] = cache[t] + Gpu.AtomicExchange(ref y[0], 1f) * 0;
                Span<int> flags = Gpu.Shared<int>(2);
                int peak = Gpu.AtomicMax(ref flags[0], t);
                int old = Gpu.AtomicCompareExchange(ref flags[1], 3, 2);
            }
            """);
    }

    [Fact]
    public void Warp_shuffles_ballots_and_lane_ids_use_the_full_warp_sync_forms()
    {
        Verify("""
            [Kernel]
            public static void Warps(Span<float> x, Span<uint> votes, Span<int> lanes)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                bool inside = i < x.Length;
                float v = inside ? x[i] : 0f;
                for (int offset = Gpu.WarpSize / 2; offset > 0; offset /= 2) v += Gpu.ShuffleDown(v, offset);
                float all = v + Gpu.ShuffleXor(v, 1) + Gpu.Shuffle(v, 0) + Gpu.ShuffleUp(v, 1);
                uint ballot = Gpu.Ballot(v > 0f);
                int lane = Gpu.LaneId + (Gpu.All(v > 0f) ? 1 : 0) + (Gpu.Any(v < 0f) ? 2 : 0);
                Gpu.SyncWarp();
                if (!inside) return;
                votes[i] = ballot;
                lanes[i] = lane;
                x[i] = all;
            }
            """);
    }

    /// <summary>A snapshot named after this file, so the partial files of this class share one naming.</summary>
    private static void VerifySnapshot(string text, string extension, string? name = null, [System.Runtime.CompilerServices.CallerMemberName] string method = "") =>
        Snapshot.Verify(text, extension, name, method: method);

    [Fact]
    public void Foreach_over_spans_becomes_an_indexed_loop_by_value_or_by_reference()
    {
        Verify("""
            [Kernel]
            public static void Loops(ReadOnlySpan<float> x, Span<float> y)
            {
                float sum = 0f;
                foreach (float v in x)
                {
                    if (v < 0f) continue;
                    foreach (var w in x) sum += v * w;
                }

                Span<float> tile = Gpu.Shared<float>(4);
                foreach (ref float t in tile) t = sum;
                foreach (ref float r in y) r += tile[0];
            }
            """);
    }

    [Fact]
    public void Interlocked_on_span_elements_maps_to_atomics_returning_the_new_value()
    {
        Verify("""
            [Kernel]
            public static void Counters(Span<int> n, Span<long> big, Span<uint> u)
            {
                int after = System.Threading.Interlocked.Add(ref n[0], 5);
                int up = System.Threading.Interlocked.Increment(ref n[1]);
                int down = System.Threading.Interlocked.Decrement(ref n[2]);
                long total = System.Threading.Interlocked.Add(ref big[0], 7L);
                int old = System.Threading.Interlocked.CompareExchange(ref n[3], after, 0);
                uint swapped = System.Threading.Interlocked.Exchange(ref u[0], 9u);
                n[4] = after + up + down + old + (int)total + (int)swapped;
            }
            """);
    }

    private static void Verify(string members, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        GeneratorRun run = GeneratorHarness.Run($$"""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
            {{members}}
            }
            """);
        Assert.Empty(run.AllDiagnostics);
        Snapshot.Verify(run.Cuda(), "cu", method: method);
    }
}
