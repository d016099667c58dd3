namespace GpuDsl.Generator.Tests;

/// <summary>
/// <c>Gpu.SyncGrid()</c>: CUDA's grid barrier from cooperative groups, whose header the module includes once, and a
/// launcher that asks for a cooperative launch for every kernel that reaches the barrier, itself or through [Device] calls.
/// </summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void SyncGrid_is_the_cooperative_groups_grid_barrier_and_marks_kernels_that_reach_it_for_a_cooperative_launch()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Device]
                static void Wait() => Gpu.SyncGrid();

                [Kernel]
                public static void Relax(Span<float> u, Span<float> next, int steps)
                {
                    int stride = Gpu.GridDim.X * Gpu.BlockDim.X;
                    for (int step = 0; step < steps; step++)
                    {
                        for (int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X; i < u.Length; i += stride)
                        {
                            next[i] = 0.5f * u[i];
                        }

                        Gpu.SyncGrid();
                        for (int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X; i < u.Length; i += stride)
                        {
                            u[i] = next[i];
                        }

                        Wait();
                    }
                }

                [Kernel]
                public static void ThroughDevice(Span<float> u) => Wait();

                [Kernel]
                public static void Plain(Span<float> u) => u[0] = 1f;
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(cuda, "#include <cooperative_groups.h>"));
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        Assert.Contains("\"Kernels.Relax\", usesBarriers: false, staticSharedBytes: 0, parameterCount: 5, usesGridSync: true)", launcher);
        Assert.Contains("\"Kernels.ThroughDevice\", usesBarriers: false, staticSharedBytes: 0, parameterCount: 2, usesGridSync: true)", launcher);
        Assert.Contains("\"Kernels.Plain\", usesBarriers: false, staticSharedBytes: 0, parameterCount: 2)", launcher);
        VerifySnapshot(cuda, "cu");
    }
}
