using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// GPU0027 (a barrier only some threads of a block reach) and GPU0029 (a warp shuffle or vote only some lanes reach):
/// warnings at the collective, naming the condition and the variable it depends on the thread through; and silence on
/// the shapes real kernels have (reductions, tiles, warp sums), where the barrier is outside the thread-dependent code.
/// </summary>
public sealed class DivergenceDiagnosticTests
{
    [Fact]
    public void Barrier_under_a_thread_index_condition_reports_GPU0027_at_the_barrier_naming_the_condition()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> c)
            {
                int tid = Gpu.ThreadIdx.X;
                if (tid < 32)
                {
                    c[tid] = 1;
                    Gpu.SyncThreads();
                }
            }
            """);

        Diagnostic d = Single(run, "GPU0027");
        Assert.Equal("Gpu.SyncThreads()", Spanned(d));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.StartsWith("Gpu.SyncThreads() is under the condition 'tid < 32' (line 10), which depends on the thread index through 'tid'", d.GetMessage());
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void Barrier_after_an_early_return_on_the_global_index_reports_GPU0027()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> c)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i >= c.Length) return;
                c[i] = 1;
                Gpu.SyncThreads();
            }
            """);

        Diagnostic d = Single(run, "GPU0027");
        Assert.Equal("Gpu.SyncThreads()", Spanned(d));
        Assert.Contains("follows a 'return' under the condition 'i >= c.Length' (line 10), which depends on the thread index through 'i'", d.GetMessage());
    }

    [Fact]
    public void Barrier_after_a_thread_dependent_break_or_continue_reports_GPU0027_in_the_rest_of_the_loop_only()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> c)
            {
                for (int k = 0; k < 8; k++)
                {
                    if (c[Gpu.ThreadIdx.X] == k) break;
                    Gpu.SyncThreads();
                }

                for (int k = 0; k < 8; k++)
                {
                    Gpu.SyncThreads();
                    if (c[Gpu.ThreadIdx.X] == k) { continue; }
                    c[0] = k;
                    Gpu.SyncThreads();
                }

                Gpu.SyncThreads();
            }
            """);

        Diagnostic[] found = Gpu(run);
        Assert.All(found, d => Assert.Equal("GPU0027", d.Id));
        Assert.Equal(new[] { 12, 20 }, found.Select(Line).ToArray());
        Assert.Contains("follows a 'break' under the condition 'c[Gpu.ThreadIdx.X] == k' (line 11)", found[0].GetMessage());
        Assert.Contains("follows a 'continue' under the condition", found[1].GetMessage());
    }

    [Fact]
    public void Barrier_in_a_loop_whose_condition_depends_on_the_thread_reports_GPU0027()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> c)
            {
                for (int k = Gpu.ThreadIdx.X; k < 64; k += 32)
                {
                    Gpu.SyncThreads();
                }
            }
            """);

        Diagnostic d = Single(run, "GPU0027");
        Assert.Contains("is in a loop with the condition 'k < 64' (line 9), which depends on the thread index through 'k'", d.GetMessage());
    }

    [Fact]
    public void A_local_assigned_under_a_thread_condition_makes_a_later_loop_thread_dependent()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> c)
            {
                int rounds = 1;
                if (Gpu.ThreadIdx.X == 0) rounds = 4;
                for (int k = 0; k < rounds; k++) Gpu.SyncThreads();

                int steps = 0;
                while (steps < 4)
                {
                    Gpu.SyncThreads();
                    if (Gpu.ThreadIdx.X > steps) steps += 2; else steps++;
                }
            }
            """);

        Diagnostic[] found = Gpu(run);
        Assert.Equal(new[] { "GPU0027", "GPU0027" }, found.Select(d => d.Id).ToArray());
        Assert.Contains("through 'rounds'", found[0].GetMessage());
        Assert.Contains("is in a loop with the condition 'steps < 4' (line 14), which depends on the thread index through 'steps'", found[1].GetMessage());
    }

    [Fact]
    public void Barrier_under_a_condition_on_an_atomic_result_or_in_a_switch_on_the_lane_reports_GPU0027()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> c)
            {
                if (Gpu.AtomicAdd(ref c[0], 1) == 0) Gpu.SyncThreads();
                switch (Gpu.LaneId)
                {
                    case 0:
                        Gpu.SyncThreads();
                        break;
                }
            }
            """);

        Diagnostic[] found = Gpu(run);
        Assert.Equal(2, found.Length);
        Assert.Contains("through 'Gpu.AtomicAdd'", found[0].GetMessage());
        Assert.Contains("is in a switch on 'Gpu.LaneId' (line 10)", found[1].GetMessage());
    }

    [Fact]
    public void Call_of_a_device_method_that_reaches_a_barrier_under_a_thread_condition_reports_GPU0027_at_the_call()
    {
        GeneratorRun run = Kernels("""
            [Device] static void Stage(Span<int> c) { c[0] = 1; Gpu.SyncThreads(); }
            [Device] static void Outer(Span<int> c) => Stage(c);
            [Device] static void Inside(Span<int> c) { if (Gpu.ThreadIdx.X == 0) Gpu.SyncThreads(); }

            [Kernel]
            public static void K(Span<int> c)
            {
                Outer(c);
                if (Gpu.ThreadIdx.X < 16) Outer(c);
                if (Gpu.BlockIdx.X == 0) Outer(c);
                Inside(c);
            }
            """);

        Diagnostic[] found = Gpu(run).OrderBy(Line).ToArray();
        Assert.Equal(new[] { "GPU0027", "GPU0027" }, found.Select(d => d.Id).ToArray());
        Assert.Equal("Gpu.SyncThreads()", Spanned(found[0]));
        Assert.Equal(8, Line(found[0]));
        Assert.Equal("Outer(c)", Spanned(found[1]));
        Assert.Equal(14, Line(found[1]));
        Assert.StartsWith("The call 'Outer(c)' reaches Gpu.SyncThreads() and is under the condition 'Gpu.ThreadIdx.X < 16' (line 14)", found[1].GetMessage());
        Snapshot.Verify(DiagnosticFormatter.Format(found), "txt");
    }

    [Fact]
    public void Reductions_tiles_and_block_uniform_conditions_report_nothing()
    {
        GeneratorRun run = Kernels("""
            [Device] static void Stage(Span<float> s) { Gpu.SyncThreads(); }

            [Kernel]
            public static void Reduce(ReadOnlySpan<float> x, Span<float> sums)
            {
                Span<float> sh = Gpu.Shared<float>(256);
                int tid = Gpu.ThreadIdx.X;
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + tid;
                sh[tid] = i < x.Length ? x[i] : 0f;
                Gpu.SyncThreads();
                for (int s = Gpu.BlockDim.X / 2; s > 0; s >>= 1)
                {
                    if (tid < s) sh[tid] += sh[tid + s];
                    Gpu.SyncThreads();
                }

                if (tid == 0) sums[Gpu.BlockIdx.X] = sh[0];
            }

            [Kernel]
            public static void Tiled(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n)
            {
                Span<float> ta = Gpu.Shared<float>(256);
                Span<float> tb = Gpu.Shared<float>(256);
                int tx = Gpu.ThreadIdx.X, ty = Gpu.ThreadIdx.Y;
                int row = Gpu.BlockIdx.Y * 16 + ty, col = Gpu.BlockIdx.X * 16 + tx;
                float sum = 0f;
                for (int k0 = 0; k0 < n; k0 += 16)
                {
                    ta[ty * 16 + tx] = row < n && k0 + tx < n ? a[row * n + k0 + tx] : 0f;
                    tb[ty * 16 + tx] = col < n && k0 + ty < n ? b[(k0 + ty) * n + col] : 0f;
                    Gpu.SyncThreads();
                    for (int k = 0; k < 16; k++) sum += ta[ty * 16 + k] * tb[k * 16 + tx];
                    Gpu.SyncThreads();
                }

                if (row < n && col < n) c[row * n + col] = sum;
            }

            [Kernel]
            public static void Uniform(Span<float> c, int n)
            {
                if (Gpu.BlockIdx.X == 0 && n > 4) Gpu.SyncThreads();
                for (int k = 0; k < n * Gpu.GridDim.X; k++) Gpu.SyncThreads();
                while (n > Gpu.BlockDim.Y) { n /= 2; Stage(c); }
                if (n > 1) { if (Gpu.ThreadIdx.X == 0) return; } else { Gpu.SyncThreads(); }
            }

            [Kernel]
            public static void AfterTheLoop(Span<float> c)
            {
                int t = Gpu.ThreadIdx.X;
                for (int k = 0; k < 8; k++)
                {
                    if (c[t] == k) break;
                }

                for (int k = t; k < c.Length; k += Gpu.BlockDim.X) c[k] = 0f;
                Gpu.SyncThreads();
                Stage(c);
                if (t >= 32) return;
                c[t] = 1f;
            }
            """);

        Assert.Empty(run.AllDiagnostics);
    }

    [Fact]
    public void Shuffle_under_a_lane_condition_reports_GPU0029_at_the_shuffle()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> x)
            {
                float v = x[Gpu.ThreadIdx.X];
                if (Gpu.LaneId < 16)
                {
                    v += Gpu.ShuffleDown(v, 16);
                }

                x[Gpu.ThreadIdx.X] = v;
            }
            """);

        Diagnostic d = Single(run, "GPU0029");
        Assert.Equal("Gpu.ShuffleDown(v, 16)", Spanned(d));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.StartsWith("Gpu.ShuffleDown(v, 16) is under the condition 'Gpu.LaneId < 16' (line 10), which differs between the lanes of a warp through 'Gpu.LaneId'", d.GetMessage());
        Snapshot.Verify(DiagnosticFormatter.Format(Gpu(run)), "txt");
    }

    [Fact]
    public void Votes_in_conditional_operands_and_after_an_early_return_report_GPU0029()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> x, Span<uint> votes)
            {
                int lane = Gpu.LaneId;
                float v = x[Gpu.ThreadIdx.X];
                float w = lane < 8 ? Gpu.ShuffleXor(v, 1) : 0f;
                bool any = lane % 2 == 0 && Gpu.Any(v > 0f);
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i >= votes.Length) return;
                votes[i] = Gpu.Ballot(w > 0f && any);
            }
            """);

        Diagnostic[] found = Gpu(run);
        Assert.Equal(new[] { "GPU0029", "GPU0029", "GPU0029" }, found.Select(d => d.Id).ToArray());
        Assert.Equal(new[] { "Gpu.ShuffleXor(v, 1)", "Gpu.Any(v > 0f)", "Gpu.Ballot(w > 0f && any)" }, found.Select(Spanned).ToArray());
        Assert.Contains("follows a 'return' under the condition 'i >= votes.Length' (line 14)", found[2].GetMessage());
    }

    [Fact]
    public void Comparing_the_thread_index_with_a_warp_boundary_runs_whole_warps_and_any_other_bound_reports_GPU0029()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> x)
            {
                int tid = Gpu.ThreadIdx.X;
                float v = x[tid];
                if (tid < 32) v += Gpu.ShuffleDown(v, 1);
                if (tid >= Gpu.WarpSize && 63 >= tid) v += Gpu.ShuffleXor(v, 1);
                if (tid < 16) v += Gpu.ShuffleDown(v, 2);
                int moved = tid;
                moved += 1;
                if (moved < 32) v += Gpu.ShuffleDown(v, 4);
                if (tid < 32) Gpu.SyncThreads();
                x[tid] = v;
            }
            """);

        Diagnostic[] found = Gpu(run);
        Assert.Equal(new[] { "GPU0029", "GPU0029", "GPU0027" }, found.Select(d => d.Id).ToArray());
        Assert.Equal(new[] { 13, 16, 17 }, found.Select(Line).ToArray());
        Assert.Contains("through 'moved'", found[1].GetMessage());
    }

    [Fact]
    public void An_unsigned_thread_index_compared_with_a_warp_boundary_runs_whole_warps()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> x)
            {
                uint tid = (uint)Gpu.ThreadIdx.X;
                float v = x[(int)tid];
                if (tid < 32) v += Gpu.ShuffleDown(v, 1);
                if ((long)Gpu.ThreadIdx.X >= 64u) v += Gpu.ShuffleXor(v, 2);
                x[(int)tid] = v;
            }
            """);

        Assert.Empty(run.AllDiagnostics);
    }

    [Fact]
    public void A_warp_strided_loop_from_the_warps_first_lane_runs_whole_warps()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> x, int n)
            {
                int id = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                int stride = Gpu.GridDim.X * Gpu.BlockDim.X;
                for (int w = id - Gpu.LaneId; w < n; w += stride)
                {
                    int i = w + Gpu.LaneId;
                    float v = i < n ? x[i] : 0f;
                    v += Gpu.ShuffleDown(v, 1);
                    if (i < n) x[i] = v;
                }

                int lane = Gpu.LaneId;
                for (int w = (Gpu.ThreadIdx.X + 7) - lane; w < n; w += Gpu.BlockDim.X)
                {
                    x[0] += Gpu.Shuffle(x[0], 0);
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
    }

    [Fact]
    public void GPU0029_names_the_variable_that_differs_between_lanes_not_one_that_is_per_warp()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<float> x, int n)
            {
                uint tid = (uint)Gpu.ThreadIdx.X;
                int lane = Gpu.LaneId;
                float v = x[(int)tid];
                if (tid < 32 && lane < n) v += Gpu.ShuffleDown(v, 1);
                int id = Gpu.ThreadIdx.X * 2;
                for (int w = id - lane; w < n; w++) v += Gpu.ShuffleDown(v, 1);
                x[(int)tid] = v;
            }
            """);

        Diagnostic[] found = Gpu(run);
        Assert.Equal(new[] { "GPU0029", "GPU0029" }, found.Select(d => d.Id).ToArray());
        Assert.Contains("under the condition 'tid < 32 && lane < n' (line 12), which differs between the lanes of a warp through 'lane'", found[0].GetMessage());
        Assert.Contains("in a loop with the condition 'w < n' (line 14), which differs between the lanes of a warp through 'w'", found[1].GetMessage());
    }

    [Fact]
    public void Call_of_a_device_warp_sum_under_a_lane_condition_reports_GPU0029_and_under_a_warp_condition_nothing()
    {
        GeneratorRun run = Kernels("""
            [Device]
            static float WarpSum(float v)
            {
                for (int offset = 16; offset > 0; offset /= 2) v += Gpu.ShuffleDown(v, offset);
                return v;
            }

            [Kernel]
            public static void K(Span<float> x)
            {
                float v = x[Gpu.ThreadIdx.X];
                int warp = Gpu.ThreadIdx.X / Gpu.WarpSize;
                if (warp == 0) v = WarpSum(v);
                if (Gpu.LaneId == 0) v = WarpSum(v);
                x[Gpu.ThreadIdx.X] = v;
            }
            """);

        Diagnostic d = Single(run, "GPU0029");
        Assert.Equal("WarpSum(v)", Spanned(d));
        Assert.Equal(19, Line(d));
        Assert.StartsWith("The call 'WarpSum(v)' reaches a warp shuffle or vote and is under the condition 'Gpu.LaneId == 0' (line 19)", d.GetMessage());
    }

    [Fact]
    public void Warp_sums_per_warp_conditions_and_shuffles_after_uniform_loops_report_nothing()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void Sum(ReadOnlySpan<float> x, Span<float> total)
            {
                Span<float> warpSums = Gpu.Shared<float>(32);
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                float v = i < x.Length ? x[i] : 0f;
                for (int offset = 16; offset > 0; offset /= 2) v += Gpu.ShuffleDown(v, offset);
                int warp = Gpu.ThreadIdx.X / Gpu.WarpSize;
                if (Gpu.LaneId == 0) warpSums[warp] = v;
                Gpu.SyncThreads();
                if (warp == 0)
                {
                    int warps = Gpu.BlockDim.X / Gpu.WarpSize;
                    float w = Gpu.LaneId < warps ? warpSums[Gpu.LaneId] : 0f;
                    for (int offset = 16; offset > 0; offset /= 2) w += Gpu.ShuffleXor(w, offset);
                    if (Gpu.LaneId == 0) Gpu.AtomicAdd(ref total[0], w);
                }
            }

            [Kernel]
            public static void Votes(ReadOnlySpan<int> x, Span<uint> ballots)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                int v = i < x.Length ? x[i] : 0;
                uint mask = Gpu.Ballot(v > 0);
                if (mask != 0u) v += Gpu.ShuffleDown(v, 1);
                if ((Gpu.ThreadIdx.X >> 5) == 1) v += Gpu.Shuffle(v, 0);
                Gpu.SyncWarp();
                if (i < ballots.Length) ballots[i] = mask + (uint)v;
            }
            """);

        Assert.Empty(run.AllDiagnostics);
    }

    [Fact]
    public void Grid_barrier_under_a_thread_or_block_condition_reports_GPU0037_at_the_barrier_or_the_call_that_reaches_it()
    {
        GeneratorRun run = Kernels("""
            [Device] static void Wait() => Gpu.SyncGrid();

            [Kernel]
            public static void K(Span<int> c, int steps)
            {
                for (int s = 0; s < steps; s++) Gpu.SyncGrid();
                if (Gpu.BlockIdx.X == 0)
                {
                    Gpu.SyncGrid();
                }

                if (Gpu.ThreadIdx.X < 16) Wait();
                if (c.Length > 4) Gpu.SyncGrid();
            }
            """);

        Diagnostic[] found = Gpu(run);
        Assert.Equal(new[] { "GPU0037", "GPU0037" }, found.Select(d => d.Id).ToArray());
        Assert.Equal("Gpu.SyncGrid()", Spanned(found[0]));
        Assert.Equal(14, Line(found[0]));
        Assert.Equal(DiagnosticSeverity.Warning, found[0].Severity);
        Assert.StartsWith("Gpu.SyncGrid() is under the condition 'Gpu.BlockIdx.X == 0' (line 12), which differs between the threads or blocks of the grid through 'Gpu.BlockIdx'", found[0].GetMessage());
        Assert.Equal("Wait()", Spanned(found[1]));
        Assert.StartsWith("The call 'Wait()' reaches Gpu.SyncGrid() and is under the condition 'Gpu.ThreadIdx.X < 16' (line 17)", found[1].GetMessage());
        Snapshot.Verify(DiagnosticFormatter.Format(found), "txt");
    }

    [Fact]
    public void A_barrier_in_a_loop_after_a_thread_dependent_return_names_the_return_not_the_loop_counter()
    {
        // Numba's heat equation: threads past the end return, the others step on together. The loop counter is the same in
        // every thread that runs on, so the cause to name is the return.
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<double> a, int steps)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i >= a.Length) return;
                for (int step = 0; step < steps; step++)
                {
                    a[i] += step;
                    Gpu.SyncGrid();
                    Gpu.SyncThreads();
                }
            }
            """);

        Diagnostic[] found = Gpu(run);
        Assert.Equal(new[] { "GPU0037", "GPU0027" }, found.Select(d => d.Id).ToArray());
        Assert.StartsWith("Gpu.SyncGrid() follows a 'return' under the condition 'i >= a.Length'", found[0].GetMessage());
        Assert.StartsWith("Gpu.SyncThreads() follows a 'return' under the condition 'i >= a.Length'", found[1].GetMessage());
    }

    [Fact]
    public void Block_index_conditions_still_report_nothing_for_SyncThreads_and_shuffles()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> c)
            {
                if (Gpu.BlockIdx.X == 0) return;
                int v = Gpu.ShuffleDown(c[Gpu.BlockIdx.X], 1);
                Gpu.SyncThreads();
                if (Gpu.ThreadIdx.X / 32 == Gpu.BlockIdx.X) v += Gpu.ShuffleXor(v, 1);
                c[0] = v;
            }
            """);

        Assert.Empty(run.AllDiagnostics);
    }

    [Fact]
    public void Masked_shuffle_under_a_lane_condition_reports_nothing_but_the_full_mask_spelled_out_reports_GPU0029()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> x)
            {
                int v = x[Gpu.ThreadIdx.X];
                if (Gpu.LaneId < 16)
                {
                    v += Gpu.ShuffleDown(0x0000ffffu, v, 4, 16);
                    v += Gpu.ReduceAdd(0x0000ffffu, v);
                    v += Gpu.ShuffleDown(0xffffffffu, v, 1);
                }

                x[Gpu.ThreadIdx.X] = v;
            }
            """);

        Diagnostic d = Single(run, "GPU0029");
        Assert.Equal("Gpu.ShuffleDown(0xffffffffu, v, 1)", Spanned(d));
    }

    [Fact]
    public void Block_votes_under_a_thread_index_condition_report_GPU0027_as_SyncThreads_does()
    {
        GeneratorRun run = Kernels("""
            [Kernel]
            public static void K(Span<int> c)
            {
                int tid = Gpu.ThreadIdx.X;
                int n = Gpu.SyncThreadsCount(c[tid] > 0);
                if (tid < 32)
                {
                    c[tid] = n + (Gpu.SyncThreadsOr(c[tid] < 0) ? 1 : 0);
                }
            }
            """);

        Diagnostic d = Single(run, "GPU0027");
        Assert.Equal("Gpu.SyncThreadsOr(c[tid] < 0)", Spanned(d));
    }

    private static GeneratorRun Kernels(string members) => GeneratorHarness.Analyze($$"""
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
        {{members}}
        }
        """);

    /// <summary>The one diagnostic of <paramref name="id"/>, with nothing else reported (the code must translate).</summary>
    private static Diagnostic Single(GeneratorRun run, string id)
    {
        Assert.True(Gpu(run).Length == 1 && Gpu(run)[0].Id == id, $"Expected one {id}, got:\n{DiagnosticFormatter.Format(Gpu(run))}");
        Assert.Empty(run.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        return Gpu(run)[0];
    }

    private static Diagnostic[] Gpu(GeneratorRun run) =>
        run.Diagnostics.Where(d => d.Id.StartsWith("GPU", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToArray();

    private static string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);

    private static int Line(Diagnostic d) => d.Location.GetLineSpan().StartLinePosition.Line + 1;
}
