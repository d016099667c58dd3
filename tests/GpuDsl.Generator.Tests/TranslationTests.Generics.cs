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
}
