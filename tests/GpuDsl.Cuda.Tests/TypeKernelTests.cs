using System.Runtime.CompilerServices;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// User structs (in spans and by value), Half, ref/in/out parameters and overloads, on the CUDA device and on the CPU
/// backend, each element checked against plain C# computed here.
/// </summary>
public sealed class TypeKernelTests(Backends backends)
{
    [Fact]
    public void Structs_have_the_sizes_the_generated_CUDA_asserts()
    {
        // The CUDA side static_asserts these; if C# ever laid them out differently, spans of them would disagree.
        Assert.Equal(8, Unsafe.SizeOf<Vec2>());
        Assert.Equal(40, Unsafe.SizeOf<Particle>());
        Assert.Equal(24, Unsafe.SizeOf<LaunchSettings>());
        Assert.Equal(8, Unsafe.SizeOf<Bounds>());
    }

    [Theory, BackendData]
    public void A_span_of_structs_with_nested_structs_Half_and_padding_is_updated_in_place(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(5);
        Particle[] particles = Enumerable.Range(0, 777).Select(i => new Particle
        {
            Position = new Vec2(random.NextSingle() * 20 - 10, random.NextSingle()),
            Velocity = new Vec2(random.NextSingle() * 8 - 4, random.NextSingle() - 0.5f),
            Kind = (byte)random.Next(256),
            Mass = random.NextDouble(),
            Charge = (Half)(random.NextSingle() * 4 - 2),
            Alive = i % 5 != 0,
            Id = i,
        }).ToArray();
        using DeviceBuffer<Particle> buffer = gpu.Allocate<Particle>(particles);
        Bounds bounds = new(-10f, 10f);

        TypeKernels.Launch((particles.Length + 127) / 128, 128).Step(buffer, 0.5f, bounds);

        Particle[] actual = buffer.ToArray();
        for (int i = 0; i < particles.Length; i++)
        {
            Particle p = particles[i];
            if (p.Alive)
            {
                p.Position = new Vec2(p.Position.X + p.Velocity.X * 0.5f, p.Position.Y + p.Velocity.Y * 0.5f);
                if (p.Position.X < bounds.Min || p.Position.X > bounds.Max)
                {
                    p.Velocity.X = -p.Velocity.X;
                    p.Position.X = Math.Clamp(p.Position.X, bounds.Min, bounds.Max);
                }

                p.Mass += p.Kind;
                p.Charge = (Half)((float)p.Charge * 0.5f);
                p.Id += 1000;
            }

            Particle a = actual[i];
            // The GPU may fuse x + v * dt into one FMA; everything else is exact.
            Assert.True(Math.Abs(a.Position.X - p.Position.X) <= 1e-5f && Math.Abs(a.Position.Y - p.Position.Y) <= 1e-5f, $"particle {i}: {a.Position.X}, {a.Position.Y} vs {p.Position.X}, {p.Position.Y}");
            Assert.Equal((p.Velocity, p.Kind, p.Mass, p.Charge, p.Alive, p.Id), (a.Velocity, a.Kind, a.Mass, a.Charge, a.Alive, a.Id));
        }
    }

    [Theory, BackendData]
    public void A_struct_argument_between_scalars_arrives_field_by_field(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        using DeviceBuffer<double> o = gpu.Allocate<double>(7);
        LaunchSettings settings = new() { Flag = 201, Scale = Math.E, Count = -123456, Offset = (Half)1.5f, Operation = Operation.Divide };

        TypeKernels.Launch(1, 32).Settings(o, 17, settings, -300);

        Assert.Equal(new[] { 17, 201, Math.E, -123456, 1.5, (double)(int)Operation.Divide, -300 }, o.ToArray());
    }

