using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorBench;

/// <summary>
/// A synthetic GpuDsl project for timing the generator: each file holds a <c>static partial class</c> of kernels (an
/// element-wise map through <c>[Device]</c> helpers, a shared-memory reduction, a particle step over a struct, a
/// Gaussian window), the structs they use, and a host class that sizes and launches them. Also used by the generator's
/// incrementality tests, so the benchmark and the tests edit the same code.
/// </summary>
/// <param name="Files">How many files, each a module (one kernel class).</param>
/// <param name="KernelsPerFile">Kernels per class; the four shapes repeat in turn.</param>
internal sealed record SyntheticProject(int Files, int KernelsPerFile)
{
    /// <summary>The kinds of one-line edit the benchmark times.</summary>
    public enum Edit
    {
        /// <summary>A constant in the first kernel's body: its module's CUDA changes.</summary>
        KernelBody,

        /// <summary>A string in a host method beside the kernels: no CUDA changes.</summary>
        HostCode,

        /// <summary>A comment inside the first kernel's body: no CUDA changes.</summary>
        Comment,

        /// <summary>The name of a host method: a declaration, which any kernel's translation might see.</summary>
        Declaration,
    }

    /// <summary>The path of file <paramref name="file"/>, e.g. <c>Module07.cs</c>.</summary>
    public static string PathOf(int file) => $"Module{file:D2}.cs";

    /// <summary>The full name of file <paramref name="file"/>'s kernel class, e.g. <c>Synthetic.Module07.Kernels07</c>.</summary>
    public static string KernelClassOf(int file) => $"Synthetic.Module{file:D2}.Kernels{file:D2}";

    /// <summary>Every file, as (path, C# source).</summary>
    public IEnumerable<(string Path, string Source)> Sources() =>
        Enumerable.Range(0, Files).Select(f => (PathOf(f), Source(f)));

    /// <summary>
    /// The change that makes <paramref name="edit"/> at <paramref name="revision"/> (1, 2, ...) in a file of this
    /// project: one line replaced by one line, so no other line moves.
    /// </summary>
    public static TextChange Change(SourceText text, Edit edit, int revision)
    {
        (string prefix, string line) = edit switch
        {
            Edit.KernelBody => ("float bias = ", $"float bias = {revision}.25f;"),
            Edit.HostCode => ("public static string Describe() => ", $"public static string Describe() => \"revision {revision}\";"),
            Edit.Comment => ("// Tuned for ", $"// Tuned for revision {revision}"),
            _ => ("public static int Revision", $"public static int Revision{revision}() => {revision};"),
        };

        foreach (TextLine candidate in text.Lines)
        {
            string content = candidate.ToString();
            string trimmed = content.TrimStart();
            if (trimmed.StartsWith(prefix, StringComparison.Ordinal))
            {
                int indent = content.Length - trimmed.Length;
                return new TextChange(TextSpan.FromBounds(candidate.Start + indent, candidate.End), line);
            }
        }

        throw new InvalidOperationException($"No line starts with '{prefix}': the edit needs at least one kernel per file.");
    }

    private string Source(int file)
    {
        string ff = file.ToString("D2", CultureInfo.InvariantCulture);
        string limit = F(4f + file % 5);
        string damping = F(0.5f + file % 4 * 0.1f);
        StringBuilder text = new();
        text.Append($$"""
            // Module {{ff}} of the synthetic project (benchmarks/GeneratorBench).
            using System;
            using GpuDsl;

            namespace Synthetic.Module{{ff}};

            /// <summary>A particle of module {{ff}}.</summary>
            public struct Particle{{ff}}
            {
                public float X, Y, Vx, Vy;
                public float Mass;
            }

            /// <summary>The box the particles of module {{ff}} bounce in.</summary>
            public struct Bounds{{ff}}
            {
                public float MinX, MinY, MaxX, MaxY;
            }

            /// <summary>The kernels of module {{ff}}.</summary>
            public static partial class Kernels{{ff}}
            {
                /// <summary>An ELU activation.</summary>
                [Device]
                public static float Activate{{ff}}(float v) => v > 0f ? v : {{damping}} * (MathF.Exp(v) - 1f);

                /// <summary>v limited to [lo, hi].</summary>
                [Device]
                public static float Limit{{ff}}(float v, float lo, float hi) => MathF.Min(MathF.Max(v, lo), hi);

            """);
        for (int k = 0; k < KernelsPerFile; k++)
        {
            text.Append((k % 4) switch
            {
                0 => Map(ff, k, limit),
                1 => Reduction(k),
                2 => Particles(ff, k, damping),
                _ => Window(k),
            });
        }

        text.Append($$"""
            }

            /// <summary>The host side of module {{ff}}: sizes and launches, no GPU code.</summary>
            public static class Host{{ff}}
            {
                public const int Threads = 256;

                public static int Blocks(int n) => (n + Threads - 1) / Threads;

                public static string Describe() => "revision 0";

                public static int Revision0() => 0;

                public static void Run(DeviceBuffer<float> x, DeviceBuffer<float> y, DeviceBuffer<float> partial, DeviceBuffer<Particle{{ff}}> particles)
                {
                    Bounds{{ff}} box = new() { MinX = -1f, MinY = -1f, MaxX = 1f, MaxY = 1f };

            """);
        for (int k = 0; k < KernelsPerFile; k++)
        {
            string launch = (k % 4) switch
            {
                0 => $"Launch(Blocks(x.Length), Threads).Scale{k}(x, y, 2f)",
                1 => $"Launch(Blocks(x.Length), Threads).SumSquares{k}(x, partial)",
                2 => $"Launch(Blocks(particles.Length), Threads).Integrate{k}(particles, 0.01f, 4, box)",
                _ => $"Launch(Blocks(y.Length), Threads).Smooth{k}(x, y, 3, 1.5f)",
            };
            text.Append($"        Kernels{ff}.{launch};\n");
        }

        return text.Append("    }\n}\n").ToString();
    }

