namespace GpuDsl.Generator.Tests;

/// <summary>3D spans: a pointer with slices, rows, columns and pitch, indexed as v[slice, row, column].</summary>
public sealed partial class TranslationTests
{
    private const string Span3DSource = """
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
            [Kernel]
            public static void Laplacian(ReadOnlySpan3D<float> u, Span3D<float> result)
            {
                int x = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                int y = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
                int z = Gpu.BlockIdx.Z * Gpu.BlockDim.Z + Gpu.ThreadIdx.Z;
                if (x < 1 || y < 1 || z < 1 || x >= u.Columns - 1 || y >= u.Rows - 1 || z >= u.Slices - 1) return;
                result[z, y, x] = Helpers.Neighbours(u, z, y, x) - 6f * u[z, y, x] + result.Pitch - u.Pitch;
            }
        }

        public static class Helpers
        {
            [Device]
            public static float Neighbours(ReadOnlySpan3D<float> u, int z, int y, int x) =>
                u[z - 1, y, x] + u[z + 1, y, x] + u[z, y - 1, x] + u[z, y + 1, x] + u[z, y, x - 1] + u[column: x + 1, row: y, slice: z];
        }
        """;

    [Fact]
    public void Span3D_parameters_become_a_pointer_with_slices_rows_columns_and_pitch_indexed_slice_by_slice()
    {
        GeneratorRun run = GeneratorHarness.Run(Span3DSource);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("const float* __restrict__ u, int u_slices, int u_rows, int u_cols, int u_pitch, float* result, int result_slices, int result_rows, int result_cols, int result_pitch", cuda);
        Assert.Contains("result[(z * result_rows + y) * result_pitch + x]", cuda);
        Assert.Contains("Helpers_Neighbours(u, u_slices, u_rows, u_cols, u_pitch, z, y, x)", cuda);
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        Assert.Contains("global::GpuDsl.DeviceSpan3D<float> u", launcher);
        Assert.Contains("AsCpuSpan3D()", launcher);
        Assert.Contains("loader.Span3D(_u, \"u\", readOnly: true);", launcher);
        Assert.Contains("loader.Span3D(_result, \"result\", readOnly: false);", launcher);
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void Span3D_indexes_in_checked_mode_check_the_slice_the_row_and_the_column()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", Span3DSource)), checkedKernels: true);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Matches(@"result\[\(gpudsl_check\(z, result_slices, \d+\) \* result_rows \+ gpudsl_check\(y, result_rows, \d+\)\) \* result_pitch \+ gpudsl_check\(x, result_cols, \d+\)\]", cuda);
        Assert.Contains("\"slice\")", run.Sources["Kernels.Kernels.g.cs"]);
        Assert.Contains("CheckedSpan.At(result, z, y, x,", run.Sources["Kernels.CpuChecked.g.cs"]);
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void A_Span3D_used_as_anything_else_reports_GPU0011_with_what_it_can_do()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel]
                public static void K(Span3D<float> v, Span3D<float> w)
                {
                    Span3D<float> local = v;
                    v = w;
                    v[0, 0, 0] = 1f;
                }
            }
            """);

        Assert.Equal(2, run.GeneratorDiagnostics.Count(d => d.Id == "GPU0011"));
        Assert.All(run.GeneratorDiagnostics, d => Assert.Contains("a 3D span can be indexed as v[slice, row, column]", d.GetMessage()));
    }

    [Fact]
    public void Gpu_Shared3D_declares_a_shared_block_indexed_slice_by_slice_and_passed_whole_to_device_methods()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                const int Rows = 8;

                [Kernel]
                public static void Smooth(ReadOnlySpan3D<float> u, Span3D<float> result)
                {
                    Span3D<float> cube = Gpu.Shared3D<float>(4, Rows, 8 + 2);
                    int x = Gpu.ThreadIdx.X, y = Gpu.ThreadIdx.Y, z = Gpu.ThreadIdx.Z;
                    cube[z, y, x + 1] = u[z, y, x];
                    Gpu.SyncThreads();
                    result[z, y, x] = Helpers.Around(cube, z, y, x + 1) + cube.Slices + cube.Rows + cube.Columns + cube.Pitch;
                }
            }

            public static class Helpers
            {
                [Device]
                public static float Around(ReadOnlySpan3D<float> c, int z, int y, int x) => c[z, y, x - 1] + c[z, y, x + 1];
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("__shared__ float cube[4 * 8 * 10];", cuda);
        Assert.Contains("cube[(z * 8 + y) * 10 + (x + 1)]", cuda);
        Assert.Contains("Helpers_Around(cube, 4, 8, 10, 10, z, y, x + 1)", cuda);
        Assert.Contains("staticSharedBytes: 1280", run.Sources["Kernels.Kernels.g.cs"]); // 320 floats
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void Gpu_Shared3D_with_a_size_that_is_not_constant_or_used_in_place_is_reported_once_at_its_span()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Device] static float First(Span3D<float> c) => c[0, 0, 0];

                [Kernel]
                public static void K(Span<float> y, int n)
                {
                    Span3D<float> cube = Gpu.Shared3D<float>(2, n, 2);
                    cube[0, 0, 0] = 1f;
                    y[0] = First(Gpu.Shared3D<float>(2, 2, 2)) + cube[0, 0, 0];
                }
            }
            """);

        Microsoft.CodeAnalysis.Diagnostic[] found = run.GpuDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(2, found.Length);
        VerifySnapshot(DiagnosticFormatter.Format(found), "txt");
    }
}
