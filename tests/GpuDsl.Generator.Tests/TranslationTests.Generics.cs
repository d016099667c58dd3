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
        VerifySnapshot(launcher, "cs", "Kernels.Kernels.g");
    }
}
