namespace GpuDsl.Generator.Tests;

/// <summary>Members of user structs (methods, properties, operators, conversions) translated as device functions.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Struct_methods_properties_operators_and_conversions_become_device_functions_taking_self()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public readonly struct Complex
            {
                public readonly float Re, Im;
                public Complex(float re, float im) { Re = re; Im = im; }
                public static Complex Zero => new(0f, 0f);
                public float MagnitudeSquared => Re * Re + Im * Im;
                public Complex Conjugate() => new(Re, -this.Im);
                public static Complex operator +(Complex a, Complex b) => new(a.Re + b.Re, a.Im + b.Im);
                public static Complex operator *(Complex a, Complex b) => new(a.Re * b.Re - a.Im * b.Im, a.Re * b.Im + a.Im * b.Re);
                public static Complex operator -(Complex a) => new(-a.Re, -a.Im);
                public static bool operator ==(Complex a, Complex b) => a.Re == b.Re && a.Im == b.Im;
                public static bool operator !=(Complex a, Complex b) => !(a == b);
                public static implicit operator Complex(float re) => new(re, 0f);
                public static explicit operator float(Complex c) => c.Re;
                public override bool Equals(object? obj) => obj is Complex c && this == c;
                public override int GetHashCode() => HashCode.Combine(Re, Im);
            }

            public struct Stats
            {
                private float _sum;
                public float Max;
                public int Count { get; private set; }
                public float Sum { get => _sum; set { _sum = value; } }
                public float Mean => Count == 0 ? 0f : _sum / Count;
                public void Add(float x) { _sum += x; Count++; if (x > Max) Max = x; }
                public readonly float Scaled(float s) => this.Mean * s;
                public static Stats operator ++(Stats s) { s.Add(1f); return s; }
            }

            public static partial class Kernels
            {
                [Device]
                static float Ratio(in Stats s) => s.Mean / s.Scaled(2f);

                [Kernel]
                public static void Members(ReadOnlySpan<Complex> c, Span<Complex> z, Span<Stats> stats, Span<float> o)
                {
                    int i = Gpu.ThreadIdx.X;
                    Complex value = Complex.Zero;
                    for (int k = 0; k < 8 && value.MagnitudeSquared <= 4f; k++) value = value * value + c[i];
                    Complex mirrored = -value.Conjugate();
                    mirrored += 0.5f;
                    z[i] = mirrored != value ? mirrored : (Complex)1f;
                    Stats s = default;
                    s.Add(o[i]);
                    s.Sum = s.Sum * 2f;
                    ++s;
                    stats[i] = s;
                    stats[i].Add((float)c[i]);
                    o[i] = Ratio(in s) + stats[i].Scaled(0.5f) + Factory().Mean;
                }

                [Device]
                static Stats Factory() => default;
            }
            """);

        // C# warns that Scaled, a readonly member, copies 'this' to read Mean; the CUDA copies it too (below).
        Assert.Equal("CS8656", Assert.Single(run.AllDiagnostics).Id);
        string cuda = run.Cuda();
        VerifySnapshot(cuda, "cu");
        Assert.Contains("__device__ float Complex_get_MagnitudeSquared(const Complex& self)", cuda); // a readonly struct's members take const self
        Assert.Contains("__device__ void Stats_Add(Stats& self, float x)", cuda);                  // a mutating method changes the caller's variable
        Assert.Contains("Stats_Add(stats[i], Complex_op_Explicit(c[i]))", cuda);         // in place on the span element
        Assert.Contains("Stats_get_Mean(gpudsl_temporary(Stats(s)))", cuda);                       // C# copies an 'in' value before a mutating call
        Assert.Contains("Stats_get_Mean(gpudsl_temporary(Stats(Kernels_Factory())))", cuda);        // and a call's result
        Assert.Contains("return Stats_get_Mean(gpudsl_temporary(Stats(self))) * s;", cuda);
        Assert.Contains("(mirrored = Complex_op_Addition(mirrored, Complex_op_Implicit(0.5f)))", cuda);
    }

    [Fact]
    public void Vector2_and_Vector4_fields_of_a_struct_are_packed_to_CSharps_4_byte_alignment()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public struct Body
            {
                public Vector2 Position;
                public float Mass;
                public Vector4 Color;
                public Vector3 Spin;
                public Half Charge;
                public void Move(Vector2 v, float dt) { Position += v * dt; }
            }

            public static partial class Kernels
            {
                [Device]
                static void Nudge(ref Vector2 v) => v.X += 1f;

                [Kernel]
                public static void Step(Span<Body> bodies, float windX, float windY, float dt)
                {
                    int i = Gpu.ThreadIdx.X;
                    Vector2 wind = new Vector2(windX, windY);
                    Body b = bodies[i];
                    b.Move(wind, dt);
                    Vector2 p = b.Position;
                    b.Color = b.Color * 0.5f + new Vector4(p.X, p.Y, b.Mass, 1f);
                    b.Color.W = (i % 2 == 0 ? b.Position : wind).Y;
                    b.Spin = -b.Spin;
                    bodies[i] = b;
                    bodies[i].Color *= 2f;
                    Body fresh = new Body { Position = wind, Mass = 1f };
                    if (b.Mass < 0f) bodies[i] = fresh;
                    Nudge(ref p);
                    Nudge(ref b.Position);
                }
            }
            """);

        Microsoft.CodeAnalysis.Diagnostic d = Assert.Single(run.GpuDiagnostics);
        Assert.Equal(("GPU0011", "ref b.Position"), (d.Id, GeneratorRun.Spanned(d)));
        Assert.Contains("copy it to a local, pass that, and assign it back", d.GetMessage());

        GeneratorRun fixedRun = GeneratorHarness.Run(run.Input.SyntaxTrees.Single().ToString().Replace("Nudge(ref b.Position);", ""));
        Assert.Empty(fixedRun.AllDiagnostics);
        string cuda = fixedRun.Cuda();
        VerifySnapshot(cuda, "cu");
        Assert.Contains("    gpudsl_packed_float2 Position;", cuda);
        Assert.Contains("    gpudsl_packed_float4 Color;", cuda);
        Assert.Contains("    float3 Spin;", cuda);
        Assert.Contains("static_assert(sizeof(Body) == 44 && alignof(Body) == 4", cuda);
        Assert.Contains("Body{gpudsl_pack_float2(wind), 1.0f}", cuda);
    }

    [Fact]
    public void Generic_structs_become_class_templates_with_each_instance_s_layout_asserted()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public struct Vec3<T> where T : unmanaged, INumber<T>
            {
                public T X, Y, Z;
                public Vec3(T x, T y, T z) { X = x; Y = y; Z = z; }
                public T Dot(Vec3<T> o) => X * o.X + Y * o.Y + Z * o.Z;
                public static Vec3<T> operator +(Vec3<T> a, Vec3<T> b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
                public static Vec3<T> Zero => new(T.Zero, T.Zero, T.Zero);
            }

            public struct Pair<TKey, TValue> where TKey : unmanaged where TValue : unmanaged { public TKey Key; public TValue Value; }

            public static partial class Kernels
            {
                [Kernel]
                public static void Sum(ReadOnlySpan<Vec3<float>> a, Span<Vec3<double>> b, Span<Pair<int, Half>> pairs)
                {
                    int i = Gpu.ThreadIdx.X;
                    Vec3<float> s = a[i] + Vec3<float>.Zero;
                    b[i] = new Vec3<double>(s.X, s.Dot(a[i]), b[i].Dot(b[i]));
                    pairs[i] = new Pair<int, Half> { Key = i, Value = (Half)s.Z };
                }

                [Kernel(typeof(float))]
                public static void Scale<T>(Span<Vec3<T>> v, T k) where T : unmanaged, INumber<T>
                {
                    int i = Gpu.ThreadIdx.X;
                    Vec3<T> x = v[i];
                    v[i] = new Vec3<T>(x.X * k, x.Y * k, x.Z * k) + Vec3<T>.Zero;
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        VerifySnapshot(cuda, "cu");
        Assert.Contains("template <typename T>\nstruct Vec3\n", cuda);
        Assert.Contains("static_assert(sizeof(Vec3<float>) == 12 && alignof(Vec3<float>) == 4", cuda);
        Assert.Contains("static_assert(sizeof(Vec3<double>) == 24 && alignof(Vec3<double>) == 8", cuda);
        Assert.Contains("static_assert(sizeof(Pair<int, __half>) == 8", cuda);
        Assert.Contains("Vec3_new<T>(", cuda);
    }
}
