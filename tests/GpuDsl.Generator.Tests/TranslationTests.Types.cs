namespace GpuDsl.Generator.Tests;

/// <summary>User structs, Half, ref/in/out parameters and overloads.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Structs_are_defined_once_with_their_layout_asserted_and_built_without_allocating()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public struct Vec2
            {
                public float X, Y;
                public Vec2(float x, float y) { X = x; Y = y; }
            }

            public struct Body
            {
                public Vec2 Position;
                public byte Tag;
                public double Mass;
                public bool Alive { get; set; }
                public float Drag = 0.5f;
                public Body(Vec2 position) { Position = position; }
            }

            public record struct Range(int Start, int Length);

            public static partial class Kernels
            {
                [Device]
                static Vec2 Add(Vec2 a, in Vec2 b) => new(a.X + b.X, a.Y + b.Y);

                [Kernel]
                public static void Move(Span<Body> bodies, Vec2 delta, Range range)
                {
                    int i = range.Start + Gpu.ThreadIdx.X;
                    if (i >= range.Start + range.Length) return;
                    Body b = bodies[i];
                    b.Position = Add(b.Position, delta);
                    b.Position.Y = 0f;
                    Vec2 zero = default;
                    Vec2 half = new Vec2 { Y = i, X = 0.5f };
                    Body fresh = new Body(new Vec2(1f, 2f));
                    bodies[i] = b.Alive ? b : fresh;
                    bodies[i].Mass += half.X + zero.Y + new Range(1, 2).Length;
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        VerifySnapshot(run.Cuda(), "cu");
    }

    [Fact]
    public void A_struct_kernel_argument_is_packed_at_its_alignment()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public struct Settings { public byte Flag; public double Scale; public Half Offset; }

            public static partial class Kernels
            {
                [Kernel]
                public static void K(Span<double> o, byte before, Settings settings, Half after) => o[0] = settings.Scale + (float)after;
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        // The runtime places each value at its alignment (CudaArgumentPackerTests); the launcher states the alignments.
        Assert.Contains("loader.Value(in _before, alignment: 1);", launcher);
        Assert.Contains("loader.Value(in _settings, alignment: 8);", launcher);
        Assert.Contains("loader.Value(in _after, alignment: 2);", launcher);
    }

    [Fact]
    public void Half_becomes_half_from_cuda_fp16_with_conversions_through_float()
    {
        Verify("""
            [Kernel]
            public static void Halves(ReadOnlySpan<Half> x, Span<Half> y, Span<float> f, Half scale)
            {
                int i = Gpu.ThreadIdx.X;
                Half h = x[i] * scale;
                y[i] = h + (Half)1.5f;
                y[i + 1] = (Half)(double)i;
                y[i + 2] = (Half)i;
                f[i] = (float)h + (int)h + (Half.IsNaN(h) ? 1f : 0f) + BitConverter.HalfToInt16Bits(h);
                Half zero = default;
                y[i + 3] = h > zero ? h : zero;
            }
            """);
    }

    [Fact]
    public void Ref_in_and_out_parameters_of_device_functions_become_references()
    {
        Verify("""
            [Device]
            static void Swap(ref float a, ref float b) => (a, b) = (b, a);

            [Device]
            static bool TryHalve(in int value, out int half)
            {
                half = value / 2;
                return value % 2 == 0;
            }

            [Kernel]
            public static void Refs(Span<float> x, Span<int> n)
            {
                int i = Gpu.ThreadIdx.X;
                Swap(ref x[i], ref x[i + 1]);
                float local = x[0];
                Swap(ref local, ref x[2]);
                if (TryHalve(n[i], out int half)) n[i] = half;
                n[i + 1] = TryHalve(n[i + 1], out var other) ? other : -1;
                TryHalve(7, out _);
            }
            """);
    }

    [Fact]
    public void Overloaded_device_functions_are_told_apart_by_parameter_types()
    {
        Verify("""
            [Device] static int Twice(int x) => 2 * x;
            [Device] static float Twice(float x) => 2f * x;
            [Device] static double Twice(double x) => 2.0 * x;
            [Device] static void Twice(ref int x) => x *= 2;

            [Kernel]
            public static void Overloads(Span<int> i, Span<float> f, Span<double> d)
            {
                int k = Twice(i[0]);
                Twice(ref k);
                i[0] = k;
                f[0] = Twice(f[0]);
                d[0] = Twice(d[0]);
            }
            """);
    }
}
