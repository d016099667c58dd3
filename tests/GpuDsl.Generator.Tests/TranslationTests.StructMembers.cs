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
}