    [Theory, BackendData]
    public void Ref_in_and_out_parameters_write_through_to_the_caller(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 300;
        Random random = new(6);
        float[] a = Enumerable.Range(0, n).Select(_ => random.NextSingle()).ToArray(), b = Enumerable.Range(0, n).Select(_ => random.NextSingle()).ToArray();
        int[] numerators = Enumerable.Range(0, n).Select(_ => random.Next(-100, 100)).ToArray(), denominators = Enumerable.Range(0, n).Select(i => i % 4 - 1).ToArray();
        Vec2[] v = Enumerable.Range(0, n).Select(i => new Vec2(i, -i)).ToArray();
        using DeviceBuffer<float> da = gpu.Allocate<float>(a), db = gpu.Allocate<float>(b), lengths = gpu.Allocate<float>(n);
        using DeviceBuffer<int> dn = gpu.Allocate<int>(numerators), dd = gpu.Allocate<int>(denominators), q = gpu.Allocate<int>(n);
        using DeviceBuffer<Vec2> dv = gpu.Allocate<Vec2>(v);

        TypeKernels.Launch((n + 127) / 128, 128).References(da, db, dn, dd, q, dv, lengths);

        Assert.Equal(a.Zip(b, MathF.Min).ToArray(), da.ToArray());
        Assert.Equal(a.Zip(b, MathF.Max).ToArray(), db.ToArray());
        Assert.Equal(numerators.Zip(denominators, (x, y) => y == 0 ? -1 : x / y).ToArray(), q.ToArray());
        Vec2[] sums = v.Select(s => new Vec2(s.X + 1f, s.Y + 2f)).ToArray();
        Assert.Equal(sums, dv.ToArray());
        float[] actualLengths = lengths.ToArray();
        for (int i = 0; i < n; i++)
        {
            float expected = MathF.Sqrt(sums[i].X * sums[i].X + sums[i].Y * sums[i].Y) + 0.5f;
            Assert.True(MathF.Abs(actualLengths[i] - expected) <= 1e-5f * expected, $"{i}: {actualLengths[i]} vs {expected}");
        }
    }

    [Theory, BackendData]
    public void Overloaded_device_functions_each_get_their_own_CUDA_function(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 64;
        int[] i32 = Enumerable.Range(-32, n).ToArray();
        float[] f32 = i32.Select(i => i * 0.5f).ToArray();
        double[] f64 = i32.Select(i => i * 0.25).ToArray();
        Vec2[] v = i32.Select(i => new Vec2(i, 2 * i)).ToArray();
        using DeviceBuffer<int> di = gpu.Allocate<int>(i32);
        using DeviceBuffer<float> df = gpu.Allocate<float>(f32);
        using DeviceBuffer<double> dd = gpu.Allocate<double>(f64);
        using DeviceBuffer<Vec2> dv = gpu.Allocate<Vec2>(v);

        TypeKernels.Launch(1, n).Overloads(di, df, dd, dv);

        Assert.Equal(i32.Select(i => i * i * i * i).ToArray(), di.ToArray());
        Assert.Equal(f32.Select(f => f * f).ToArray(), df.ToArray());
        Assert.Equal(f64.Select(d => d * d).ToArray(), dd.ToArray());
        Assert.Equal(v.Select(p => new Vec2(p.X * p.X, p.Y * p.Y)).ToArray(), dv.ToArray());
    }

    [Theory, BackendData]
    public void Half_arithmetic_conversions_and_bits_match_NET(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Half[] x = new[] { 0f, -0f, 1f, -2.5f, 0.1f, 65504f, 1e-7f, 3.14159f, -1000f, 2048f, 0.333f }
            .Select(f => (Half)f).Append(Half.NaN).Append(Half.PositiveInfinity).ToArray();
        Half scale = (Half)1.75f;
        using DeviceBuffer<Half> dx = gpu.Allocate<Half>(x), product = gpu.Allocate<Half>(x.Length), sum = gpu.Allocate<Half>(x.Length);
        using DeviceBuffer<float> widened = gpu.Allocate<float>(x.Length);
        using DeviceBuffer<short> bits = gpu.Allocate<short>(x.Length);

        TypeKernels.Launch(1, 32).HalfPrecision(dx, product, sum, widened, bits, scale);

        Half[] p = product.ToArray(), s = sum.ToArray();
        float[] w = widened.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            Half h = x[i];
            Assert.Equal(h * scale, p[i]);
            Assert.Equal(h + scale, s[i]);
            float expected = Half.IsNaN(h) ? -1f : (float)h + (float)(Half)(double)i + (int)h + (float)(Half)i;
            Assert.True(expected.Equals(w[i]), $"{i} ({h}): {w[i]} vs {expected}");
        }

