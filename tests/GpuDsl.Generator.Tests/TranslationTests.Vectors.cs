using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>System.Numerics vectors as CUDA's float2/3/4, and MemoryMarshal.Cast views of spans.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Vectors_become_float4_with_component_operators_and_casts_become_pointer_views()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using System.Runtime.InteropServices;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Scale(ReadOnlySpan<float> x, Span<float> y, Span<Vector2> pairs, float s)
                {
                    ReadOnlySpan<Vector4> x4 = MemoryMarshal.Cast<float, Vector4>(x);
                    Span<Vector4> y4 = MemoryMarshal.Cast<float, Vector4>(y);
                    Span<Vector4> tile = Gpu.Shared<Vector4>(64);
                    Span<float> flat = MemoryMarshal.Cast<Vector4, float>(tile);
                    int i = Gpu.ThreadIdx.X;
                    Vector4 v = x4[i] * s + new Vector4(1f, 2f, 3f, 4f);
                    v += Vector4.One;
                    v -= new Vector4(s);
                    v.W = -v.X + Vector4.Dot(v, Vector4.Zero);
                    tile[i] = Vector4.Abs(-v) / 2f;
                    y4[i] = 2f * tile[i] + Vector4.SquareRoot(new Vector4());
                    flat[i] = y4.Length + flat.Length;
                    Vector3 w = new Vector3(v.X, v.Y, v.Z);
                    pairs[i] = new Vector2(w.X, w.Z) * pairs[i];
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        VerifySnapshot(run.Cuda(), "cu");
    }

    [Fact]
    public void Vector_components_given_by_name_go_to_their_components()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void Fill(Span<Vector4> v, Span<Vector2> p, float a)
                {
                    v[0] = new Vector4(w: a, x: 1f, y: 2f, z: 3f);
                    p[0] = new Vector2(y: a, x: 5f);
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        Assert.Contains("v[0] = make_float4(1.0f, 2.0f, 3.0f, a);", run.Cuda());
        Assert.Contains("p[0] = make_float2(5.0f, a);", run.Cuda());
    }

    [Fact]
    public void Vector_misuse_is_reported_at_its_span()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using System.Runtime.InteropServices;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void K(Span<Vector4> v, Span<int> flags)
                {
                    flags[0] = v[0] == v[1] ? 1 : 0;
                    v[2] = new Vector4 { X = 1f };
                    v[3] = new Vector4(new Vector2(1f, 2f), 3f, 4f);
                    Span<Vector4> fromArray = MemoryMarshal.Cast<float, Vector4>(new float[8]);
                }
            }
            """);

        Diagnostic[] found = run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("GPU", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
        Assert.Collection(found,
            d => { Assert.Equal("v[0] == v[1]", Spanned(d)); Assert.Contains("compare the components", d.GetMessage()); },
            d => { Assert.Equal("{ X = 1f }", Spanned(d)); Assert.Contains("new Vector4(x, y...)", d.GetMessage()); },
            d => { Assert.Equal("new Vector4(new Vector2(1f, 2f), 3f, 4f)", Spanned(d)); Assert.Contains("every component as a float", d.GetMessage()); },
            d => { Assert.Equal("new float[8]", Spanned(d)); });
    }
}
