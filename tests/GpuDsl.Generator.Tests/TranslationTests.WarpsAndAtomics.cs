namespace GpuDsl.Generator.Tests;

/// <summary>
/// Warp collectives with a lane mask and a segment width, block votes, and the full set of atomics (Gpu.Atomic* and
/// System.Threading.Interlocked) on global and shared memory.
/// </summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Masked_shuffles_votes_matches_and_warp_reductions_map_to_the_sync_intrinsics_with_mask_and_width()
    {
        Verify("""
            [Kernel]
            public static void Warps(Span<int> a, Span<uint> u, Span<long> l, Span<ulong> ul, Span<float> f, Span<double> d)
            {
                int i = Gpu.ThreadIdx.X;
                uint mask = Gpu.Ballot(0xffffffffu, i < 16);
                uint active = Gpu.ActiveMask();
                a[i] = Gpu.ShuffleDown(mask, a[i], 1, 8) + Gpu.ShuffleUp(mask, a[i], 2) + Gpu.ShuffleXor(mask, a[i], 4, 16) + Gpu.Shuffle(mask, a[i], 3, 8);
                u[i] = Gpu.ShuffleDown(mask, u[i], 1, 16) ^ Gpu.MatchAny(active, u[i]) ^ Gpu.ReduceAnd(mask, u[i]) ^ Gpu.ReduceOr(mask, u[i]) ^ Gpu.ReduceXor(mask, u[i]);
                l[i] = Gpu.ShuffleUp(mask, l[i], 1, 4) + Gpu.MatchAny(mask, l[i]);
                ul[i] = Gpu.Shuffle(mask, ul[i], 0) + Gpu.MatchAny(mask, ul[i]);
                f[i] = Gpu.ShuffleXor(mask, f[i], 1) + Gpu.MatchAny(mask, f[i]);
                d[i] = Gpu.ShuffleDown(mask, d[i], 2, 32) + Gpu.MatchAny(mask, d[i]);
                int sum = Gpu.ReduceAdd(mask, a[i]) + Gpu.ReduceMin(mask, a[i]) + Gpu.ReduceMax(mask, a[i]);
                uint usum = Gpu.ReduceAdd(mask, u[i]) + Gpu.ReduceMin(mask, u[i]) + Gpu.ReduceMax(mask, u[i]);
                bool all = Gpu.All(mask, sum > 0), any = Gpu.Any(mask, usum > 0u);
                a[i] = all && any ? sum : (int)usum;
            }
            """);
    }

    [Fact]
    public void Block_votes_map_to_syncthreads_count_and_or_as_barriers()
    {
        Verify("""
            [Kernel]
            public static void Votes(Span<int> x)
            {
                int i = Gpu.ThreadIdx.X;
                int positive = Gpu.SyncThreadsCount(x[i] > 0);
                bool all = Gpu.SyncThreadsAnd(x[i] != 0);
                if (Gpu.SyncThreadsOr(x[i] < 0)) x[i] = positive;
                x[i] += all ? 1 : 0;
            }
            """);
    }

    [Fact]
    public void Atomics_on_global_and_shared_memory_map_to_cuda_atomics_with_helpers_where_cuda_lacks_an_overload()
    {
        Verify("""
            [Kernel]
            public static void Atomics(Span<int> a, Span<uint> u, Span<long> l, Span<ulong> ul, Span<float> f, Span<double> d)
            {
                Span<uint> ring = Gpu.Shared<uint>(4);
                Span<double> sums = Gpu.Shared<double>(1);
                int i = Gpu.ThreadIdx.X;
                int x = Gpu.AtomicSub(ref a[0], i) + Gpu.AtomicAnd(ref a[1], i) + Gpu.AtomicOr(ref a[2], i) + Gpu.AtomicXor(ref a[3], i);
                uint y = Gpu.AtomicInc(ref ring[0], 3u) + Gpu.AtomicDec(ref u[0], 5u) + Gpu.AtomicSub(ref u[1], 2u) + Gpu.AtomicXor(ref ring[1], 1u);
                long z = Gpu.AtomicAnd(ref l[0], 6L) + Gpu.AtomicOr(ref l[1], 1L) + Gpu.AtomicXor(ref l[2], 3L) + Gpu.AtomicExchange(ref l[3], 9L);
                z += Gpu.AtomicCompareExchange(ref l[4], 1L, 0L);
                ulong w = Gpu.AtomicMin(ref ul[0], 4ul) + Gpu.AtomicMax(ref ul[1], 4ul) + Gpu.AtomicExchange(ref ul[2], 1ul) + Gpu.AtomicXor(ref ul[3], 2ul);
                float g = Gpu.AtomicCompareExchange(ref f[0], 1.5f, f[1]);
                double h = Gpu.AtomicCompareExchange(ref d[0], 2.5, 0.0) + Gpu.AtomicExchange(ref sums[0], 1.0);
                a[4] = x + (int)y + (int)z + (int)w + (int)g + (int)h;
            }
            """);
    }

    [Fact]
    public void Interlocked_exchange_compare_exchange_and_or_map_for_every_type_with_the_comparand_first_in_cuda()
    {
        Verify("""
            [Kernel]
            public static void Interlocks(Span<int> a, Span<uint> u, Span<long> l, Span<ulong> ul, Span<float> f, Span<double> d)
            {
                int x = System.Threading.Interlocked.And(ref a[0], 6) + System.Threading.Interlocked.Or(ref a[1], 1);
                uint y = System.Threading.Interlocked.And(ref u[0], 6u) + System.Threading.Interlocked.Or(ref u[1], 1u) + System.Threading.Interlocked.Decrement(ref u[2]);
                long z = System.Threading.Interlocked.And(ref l[0], 6L) + System.Threading.Interlocked.Or(ref l[1], 1L) + System.Threading.Interlocked.Exchange(ref l[2], 5L);
                z += System.Threading.Interlocked.CompareExchange(ref l[3], 7L, 0L);
                ulong w = System.Threading.Interlocked.And(ref ul[0], 6ul) | System.Threading.Interlocked.Or(ref ul[1], 1ul) | System.Threading.Interlocked.Exchange(ref ul[2], 3ul);
                float g = System.Threading.Interlocked.CompareExchange(ref f[0], 1f, 0f);
                double h = System.Threading.Interlocked.CompareExchange(ref d[0], 1.0, 0.0) + System.Threading.Interlocked.Exchange(ref d[1], 2.0);
                a[2] = x + (int)y + (int)z + (int)w + (int)g + (int)h;
            }
            """);
    }

    [Fact]
    public void An_unmapped_Interlocked_call_on_a_span_element_reports_only_the_call_not_its_ref_argument()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Reads(Span<long> big, Span<long> copy)
                {
                    copy[0] = System.Threading.Interlocked.Read(ref big[0]);
                }
            }
            """);

        Microsoft.CodeAnalysis.Diagnostic error = Assert.Single(run.GpuDiagnostics);
        Assert.Equal("GPU0007", error.Id);
        Assert.Contains("Interlocked.Read(ref readonly long)", error.GetMessage(), StringComparison.Ordinal);
    }
}