    private static string Map(string ff, int k, string limit) => $$"""

            /// <summary>y = activate(x * alpha + bias), limited.</summary>
            [Kernel]
            public static void Scale{{k}}(ReadOnlySpan<float> x, Span<float> y, float alpha)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                // Tuned for revision 0
                float bias = 0.25f;
                if (i < y.Length)
                {
                    y[i] = Limit{{ff}}(Activate{{ff}}(x[i] * alpha + bias), -{{limit}}, {{limit}});
                }
            }

        """;

    private static string Reduction(int k) => $$"""

            /// <summary>One sum of squares per block, by a tree reduction in shared memory.</summary>
            [Kernel]
            public static void SumSquares{{k}}(ReadOnlySpan<float> x, Span<float> partial)
            {
                Span<float> sums = Gpu.Shared<float>(256);
                int tid = Gpu.ThreadIdx.X;
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + tid;
                float v = i < x.Length ? x[i] : 0f;
                sums[tid] = v * v;
                Gpu.SyncThreads();
                for (int s = Gpu.BlockDim.X / 2; s > 0; s >>= 1)
                {
                    if (tid < s) sums[tid] += sums[tid + s];
                    Gpu.SyncThreads();
                }

                if (tid == 0) partial[Gpu.BlockIdx.X] = sums[0];
            }

        """;

    private static string Particles(string ff, int k, string damping) => $$"""

            /// <summary>Moves each particle through substeps under gravity, bouncing off the box.</summary>
            [Kernel]
            public static void Integrate{{k}}(Span<Particle{{ff}}> particles, float dt, int substeps, Bounds{{ff}} box)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i >= particles.Length) return;
                Particle{{ff}} p = particles[i];
                float h = dt / substeps;
                for (int s = 0; s < substeps; s++)
                {
                    p.Vy -= 9.81f * h;
                    p.X += p.Vx * h;
                    p.Y += p.Vy * h;
                    if (p.X < box.MinX || p.X > box.MaxX) p.Vx = -p.Vx * {{damping}};
                    if (p.Y < box.MinY || p.Y > box.MaxY) p.Vy = -p.Vy * {{damping}};
                    p.X = Limit{{ff}}(p.X, box.MinX, box.MaxX);
                    p.Y = Limit{{ff}}(p.Y, box.MinY, box.MaxY);
                }

                float speed = MathF.Sqrt(p.Vx * p.Vx + p.Vy * p.Vy);
                p.Mass = MathF.Max(p.Mass - 0.001f * speed * dt, 0.1f);
                particles[i] = p;
            }

        """;

    private static string Window(int k) => $$"""

            /// <summary>A Gaussian-weighted average over the radius neighbours on each side.</summary>
            [Kernel]
            public static void Smooth{{k}}(ReadOnlySpan<float> x, Span<float> y, int radius, float sigma)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i >= y.Length) return;
                float sum = 0f, weights = 0f;
                for (int d = -radius; d <= radius; d++)
                {
                    int j = Math.Clamp(i + d, 0, x.Length - 1);
                    float w = MathF.Exp(-(d * d) / (2f * sigma * sigma));
                    sum += w * x[j];
                    weights += w;
                }

                y[i] = sum / weights;
            }

        """;

    private static string F(float value) => value.ToString("0.0##", CultureInfo.InvariantCulture) + "f";
}
