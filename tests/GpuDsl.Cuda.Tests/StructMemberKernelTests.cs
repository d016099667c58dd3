using System.Numerics;
using System.Runtime.CompilerServices;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Methods, properties, operators and conversions of user structs, translated as device functions: on the CUDA device
/// and on the CPU backend, each element compared with the same C# run here, bit for bit.
/// </summary>
public sealed class StructMemberKernelTests(Backends backends)
{
    [Fact]
    public void The_structs_have_the_layout_the_generated_CUDA_asserts()
    {
        Assert.Equal(8, Unsafe.SizeOf<Complex>());
        Assert.Equal(12, Unsafe.SizeOf<RunningStats>());
        Assert.Equal(44, Unsafe.SizeOf<Boid>()); // 8 + 4 + 16 + 12 + 2, padded to 4: Vector2 and Vector4 are 4-aligned in C#
        RunningStats s = default;
        s.Add(3f);
        // Fields in declaration order (the sum, Max, then Count's backing field), as the CUDA struct declares them.
        ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<RunningStats>(in s));
        Assert.Equal((3f, 3f, 1), (BitConverter.ToSingle(bytes[..4]), BitConverter.ToSingle(bytes[4..8]), BitConverter.ToInt32(bytes[8..])));
    }

    [Theory, BackendData]
    public void Operators_properties_methods_and_conversions_of_a_readonly_struct_compute_as_in_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(15);
        Complex[] c = Enumerable.Range(0, 1000).Select(_ => new Complex(random.NextSingle() * 3f - 2f, random.NextSingle() * 3f - 1.5f)).ToArray();
        c[0] = new Complex(-0.5f, 0f); // the expected values of one element are ones we can reason about too
        using DeviceBuffer<Complex> dc = gpu.Allocate<Complex>(c);
        using DeviceBuffer<Complex> dz = gpu.Allocate<Complex>(c.Length);
        using DeviceBuffer<int> steps = gpu.Allocate<int>(c.Length);

        StructMemberKernels.Launch((c.Length + 127) / 128, 128).Iterate(dc, dz, steps, 50);

        Complex[] z = dz.ToArray();
        int[] k = steps.ToArray();
        for (int i = 0; i < c.Length; i++)
        {
            (Complex expectedZ, int expectedSteps) = Iterate(c[i], 50);
            Assert.True(Bits(expectedZ) == Bits(z[i]), $"element {i}: ({z[i].Re}, {z[i].Im}) vs ({expectedZ.Re}, {expectedZ.Im})");
            Assert.Equal(expectedSteps, k[i]);
        }

        Assert.Equal(50, k[0]); // -0.5 is inside the set: all 50 iterations
    }

    [Theory, BackendData]
    public void Mutating_methods_and_property_setters_change_the_variable_and_the_span_element_in_place(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int threads = 300, perThread = 7;
        Random random = new(16);
        float[] x = Enumerable.Range(0, threads * perThread).Select(_ => random.NextSingle() * 10f - 3f).ToArray();
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x);
        using DeviceBuffer<RunningStats> stats = gpu.Allocate<RunningStats>(threads);
        using DeviceBuffer<float> o = gpu.Allocate<float>(threads);

        StructMemberKernels.Launch((threads + 63) / 64, 64).Gather(dx, stats, o, perThread);

        RunningStats[] actualStats = stats.ToArray();
        float[] actualO = o.ToArray();
        for (int i = 0; i < threads; i++)
        {
            (RunningStats expected, float expectedO) = Gather(x.AsSpan(i * perThread, perThread));
            RunningStats a = actualStats[i];
            Assert.Equal((expected.Sum, expected.Max, expected.Count), (a.Sum, a.Max, a.Count));
            Assert.Equal(BitConverter.SingleToInt32Bits(expectedO), BitConverter.SingleToInt32Bits(actualO[i]));
        }
    }

    [Theory, BackendData]
    public void Vector2_and_Vector4_fields_keep_CSharps_layout_in_a_span_of_structs(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(17);
        Boid[] boids = Enumerable.Range(0, 500).Select(i => new Boid
        {
            Position = new Vector2(random.NextSingle() * 10f, random.NextSingle() * 10f),
            Mass = i % 7 == 0 ? -1f : random.NextSingle() + 0.5f,
            Color = new Vector4(random.NextSingle(), random.NextSingle(), random.NextSingle(), random.NextSingle()),
            Spin = new Vector3(random.NextSingle(), -random.NextSingle(), i),
            Charge = (Half)(random.NextSingle() - 0.5f),
        }).ToArray();
        using DeviceBuffer<Boid> buffer = gpu.Allocate<Boid>(boids);

        StructMemberKernels.Launch((boids.Length + 127) / 128, 128).Flock(buffer, 0.25f, -1.5f, 0.125f);

        Boid[] actual = buffer.ToArray();
        for (int i = 0; i < boids.Length; i++)
        {
            Boid e = Flock(boids[i], i, new Vector2(0.25f, -1.5f), 0.125f), a = actual[i];
            Assert.True(Bits(e) == Bits(a), $"boid {i}: {Describe(a)} vs {Describe(e)}");
        }
    }

    [Theory, BackendData]
    public void A_generic_struct_works_for_each_type_argument_with_its_own_layout(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Assert.Equal((12, 24), (Unsafe.SizeOf<Vec3<float>>(), Unsafe.SizeOf<Vec3<double>>()));
        Random random = new(18);
        Vec3<double>[] d = Enumerable.Range(0, 200).Select(i => new Vec3<double>(random.NextDouble(), -i, random.NextDouble() * 3)).ToArray();
        Check(Enumerable.Range(0, 200).Select(i => new Vec3<float>(random.NextSingle() * 4 - 2, i, random.NextSingle())).ToArray(), 1.5f);
        Check(Enumerable.Range(0, 200).Select(i => new Vec3<int>(random.Next(-1000, 1000), i, random.Next(100))).ToArray(), -3);

        void Check<T>(Vec3<T>[] v, T k) where T : unmanaged, INumber<T>
        {
            using DeviceBuffer<Vec3<T>> dv = gpu.Allocate<Vec3<T>>(v);
            using DeviceBuffer<Vec3<double>> dd = gpu.Allocate<Vec3<double>>(d);
            StructMemberKernels.Launch((v.Length + 63) / 64, 64).ScaleVectors<T>(dv, dd, k);
            Vec3<T>[] actualV = dv.ToArray();
            Vec3<double>[] actualD = dd.ToArray();
            for (int i = 0; i < v.Length; i++)
            {
                Vec3<T> x = v[i], ev = new Vec3<T>(x.X * k, x.Y * k, x.Dot(x)) + Vec3<T>.Zero;
                Vec3<double> ed = d[i] + new Vec3<double>(i, 1.0, d[i].Dot(d[i]));
                Assert.Equal((ev.X, ev.Y, ev.Z), (actualV[i].X, actualV[i].Y, actualV[i].Z));
                Assert.Equal((ed.X, ed.Y, ed.Z), (actualD[i].X, actualD[i].Y, actualD[i].Z));
            }
        }
    }

    /// <summary>The kernel's work for one boid, as plain C#.</summary>
    private static Boid Flock(Boid b, int i, Vector2 wind, float dt)
    {
        b.Move(wind, dt);
        Vector2 p = b.Position;
        b.Color = b.Color * 0.5f + new Vector4(p.X, p.Y, b.Mass, 1f);
        b.Color.W = (i % 2 == 0 ? b.Position : wind).Y;
        b.Spin = -b.Spin;
        b.Charge = (Half)((float)b.Charge + b.Position.X);
        Boid element = b;
        element.Color *= 2f;
        element.Position.Y -= 1f;
        return b.Mass < 0f ? new Boid { Position = wind, Mass = 1f } : element;
    }

    /// <summary>Every field's bits (not the padding after <see cref="Boid.Charge"/>, which CUDA need not copy).</summary>
    private static string Bits(Boid b) =>
        string.Join(" ", new[] { b.Position.X, b.Position.Y, b.Mass, b.Color.X, b.Color.Y, b.Color.Z, b.Color.W, b.Spin.X, b.Spin.Y, b.Spin.Z, (float)b.Charge }
            .Select(f => BitConverter.SingleToInt32Bits(f).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));

    private static string Describe(Boid b) => $"{b.Position} {b.Mass} {b.Color} {b.Spin} {b.Charge}";

    /// <summary>The kernel's work for one element, as plain C#.</summary>
    private static (Complex Z, int Steps) Iterate(Complex c, int iterations)
    {
        Complex value = Complex.Zero;
        int k = 0;
        for (; k < iterations && value.MagnitudeSquared <= 4f; k++) value = value * value + c;
        Complex mirrored = -value.Conjugate();
        mirrored += 0.5f;
        return (mirrored != value ? mirrored : (Complex)1f, k + (int)(float)c);
    }

    /// <summary>The kernel's work for one thread, as plain C#.</summary>
    private static (RunningStats Stats, float O) Gather(ReadOnlySpan<float> x)
    {
        RunningStats s = default;
        foreach (float v in x) s.Add(v);
        s.Sum = s.Sum * 2f;
        ++s;
        RunningStats element = s;
        element.Add(-1f);
        float ratio = s.Mean / (s.Max == 0f ? 1f : s.Max);
        return (element, ratio + element.Scaled(0.5f) + default(RunningStats).Mean);
    }

    private static (int, int) Bits(Complex z) => (BitConverter.SingleToInt32Bits(z.Re), BitConverter.SingleToInt32Bits(z.Im));
}
