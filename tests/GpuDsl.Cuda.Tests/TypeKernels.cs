namespace GpuDsl.Cuda.Tests;

/// <summary>A 2D vector: a struct of two floats with a constructor.</summary>
public struct Vec2
{
    /// <summary>The x component.</summary>
    public float X;

    /// <summary>The y component.</summary>
    public float Y;

    /// <summary>Creates a vector.</summary>
    public Vec2(float x, float y)
    {
        X = x;
        Y = y;
    }
}

/// <summary>
/// A particle: nested structs, fields of every size (so C#'s sequential layout pads after <see cref="Kind"/> and
/// before <see cref="Mass"/>), a <see cref="Half"/>, a bool and an auto-property.
/// </summary>
public struct Particle
{
    /// <summary>Where it is.</summary>
    public Vec2 Position;

    /// <summary>How fast it moves.</summary>
    public Vec2 Velocity;

    /// <summary>A small tag, added to the mass each step.</summary>
    public byte Kind;

    /// <summary>The mass.</summary>
    public double Mass;

    /// <summary>A charge in half precision, halved each step.</summary>
    public Half Charge;

    /// <summary>Dead particles do not move.</summary>
    public bool Alive;

    /// <summary>An identifier, kept in an auto-property's backing field.</summary>
    public int Id { get; set; }
}

/// <summary>A positional record struct: its properties are the parameters of its constructor.</summary>
/// <param name="Min">The lower bound.</param>
/// <param name="Max">The upper bound.</param>
public record struct Bounds(float Min, float Max);

/// <summary>Scalars of awkward sizes in one struct passed by value, to prove the launcher packs it as CUDA reads it.</summary>
public struct LaunchSettings
{
    /// <summary>One byte, then seven of padding.</summary>
    public byte Flag;

    /// <summary>Eight-aligned.</summary>
    public double Scale;

    /// <summary>A four-byte count.</summary>
    public int Count;

    /// <summary>Two bytes, then two of padding to the struct's end.</summary>
    public Half Offset;

    /// <summary>An enum field.</summary>
    public Operation Operation;
}

/// <summary>
/// User structs, <see cref="Half"/>, <c>ref</c>/<c>in</c>/<c>out</c> parameters and overloads of device functions, for
/// <see cref="TypeKernelTests"/>.
/// </summary>
public static partial class TypeKernels
{
    [Device]
    private static Vec2 Add(Vec2 a, Vec2 b) => new Vec2(a.X + b.X, a.Y + b.Y);

    [Device]
    private static Vec2 Scale(in Vec2 v, float s) => new() { X = v.X * s, Y = v.Y * s };

    /// <summary>Moves each live particle and bounces it off the bounds; structs in a span, by value and built in code.</summary>
    [Kernel]
    public static void Step(Span<Particle> particles, float dt, Bounds bounds)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= particles.Length) return;
        Particle p = particles[i];
        if (!p.Alive) return;
        p.Position = Add(p.Position, Scale(p.Velocity, dt));
        Bounds inner = new Bounds(bounds.Min, bounds.Max);
        if (p.Position.X < inner.Min || p.Position.X > inner.Max)
        {
            p.Velocity.X = -p.Velocity.X;
            p.Position.X = Math.Clamp(p.Position.X, inner.Min, inner.Max);
        }

        p.Mass += p.Kind;
        p.Charge = (Half)((float)p.Charge * 0.5f);
        p.Id += 1000;
        particles[i] = p;
    }

    /// <summary>Writes out the fields of a struct passed by value, next to scalars on both sides of it.</summary>
    [Kernel]
    public static void Settings(Span<double> o, byte before, LaunchSettings settings, short after)
    {
        if (Gpu.ThreadIdx.X != 0) return;
        o[0] = before;
        o[1] = settings.Flag;
        o[2] = settings.Scale;
        o[3] = settings.Count;
        o[4] = (float)settings.Offset;
        o[5] = (int)settings.Operation;
        o[6] = after;
    }

    [Device]
    private static void Swap(ref float a, ref float b) => (a, b) = (b, a);

    [Device]
    private static bool TryDivide(int a, int b, out int quotient)
    {
        if (b == 0)
        {
            quotient = 0;
            return false;
        }

        quotient = a / b;
        return true;
    }

    [Device]
    private static float Length(in Vec2 v) => MathF.Sqrt(v.X * v.X + v.Y * v.Y);

    [Device]
    private static void Accumulate(ref Vec2 sum, Vec2 v)
    {
        sum.X += v.X;
        sum.Y += v.Y;
    }

    /// <summary>ref (to span elements and locals), in, and out (declared inline, and discarded).</summary>
    [Kernel]
    public static void References(Span<float> a, Span<float> b, ReadOnlySpan<int> n, ReadOnlySpan<int> d, Span<int> q, Span<Vec2> v, Span<float> lengths)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= a.Length) return;
        if (a[i] > b[i]) Swap(ref a[i], ref b[i]);
        q[i] = TryDivide(n[i], d[i], out int quotient) ? quotient : -1;
        Vec2 sum = default;
        Accumulate(ref sum, v[i]);
        Accumulate(ref sum, new Vec2(1f, 2f));
        v[i] = sum;
        lengths[i] = Length(sum);
        if (TryDivide(n[i], 2, out _)) lengths[i] += 0.5f;
    }

    [Device]
    private static int Square(int x) => x * x;

    [Device]
    private static float Square(float x) => x * x;

    [Device]
    private static double Square(double x) => x * x;

    [Device]
    private static Vec2 Square(Vec2 v) => new(v.X * v.X, v.Y * v.Y);

    [Device]
    private static void Square(ref int x) => x *= x;

    /// <summary>Device functions of one name and different parameter types, including a by-reference one.</summary>
    [Kernel]
    public static void Overloads(Span<int> i32, Span<float> f32, Span<double> f64, Span<Vec2> v)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= i32.Length) return;
        int squared = Square(i32[i]);
        Square(ref squared);
        i32[i] = squared;
        f32[i] = Square(f32[i]);
        f64[i] = Square(f64[i]);
        v[i] = Square(v[i]);
    }

    /// <summary>Half precision: conversions both ways (through float, from double and int), arithmetic, NaN tests, bits.</summary>
    [Kernel]
    public static void HalfPrecision(ReadOnlySpan<Half> x, Span<Half> product, Span<Half> sum, Span<float> widened, Span<short> bits, Half scale)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        Half h = x[i];
        product[i] = h * scale;
        sum[i] = h + scale;
        widened[i] = Half.IsNaN(h) ? -1f : (float)h + (float)(Half)(double)i + (int)h + (float)(Half)i;
        bits[i] = BitConverter.HalfToInt16Bits(h);
    }
}
