namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// One random kernel: a file declaring class <c>K{Index}</c> with <c>[Device] F(x, y)</c>, the <c>[Kernel] Run(a, b, o)</c>
/// that stores <c>F(a[i], b[i])</c> in <c>o[i]</c>, and <c>Reference(a, b, o)</c>, the same loop as plain C#.
/// </summary>
/// <param name="Seed">The run's seed; with <paramref name="Index"/> it determines the kernel and its inputs.</param>
/// <param name="Index">The kernel's number within the run.</param>
/// <param name="Source">The whole C# file.</param>
/// <param name="A">The type of <c>x</c> and of the elements of <c>a</c>.</param>
/// <param name="B">The type of <c>y</c> and of the elements of <c>b</c>.</param>
/// <param name="Result">The type F returns and of the elements of <c>o</c>.</param>
/// <param name="HandWrittenAs">For a hand-written kernel, where it is written; null for one of the kernel writer's.</param>
internal sealed record GeneratedKernel(int Seed, int Index, string Source, ScalarType A, ScalarType B, ScalarType Result, string? HandWrittenAs = null)
{
    public string ClassName => $"K{Index}";

    public string FileName => $"K{Index}.cs";

    /// <summary>The random source for this kernel's text and inputs, independent of the other kernels of the run.</summary>
    /// <remarks>Not <see cref="HashCode"/>, whose seed changes from process to process.</remarks>
    public static Random RandomFor(int seed, int index, int stream)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(uint)index * 0xBF58476D1CE4E5B9UL + (ulong)(uint)stream;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return new Random((int)((z ^ (z >> 31)) & int.MaxValue));
    }

    public override string ToString() => $"seed {Seed} kernel {Index} ({A}, {B}) -> {Result}";

    /// <summary>A kernel of the random ones' shape whose <c>F</c> has <paramref name="body"/>, inside <c>unchecked</c>.</summary>
    public static GeneratedKernel HandWritten(string name, int index, string a, string b, string result, string body)
    {
        string source = $$"""
            using System;
            using System.Numerics;
            using GpuDsl;

            public static partial class K{{index}}
            {
                [Device]
                public static {{result}} F({{a}} x, {{b}} y)
                {
                    unchecked
                    {
                        {{body}}
                    }
                }

                [Kernel]
                public static void Run(ReadOnlySpan<{{a}}> a, ReadOnlySpan<{{b}}> b, Span<{{result}}> o)
                {
                    int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                    if (i < o.Length) o[i] = F(a[i], b[i]);
                }

                public static void Reference(ReadOnlySpan<{{a}}> a, ReadOnlySpan<{{b}}> b, Span<{{result}}> o)
                {
                    for (int i = 0; i < o.Length; i++) o[i] = F(a[i], b[i]);
                }
            }
            """;
        return new GeneratedKernel(0, index, source + "\n", Type(a), Type(b), Type(result), HandWrittenAs: $"hand-written: {name}");
    }

    private static ScalarType Type(string name) => ScalarType.Nameable.Single(t => t.Name == name);
}
