using System.Numerics;

namespace GpuDsl.Cuda.Tests;

/// <summary>A complex number as CUDA code writes one (<c>cuComplex</c>): a readonly struct with operators, properties, methods and conversions.</summary>
public readonly struct Complex
{
    /// <summary>The real part.</summary>
    public readonly float Re;

    /// <summary>The imaginary part.</summary>
    public readonly float Im;

    /// <summary>Creates a complex number.</summary>
    public Complex(float re, float im)
    {
        Re = re;
        Im = im;
    }

    /// <summary>0 + 0i.</summary>
    public static Complex Zero => new(0f, 0f);

    /// <summary>|z|², without the square root.</summary>
    public float MagnitudeSquared => Re * Re + Im * Im;

    /// <summary>The complex conjugate.</summary>
    public Complex Conjugate() => new(Re, -this.Im);

    /// <summary>The sum.</summary>
    public static Complex operator +(Complex a, Complex b) => new(a.Re + b.Re, a.Im + b.Im);

    /// <summary>The product.</summary>
    public static Complex operator *(Complex a, Complex b) => new(a.Re * b.Re - a.Im * b.Im, a.Re * b.Im + a.Im * b.Re);

    /// <summary>The negation.</summary>
    public static Complex operator -(Complex a) => new(-a.Re, -a.Im);

    /// <summary>Both parts equal.</summary>
    public static bool operator ==(Complex a, Complex b) => a.Re == b.Re && a.Im == b.Im;

    /// <summary>Some part differs.</summary>
    public static bool operator !=(Complex a, Complex b) => !(a == b);

    /// <summary>A real number.</summary>
    public static implicit operator Complex(float re) => new(re, 0f);

    /// <summary>The real part.</summary>
    public static explicit operator float(Complex c) => c.Re;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Complex c && this == c;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Re, Im);
}

/// <summary>A running sum, maximum and count: a mutable struct whose methods change it in place.</summary>
public struct RunningStats
{
    private float _sum;

    /// <summary>The largest value added (0 when none was larger).</summary>
    public float Max;

    /// <summary>How many values were added.</summary>
    public int Count { get; private set; }

    /// <summary>The sum, through a property with a getter and a setter of its own.</summary>
    public float Sum
    {
        get => _sum;
        set { _sum = value; }
    }

    /// <summary>The mean, 0 when empty.</summary>
    public float Mean => Count == 0 ? 0f : _sum / Count;

    /// <summary>Adds a value.</summary>
    public void Add(float x)
    {
        _sum += x;
        Count++;
        if (x > this.Max) Max = x;
    }

    /// <summary>The mean times <paramref name="s"/>; readonly, so C# reads <see cref="Mean"/> from a copy.</summary>
#pragma warning disable CS8656 // The copy is the point: the CUDA copies too.
    public readonly float Scaled(float s) => Mean * s;
#pragma warning restore CS8656

    /// <summary>Adds 1.</summary>
    public static RunningStats operator ++(RunningStats s)
    {
        s.Add(1f);
        return s;
    }
}

/// <summary>
/// A particle as CUDA code would hold it (<c>float2</c> position, <c>float4</c> colour): C# aligns its vectors to 4 bytes,
/// so the CUDA struct keeps them packed and the layout is C#'s.
/// </summary>
public struct Boid
{
    /// <summary>Where it is.</summary>
    public Vector2 Position;

    /// <summary>Its mass.</summary>
    public float Mass;

    /// <summary>Its colour.</summary>
    public Vector4 Color;

    /// <summary>Its spin.</summary>
    public Vector3 Spin;

    /// <summary>A charge in half precision.</summary>
    public Half Charge;

    /// <summary>Moves it with the wind.</summary>
    public void Move(Vector2 wind, float dt) => Position += wind * dt;
}

