using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Tests;

/// <summary>
/// <c>[Kernel(ExactLaunch = true)]</c>: a kernel that relies on its exact launch, as CUDA samples do, gets launch tests
/// instead of GPU0027, GPU0030 and GPU0037 where the launcher can test the assumption exactly, and keeps the warnings
/// where it cannot; without the property nothing changes.
/// </summary>
public sealed class ExactLaunchDiagnosticTests
{
    /// <summary>The shapes of shfl_scan's uniform_add, Numba's array_sum and heat equation, and ILGPU's warp shuffle.</summary>
    private const string SampleShapes = """
        [Kernel]
        public static void UniformAdd(Span<int> data, Span<int> partial_sums, int len)
        {
            Span<int> buf = Gpu.Shared<int>(1);
            int id = ((Gpu.BlockIdx.X * Gpu.BlockDim.X) + Gpu.ThreadIdx.X);
            if (id > len) return;
            if (Gpu.ThreadIdx.X == 0) buf[0] = partial_sums[Gpu.BlockIdx.X];
            Gpu.SyncThreads();
            data[id] += buf[0];
        }

        [Kernel]
        public static void ArraySum(Span<int> data)
        {
            int tid = Gpu.ThreadIdx.X;
            int size = data.Length;
            if (tid < size)
            {
                Span<int> shr = Gpu.Shared<int>(1024);
                shr[tid] = data[tid];
                Gpu.SyncThreads();
                int s = 1;
                while (s < Gpu.BlockDim.X)
                {
                    if (tid % (2 * s) == 0) shr[tid] += shr[tid + s];
                    s *= 2;
                    Gpu.SyncThreads();
                }
                if (tid == 0) data[tid] = shr[tid];
            }
        }

        [Kernel]
        public static void Heat(Span<double> u, Span<double> next, int steps)
        {
            int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
            if (i >= u.Length) return;
            for (int step = 0; step < steps; step++)
            {
                next[i] = u[i];
                Gpu.SyncGrid();
            }
        }

        [Kernel]
        public static void ShuffleDownKernel(Span<int> dataView)
        {
            int value = Gpu.ShuffleDown(Gpu.ThreadIdx.X, 2);
            int globalIndex = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
            dataView[globalIndex] = value;
        }
        """;

    [Fact]
    public void Without_ExactLaunch_kernels_that_rely_on_their_launch_keep_their_warnings()
    {
        GeneratorRun run = Kernels(SampleShapes);

        Assert.Equal(["GPU0027", "GPU0027", "GPU0027", "GPU0030", "GPU0037"], run.GpuDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal).ToArray());
        Assert.DoesNotContain("LaunchRequirements", run.Sources["Kernels.Kernels.g.cs"]);
    }

    [Fact]
    public void ExactLaunch_turns_the_warnings_of_testable_conditions_into_launch_tests_named_after_the_code()
    {
        GeneratorRun run = Kernels(SampleShapes.Replace("[Kernel]", "[Kernel(ExactLaunch = true)]"));

        Assert.Empty(run.AllDiagnostics);
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        const string Tests = "global::GpuDsl.CompilerServices.LaunchRequirements.";
        AssertTested(launcher, Tests + "ThrowIfBarrierSplit(kernel, in _config, true, (long)len + 1, false, @\"follows a 'return' under the condition 'id > len' (line 11)\", @\"'Gpu.SyncThreads()' (line 13)\");");
        // ArraySum: only the enclosing 'tid < size' is tested; the loop counter under it is then the same in every thread.
        AssertTested(launcher, Tests + "ThrowIfBarrierSplit(kernel, in _config, false, (long)data.Length, false, @\"is under the condition 'tid < size' (line 22)\", @\"'Gpu.SyncThreads()' (line 26)\");");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(launcher, "'tid < size'"));
        AssertTested(launcher, Tests + "ThrowIfBarrierSplit(kernel, in _config, true, (long)u.Length, true, @\"follows a 'return' under the condition 'i >= u.Length' (line 42)\", @\"'Gpu.SyncGrid()' (line 46)\");");
        AssertTested(launcher, Tests + "ThrowIfIndexPastEnd(kernel, in _config, @\"'dataView[globalIndex]' (line 55)\", \"dataView\", dataView.Length);");
    }

    [Fact]
    public void ExactLaunch_keeps_the_warnings_it_cannot_test_and_then_tests_none_of_that_kernels_barriers()
    {
        GeneratorRun run = Kernels("""
            [Kernel(ExactLaunch = true)]
            public static void K(Span<int> c, Span<int> flags)
            {
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (flags[0] != 0) c[i] = 2;
                if (i >= c.Length) return;
                if (flags[i] != 0)
                {
                    c[i] = 1;
                    Gpu.SyncThreads();
                }
                Gpu.SyncThreads();
            }
            """);

        // The barrier under a value read from memory cannot be tested: every barrier warning stays, and the second
        // barrier's return is not tested alone; an access under a condition is not tested either.
        Assert.Equal(["GPU0027", "GPU0027", "GPU0030"], run.GpuDiagnostics.Select(d => d.Id).Order().ToArray());
        Assert.DoesNotContain("LaunchRequirements", run.Sources["Kernels.Kernels.g.cs"]);
    }

    [Fact]
    public void ExactLaunch_tests_the_conditions_in_front_of_a_call_that_reaches_a_barrier_in_a_device_method()
    {
        // n-body's integrateBodies: an early return, then a [Device] method whose tiles loop has the barriers.
        const string Members = """
            [Device]
            static int Tiles(Span<int> c, int tiles)
            {
                int sum = 0;
                for (int t = 0; t < tiles; t++) { Gpu.SyncThreads(); sum += c[t]; Gpu.SyncThreads(); }
                return sum;
            }

            [Kernel]
            public static void Bodies(Span<int> c, uint count, int tiles)
            {
                int index = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (index >= count) return;
                c[index] = Tiles(c, tiles);
            }
            """;

        Assert.Equal(["GPU0027"], Kernels(Members).GpuDiagnostics.Select(d => d.Id).ToArray());
        GeneratorRun run = Kernels(Members.Replace("[Kernel]", "[Kernel(ExactLaunch = true)]"));
        Assert.Empty(run.AllDiagnostics);
        AssertTested(run.Sources["Kernels.Kernels.g.cs"], "global::GpuDsl.CompilerServices.LaunchRequirements.ThrowIfBarrierSplit(kernel, in _config, true, (long)count, false, " +
            "@\"follows a 'return' under the condition 'index >= count' (line 18)\", @\"'Tiles(c, tiles)' (line 19)\");");
    }

    /// <summary>Fails with the launcher's tests in the message, which say what differs.</summary>
    private static void AssertTested(string launcher, string test) =>
        Assert.True(launcher.Contains(test, StringComparison.Ordinal),
            $"Expected:\n{test}\nThe launcher's tests:\n{string.Join("\n", launcher.Split('\n').Where(l => l.Contains("LaunchRequirements", StringComparison.Ordinal)).Select(l => l.Trim()))}");

    private static GeneratorRun Kernels(string members) => GeneratorHarness.Analyze($$"""
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
        {{members}}
        }
        """);
}