        Assert.Equal(x.Select(BitConverter.HalfToInt16Bits).ToArray(), bits.ToArray());
    }

    [Theory, BackendData]
    public void Vector_kernels_compute_what_System_Numerics_computes(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(17);
        int count = 1000; // Vector4s: 4000 floats, several blocks, the last one partly idle
        float[] x = Enumerable.Range(0, count * 4).Select(_ => random.NextSingle() * 10 - 5).ToArray();
        System.Numerics.Vector2[] pairs = Enumerable.Range(0, count).Select(_ => new System.Numerics.Vector2(random.NextSingle() + 0.5f, random.NextSingle() + 0.5f)).ToArray();
        const float s = 1.25f;
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dots = gpu.Allocate<float>(count);
        using DeviceBuffer<System.Numerics.Vector4> quads = gpu.Allocate<System.Numerics.Vector4>(count);
        using DeviceBuffer<System.Numerics.Vector3> triples = gpu.Allocate<System.Numerics.Vector3>(count);
        using DeviceBuffer<System.Numerics.Vector2> dpairs = gpu.Allocate<System.Numerics.Vector2>(pairs);

        NumericsVectorKernels.Launch((count + 127) / 128, 128).Arithmetic(dx, quads, triples, dpairs, dots, s);

        // The same kernel body, run here as plain C# with System.Numerics.
        System.Numerics.Vector4[] q = quads.ToArray();
        System.Numerics.Vector3[] tr = triples.ToArray();
        System.Numerics.Vector2[] p = dpairs.ToArray();
        float[] d = dots.ToArray();
        for (int i = 0; i < count; i++)
        {
            System.Numerics.Vector4 v = new System.Numerics.Vector4(x[4 * i], x[4 * i + 1], x[4 * i + 2], x[4 * i + 3]) * s + new System.Numerics.Vector4(1f, -2f, 3f, -4f);
            v -= new System.Numerics.Vector4(s);
            v *= 0.5f;
            v /= new System.Numerics.Vector4(2f, 4f, 8f, 16f);
            v.W = -v.X + v.W;
            System.Numerics.Vector4 tile = System.Numerics.Vector4.Abs(-v) / 2f + System.Numerics.Vector4.One - System.Numerics.Vector4.Zero;
            System.Numerics.Vector4 quad = 2f * tile + System.Numerics.Vector4.SquareRoot(System.Numerics.Vector4.Abs(v)) * v;
            System.Numerics.Vector3 w = new System.Numerics.Vector3(v.X, v.Y, v.Z) + new System.Numerics.Vector3(s) - System.Numerics.Vector3.One;
            System.Numerics.Vector2 pair = new System.Numerics.Vector2(w.X, w.Z) / pairs[i] + System.Numerics.Vector2.One;
            float dot = System.Numerics.Vector4.Dot(v, tile) + System.Numerics.Vector3.Dot(w, w) + System.Numerics.Vector2.Dot(pair, System.Numerics.Vector2.One);
            Close(quad.X, q[i].X); Close(quad.Y, q[i].Y); Close(quad.Z, q[i].Z); Close(quad.W, q[i].W);
            Close((w * w).X, tr[i].X); Close((w * w).Y, tr[i].Y); Close((w * w).Z, tr[i].Z);
            Close(pair.X, p[i].X); Close(pair.Y, p[i].Y);
            Close(dot, d[i]);

            // Contraction into fused multiply-adds on the GPU may change the last bits; 1e-5 relative is far tighter than any real mistake.
            void Close(float expected, float actual) =>
                Assert.True(Math.Abs(expected - actual) <= 1e-5f * Math.Max(1f, Math.Abs(expected)), $"{backend}: element {i}: expected {expected}, got {actual}");
        }
    }
}
