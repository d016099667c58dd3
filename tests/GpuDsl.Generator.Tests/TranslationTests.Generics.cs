namespace GpuDsl.Generator.Tests;

/// <summary>Generic kernels and device functions: C++ templates, one entry point per listed type, a generic launcher.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Generic_kernels_become_templates_with_an_entry_point_per_listed_type_and_a_generic_launcher()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public static partial class Kernels
            {
                [Device]
                static T Scale<T>(T a, T x) where T : unmanaged, INumber<T> => a * x;

                [Kernel(typeof(float), typeof(double))]
                public static void Saxpy<T>(T a, ReadOnlySpan<T> x, Span<T> y, int n) where T : unmanaged, INumber<T>
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    Span<T> cache = Gpu.Shared<T>(128);
                    cache[Gpu.ThreadIdx.X] = T.Zero;
                    if (i < n) y[i] = Scale(a, x[i]) + y[i] + T.Max(T.One, T.CreateChecked(i)) * T.Abs(a);
                    float f = Scale(2f, 3f);
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        VerifySnapshot(run.Cuda(), "cu");
        VerifySnapshot(run.Sources["Kernels.Kernels.g.cs"], "cs", "Kernels.Kernels.g");
    }

    [Fact]
    public void Warp_shuffles_of_a_generic_kernels_type_move_its_words_with_CUDAs_32_bit_shuffles()
    {
        // cuda-samples' reduce4-6 shuffle the template's T; a helper shuffles T's bytes word by word, as CUDA's own
        // long long and double shuffles do, so one template serves every scalar and struct.
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel(typeof(float), typeof(short), typeof(Half))]
                public static void WarpSum<T>(ReadOnlySpan<T> x, Span<T> sums) where T : unmanaged, INumber<T>
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    T v = i < x.Length ? x[i] : T.Zero;
                    for (int offset = 16; offset > 0; offset /= 2) v += Gpu.ShuffleDown(v, offset);
                    v += Gpu.ShuffleUp(v, 1) + Gpu.ShuffleXor(v, 2) + Gpu.Shuffle(v, 0);
                    if (Gpu.LaneId == 0 && i / 32 < sums.Length) sums[i / 32] = v;
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("gpudsl_shfl_down_sync(0xffffffffu, v, offset, 32)", cuda);
        Assert.Contains("gpudsl_shfl_xor_sync(0xffffffffu, v, 2, 32)", cuda);
        Assert.Contains("template <typename T> struct gpudsl_shfl_words", cuda);
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void Generic_kernels_get_an_entry_point_for_each_type_the_program_launches_them_with()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public struct Pair { public int A; public int B; }

            public static partial class Kernels
            {
                [Kernel]
                public static void Scale<T>(T a, Span<T> y) where T : unmanaged, INumber<T>
                {
                    int i = Gpu.ThreadIdx.X;
                    Span<T> staged = Gpu.Shared<T>(64);
                    staged[i] = a * y[i];
                    y[i] = staged[i];
                }

                [Kernel(typeof(int))]
                public static void Fill<T>(Span<T> y, T value) where T : unmanaged => y[Gpu.ThreadIdx.X] = value;

                [Kernel]
                public static void Copy2D<T>(ReadOnlySpan2D<T> a, Span2D<T> b) where T : unmanaged =>
                    b[Gpu.ThreadIdx.Y, Gpu.ThreadIdx.X] = a[Gpu.ThreadIdx.Y, Gpu.ThreadIdx.X];

                public static void Run(GpuContext gpu, DeviceBuffer<float> f, DeviceBuffer<double> d, DeviceSpan<Half> h, DeviceBuffer<int> n, DeviceBuffer<Pair> pairs)
                {
                    Kernels.Launch(1, (8, 8)).Copy2D(d.AsSpan2D(8, 8), d.AsSpan2D(8, 8)); // inferred from 2D views: double
                    Launch(1, 64).Scale(2f, f);                  // inferred from the value: float
                    Kernels.Launch(1, 64).Scale<double>(2, d);   // written
                    Kernels.Launch(1, 64).Scale(y: h, a: (Half)2); // inferred from the span and named arguments: Half
                    Kernels.Launch(1, 64).Scale(3, f.AsSpan());  // float again (int converts to it): one entry point
                    Kernels.Launch(1, 64).Fill(n, 7);            // listed already
                    Kernels.Launch(1, 64).Fill(pairs.AsSpan(), new Pair { A = 1 }); // a struct, defined in the module
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        VerifySnapshot(cuda, "cu");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(cuda, @"__global__ void Kernels_Scale_f32\("));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(cuda, @"__global__ void Kernels_Fill_i32\("));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(cuda, @"__global__ void Kernels_Copy2D_f64\("));
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        Assert.Contains("staticSharedBytes: 512", launcher); // 64 doubles of shared memory for Scale<double>
        Assert.Contains("staticSharedBytes: 128", launcher); // 64 Halfs for Scale<Half>
        foreach (string type in new[] { "float", "double", "global::System.Half" })
        {
            Assert.Contains($"if (typeof(T) == typeof({type}))", launcher); // the generic launcher picks each instance
        }
    }

    [Fact]
    public void A_launch_instantiates_the_generic_overload_its_arguments_fit_and_none_when_a_plain_kernel_fits()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public struct Pair { public int A; public int B; }

            public static partial class Kernels
            {
                [Kernel] public static void Fill<T>(Span<T> y, T value) where T : unmanaged => y[Gpu.ThreadIdx.X] = value;
                [Kernel] public static void Fill<T>(Span2D<T> m, T value) where T : unmanaged => m[Gpu.ThreadIdx.Y, Gpu.ThreadIdx.X] = value;
                [Kernel] public static void Fill(Span<Pair> y, Pair value) => y[Gpu.ThreadIdx.X] = value;

                public static void Run(DeviceSpan2D<double> m, DeviceBuffer<float> f, DeviceBuffer<Pair> pairs)
                {
                    Launch(1, (8, 8)).Fill(m, 1.0);            // the 2D overload, for double
                    Launch(1, 32).Fill(f.AsSpan(), 2f);        // the 1D overload, for float
                    Launch(1, 32).Fill(pairs, new Pair());     // the plain kernel: no instance
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string[] entries = System.Text.RegularExpressions.Regex.Matches(run.Cuda(), @"extern ""C"" __global__ void (\w+)\(")
            .Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, entries.Length);
        Assert.Contains(entries, e => e.Contains("span2d", StringComparison.Ordinal) && e.EndsWith("_f64", StringComparison.Ordinal));
        Assert.Contains(entries, e => !e.Contains("span2d", StringComparison.Ordinal) && e.EndsWith("_f32", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.EndsWith("_Pair", StringComparison.Ordinal) && e.Contains("_T_", StringComparison.Ordinal));
    }

    [Fact]
    public void Structs_of_one_name_in_two_namespaces_get_entry_points_of_their_own()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            namespace A { public struct Pair { public int X; } }
            namespace B { public struct Pair { public long X; } }

            public static partial class Kernels
            {
                [Kernel] public static void Fill<T>(Span<T> y, T value) where T : unmanaged => y[Gpu.ThreadIdx.X] = value;

                public static void Run(DeviceSpan<A.Pair> a, DeviceSpan<B.Pair> b)
                {
                    Launch(1, 32).Fill(a, new A.Pair());
                    Launch(1, 32).Fill(b, new B.Pair());
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("__global__ void Kernels_Fill_A_Pair(A_Pair* y", cuda);
        Assert.Contains("__global__ void Kernels_Fill_B_Pair(B_Pair* y", cuda);
    }
}
