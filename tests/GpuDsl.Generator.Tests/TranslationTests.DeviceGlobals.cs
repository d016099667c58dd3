namespace GpuDsl.Generator.Tests;

/// <summary>
/// Device globals and constant arrays the host sets: <c>DeviceGlobal&lt;T&gt;</c> fields become <c>__device__</c>
/// variables and <c>ConstantArray&lt;T&gt;</c> fields <c>__constant__</c> arrays of the module of the class that declares
/// them, defined once before the functions; the launcher's static constructor binds each field to its CUDA name.
/// </summary>
public sealed partial class TranslationTests
{
    private const string GlobalKernels = """
        using System;
        using System.Threading;
        using GpuDsl;

        public struct Stats { public int Count; public float Max; }

        public static partial class Kernels
        {
            static readonly DeviceGlobal<uint> RetirementCount = new();
            internal static readonly DeviceGlobal<Stats> Totals = new DeviceGlobal<Stats>();
            public static readonly ConstantArray<float> Taps = new(Width * 2);
            static readonly ConstantArray<short> Lookup = new ConstantArray<short>(256);
            static readonly DeviceGlobal<int> NeverUsed = new();
            const int Width = 8;

            [Kernel]
            public static void Fir(ReadOnlySpan<float> x, Span<float> y)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i >= y.Length) return;
                float sum = 0f;
                for (int k = 0; k < Taps.Length; k++) sum += Taps[k] * x[i + k];
                y[i] = sum + Lookup[i & 255];
                uint ticket = Gpu.AtomicAdd(ref RetirementCount.Value, 1u);
                if (ticket == 0) RetirementCount.Value = 0;
                Interlocked.Increment(ref Totals.Value.Count);
                Record(sum);
            }

            [Device]
            static void Record(float v)
            {
                if (v > Totals.Value.Max) Totals.Value.Max = v;
            }
        }
        """;

    [Fact]
    public void Device_globals_and_constant_arrays_are_module_variables_bound_by_the_launchers_static_constructor()
    {
        GeneratorRun run = GeneratorHarness.Run(GlobalKernels);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("__device__ unsigned int Kernels_RetirementCount;", cuda);
        Assert.Contains("__constant__ float Kernels_Taps[16];", cuda);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(cuda, "__device__ Stats Kernels_Totals;"));
        Assert.DoesNotContain("NeverUsed", cuda);
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        Assert.Contains("GeneratedModules.Bind(Taps, __gpuDslModule, \"Kernels_Taps\", \"Kernels.Taps\");", launcher);
        Assert.Contains("GeneratedModules.Bind(Totals, __gpuDslModule, \"Kernels_Totals\", \"Kernels.Totals\");", launcher);
        Assert.Matches(@"static Kernels\(\)\s*\{\s*global::GpuDsl\.CompilerServices\.GeneratedModules\.Bind\(", launcher);
        VerifySnapshot(cuda, "cu");
    }
}