/// <summary>A generic 3-vector, as a C++ class template on the GPU: fields, a constructor, a method, an operator and a static property.</summary>
/// <typeparam name="T">The component type.</typeparam>
public struct Vec3<T> where T : unmanaged, INumber<T>
{
    /// <summary>The components.</summary>
    public T X, Y, Z;

    /// <summary>Creates a vector.</summary>
    public Vec3(T x, T y, T z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    /// <summary>The zero vector.</summary>
    public static Vec3<T> Zero => new(T.Zero, T.Zero, T.Zero);

    /// <summary>The dot product.</summary>
    public readonly T Dot(Vec3<T> o) => X * o.X + Y * o.Y + Z * o.Z;

    /// <summary>The sum.</summary>
    public static Vec3<T> operator +(Vec3<T> a, Vec3<T> b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
}

/// <summary>Kernels that use the members of <see cref="Complex"/> and <see cref="RunningStats"/>, for <see cref="StructMemberKernelTests"/>.</summary>
public static partial class StructMemberKernels
{
    /// <summary>Iterates z = z² + c (the Mandelbrot map) up to <paramref name="iterations"/> times, then mixes in the other operators.</summary>
    [Kernel]
    public static void Iterate(ReadOnlySpan<Complex> c, Span<Complex> z, Span<int> steps, int iterations)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= z.Length) return;
        Complex value = Complex.Zero;
        int k = 0;
        for (; k < iterations && value.MagnitudeSquared <= 4f; k++) value = value * value + c[i];
        Complex mirrored = -value.Conjugate();
        mirrored += 0.5f;
        z[i] = mirrored != value ? mirrored : (Complex)1f;
        steps[i] = k + (int)(float)c[i];
    }

    /// <summary>Each thread gathers <paramref name="perThread"/> values into a <see cref="RunningStats"/>, in a local and in the span.</summary>
    [Kernel]
    public static void Gather(ReadOnlySpan<float> x, Span<RunningStats> stats, Span<float> o, int perThread)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= stats.Length) return;
        RunningStats s = default;
        for (int k = 0; k < perThread; k++) s.Add(x[i * perThread + k]);
        s.Sum = s.Sum * 2f;
        ++s;
        stats[i] = s;
        stats[i].Add(-1f);
        o[i] = Ratio(in s) + stats[i].Scaled(0.5f) + Empty().Mean;
    }

    [Device]
    private static float Ratio(in RunningStats s) => s.Mean / (s.Max == 0f ? 1f : s.Max);

    [Device]
    private static RunningStats Empty() => default;

    /// <summary>Moves each boid and mixes its fields, reading and writing its packed vector fields in every way C# allows.</summary>
    [Kernel]
    public static void Flock(Span<Boid> boids, float windX, float windY, float dt)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= boids.Length) return;
        Vector2 wind = new Vector2(windX, windY);
        Boid b = boids[i];
        b.Move(wind, dt);
        Vector2 p = b.Position;
        b.Color = b.Color * 0.5f + new Vector4(p.X, p.Y, b.Mass, 1f);
        b.Color.W = (i % 2 == 0 ? b.Position : wind).Y;
        b.Spin = -b.Spin;
        b.Charge = (Half)((float)b.Charge + b.Position.X);
        boids[i] = b;
        boids[i].Color *= 2f;
        boids[i].Position.Y -= 1f;
        if (b.Mass < 0f) boids[i] = new Boid { Position = wind, Mass = 1f };
    }

    /// <summary>Each vector scaled and shifted, with its dot product with itself, for <typeparamref name="T"/> and for doubles.</summary>
    [Kernel(typeof(float), typeof(int))]
    public static void ScaleVectors<T>(Span<Vec3<T>> v, Span<Vec3<double>> d, T k) where T : unmanaged, INumber<T>
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= v.Length) return;
        Vec3<T> x = v[i];
        v[i] = new Vec3<T>(x.X * k, x.Y * k, x.Dot(x)) + Vec3<T>.Zero;
        d[i] = d[i] + new Vec3<double>(i, 1.0, d[i].Dot(d[i]));
    }
}
