using GpuDsl.Testing;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// What ported CUDA kernels write as a CUDA programmer would (issue 15's ported samples): a shared scalar as a
/// <c>ref</c> local, atomics through a device helper's <c>ref</c> parameter, <c>__syncwarp(mask)</c>, and shuffles of
/// a struct.
/// </summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void A_ref_local_bound_to_an_element_of_a_new_shared_array_declares_the_array_and_refers_to_its_element()
    {
        // ILGPU's SharedMemory sample: 'ref int v = ref SharedMemory.Allocate<int>()', CUDA's '__shared__ int v;'.
        GeneratorRun run = GeneratorHarness.Run(Source("""
            [Kernel]
            public static void Max(Span<int> data, Span<int> output)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                ref int shared = ref Gpu.Shared<int>(1)[0];
                ref float second = ref Gpu.Shared<float>(4)[Gpu.ThreadIdx.X & 3];
                if (Gpu.ThreadIdx.X == 0) shared = 0;
                second = 1f;
                Gpu.SyncThreads();
                if (i < data.Length) Gpu.AtomicMax(ref shared, data[i]);
                Gpu.SyncThreads();
                if (i < output.Length) output[i] = shared + (int)second;
            }
            """));

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("__shared__ int shared_shared[1];", cuda);
        Assert.Contains("int& shared = shared_shared[0];", cuda);
        Assert.Contains("float& second = second_shared[((int)threadIdx.x) & 3];", cuda);
        Assert.Contains("atomicMax(&shared, data[i])", cuda);
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void An_atomic_on_a_device_methods_ref_parameter_reaches_the_callers_memory_and_a_register_argument_reports_GPU0021_at_the_call()
    {
        string source = Source("""
            [Device] static void Bump(ref int c) => Gpu.AtomicAdd(ref c, 1);
            [Device] static void BumpTwice(ref int c) { Bump(ref c); Bump(ref c); }
            [Device] static void Twice(ref int c) => c *= 2;

            [Kernel]
            public static void Count(Span<int> counts, int k)
            {
                ref int shared = ref Gpu.Shared<int>(1)[0];
                Bump(ref counts[k]);
                BumpTwice(ref shared);
                int register = 0;
                Twice(ref register);
                Bump(ref register);
                BumpTwice(ref register);
            }
            """);
        GeneratorRun run = GeneratorHarness.Run(source);

        // Only the register passed to the atomic helpers is wrong, once per call; Twice(ref register) is fine.
        Assert.Equal(["GPU0021 'register'", "GPU0021 'register'"], run.AllDiagnostics.Select(d => $"{d.Id} '{GeneratorRun.Spanned(d)}'").ToArray());
        Assert.StartsWith("'register' is not an element of a span ('Bump' updates its parameter 'ref int c' atomically): ",
            run.AllDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("('BumpTwice' updates its parameter 'ref int c' atomically)", run.AllDiagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        GeneratorRun fine = GeneratorHarness.Run(source.Replace("Bump(ref register);", "").Replace("BumpTwice(ref register);", ""));
        Assert.Empty(fine.AllDiagnostics);
        string cuda = fine.Cuda();
        Assert.Contains("atomicAdd(&c, 1)", cuda);
        Assert.Contains("Kernels_Bump(counts[k]);", cuda);
    }

    [Fact]
    public void SyncWarp_with_a_mask_is_syncwarp_of_that_mask_and_only_the_full_mask_asks_for_every_lane()
    {
        GeneratorRun run = GeneratorHarness.Analyze(Source("""
            [Kernel]
            public static void Halves(Span<int> data)
            {
                int lane = Gpu.LaneId;
                if (lane < 16)
                {
                    data[lane] = lane;
                    Gpu.SyncWarp(0x0000ffffu);
                    data[lane] += data[15 - lane];
                }

                if (lane < 8) Gpu.SyncWarp(0xffffffffu);
                Gpu.SyncWarp();
            }
            """));

        // The half-warp mask under the lane condition is fine; the constant full mask under one is GPU0029.
        Assert.Equal(["GPU0029 'Gpu.SyncWarp(0xffffffffu)'"], run.AllDiagnostics.Select(d => $"{d.Id} '{GeneratorRun.Spanned(d)}'").ToArray());
        string cuda = run.Cuda();
        Assert.True(cuda.Contains("__syncwarp(65535u);", StringComparison.Ordinal), cuda);
        Assert.Contains("__syncwarp();", cuda);
    }

    [Fact]
    public void Warp_shuffles_of_a_struct_move_it_four_bytes_at_a_time_in_generic_and_plain_kernels()
    {
        // ILGPU's WarpShuffle sample shuffles a readonly struct with a constructor and get-only properties.
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public readonly struct Complex
            {
                public Complex(int x, float y, double z) { X = x; Y = y; Z = z; }
                public int X { get; }
                public float Y { get; }
                public double Z { get; }
            }

            public static partial class Kernels
            {
                [Kernel(typeof(Complex))]
                public static void Broadcast<T>(Span<T> data, T value) where T : unmanaged
                {
                    value = Gpu.Shuffle(value, 0);
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    if (i < data.Length) data[i] = value;
                }

                [Kernel]
                public static void Rotate(Span<Complex> data)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    Complex c = new(i, i * 0.5f, i * 0.25);
                    c = Gpu.ShuffleDown(c, 1);
                    c = Gpu.ShuffleUp(c, 1);
                    c = Gpu.ShuffleXor(c, 3);
                    if (i < data.Length) data[i] = c;
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("gpudsl_shfl_sync(0xffffffffu, value, 0, 32)", cuda);
        Assert.Contains("gpudsl_shfl_down_sync(0xffffffffu, c, 1, 32)", cuda);
        Assert.Contains("v.w[i] = __shfl_xor_sync(mask, v.w[i], lane_mask, width);", cuda);
        VerifySnapshot(cuda, "cu");
    }
}
