namespace GpuDsl.Generator.Tests;

/// <summary>
/// Struct functors constrained by an interface, as CUB, thrust and ILGPU pass operators: static abstract members called
/// through the type parameter and instance members called on a value of it (issue 15).
/// </summary>
public sealed partial class TranslationTests
{
    private const string FunctorKernels = """
        using System;
        using GpuDsl;

        public interface IOp { static abstract float Apply(float a, float b); static abstract float Identity(); }
        public interface IScale { float Scale(float x); }

        public struct Add : IOp { public static float Apply(float a, float b) => a + b; public static float Identity() => 0f; }
        public struct Max : IOp { public static float Apply(float a, float b) => MathF.Max(a, b); public static float Identity() => float.MinValue; }
        public struct Times : IScale { public float Factor; public float Scale(float x) => x * Factor; }

        public static partial class Kernels
        {
            [Device]
            static float Combine<TOp>(float a, float b) where TOp : struct, IOp => TOp.Apply(a, b);

            [Kernel(typeof(Add))]
            public static void Reduce<TOp>(ReadOnlySpan<float> x, Span<float> result) where TOp : struct, IOp
            {
                float acc = TOp.Identity();
                for (int i = Gpu.ThreadIdx.X; i < x.Length; i += Gpu.BlockDim.X) acc = Combine<TOp>(acc, x[i]);
                result[Gpu.ThreadIdx.X] = acc;
            }

            [Kernel]
            public static void Map<TScale>(Span<float> y, TScale op) where TScale : struct, IScale
            {
                int i = Gpu.ThreadIdx.X;
                if (i < y.Length) y[i] = op.Scale(y[i]) + default(TScale).Scale(1f);
            }

            public static void Run(DeviceSpan<float> x, DeviceSpan<float> r)
            {
                Launch(1, 32).Reduce<Max>(x, r);
                Launch(1, 32).Map(r, new Times { Factor = 2f });
            }
        }
        """;

    [Fact]
    public void Functor_members_called_through_a_type_parameter_go_through_one_overload_per_implementing_struct()
    {
        GeneratorRun run = GeneratorHarness.Run(FunctorKernels);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("__device__ float IOp_Apply(const Add&, float a, float b)", cuda);
        Assert.Contains("__device__ float IOp_Apply(const Max&, float a, float b)", cuda);
        Assert.Contains("IOp_Apply(TOp(), a, b)", cuda);
        Assert.Contains("IScale_Scale(op, y[i])", cuda);
        Assert.Contains("Kernels_Reduce_Max(", cuda);
        Assert.Contains("Kernels_Map_Times(", cuda);
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void A_struct_implementing_a_generic_interface_twice_is_called_through_the_interface_the_call_names()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public interface IOp<T> { static abstract T Apply(T a); }
            public struct Twice : IOp<float>, IOp<double>
            {
                static float IOp<float>.Apply(float a) => a * 2f;
                static double IOp<double>.Apply(double a) => a * 4.0;
            }

            public static partial class Kernels
            {
                [Kernel(typeof(Twice))]
                public static void Map<TOp>(Span<double> y) where TOp : struct, IOp<double>
                {
                    int i = Gpu.ThreadIdx.X;
                    if (i < y.Length) y[i] = TOp.Apply(y[i]);
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("(const Twice&, double a)", cuda);
        Assert.DoesNotContain("(const Twice&, float a)", cuda);
    }

    [Fact]
    public void Functor_kernels_build_in_checked_mode_with_their_checked_copies()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", FunctorKernels)), checkedKernels: true);

        Assert.Empty(run.AllDiagnostics);
        Assert.Contains("Reduce__CpuChecked<TOp>(", run.Sources["Kernels.CpuChecked.g.cs"]);
    }
}
