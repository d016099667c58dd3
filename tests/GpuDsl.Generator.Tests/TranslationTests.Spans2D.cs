namespace GpuDsl.Generator.Tests;

/// <summary>2D spans: a pointer with rows, columns and pitch, indexed as m[row, column].</summary>
public sealed partial class TranslationTests
{
    private const string Span2DSource = """
        using System;
        using GpuDsl;

        public static partial class Kernels
        {
            [Kernel]
            public static void Smooth(ReadOnlySpan2D<float> input, Span2D<float> output, Span<float> rowSums)
            {
                int col = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
                int tx = Gpu.ThreadIdx.X, ty = Gpu.ThreadIdx.Y;
                Span2D<float> tile = Gpu.Shared2D<float>(18, 18);
                tile[ty + 1, tx + 1] = row < input.Rows && col < input.Columns ? input[row, col] : 0f;
                Gpu.SyncThreads();
                if (row >= output.Rows || col >= output.Columns) return;
                output[row, col] = (tile[ty, tx + 1] + tile[ty + 2, tx + 1]) * 0.5f + output.Pitch - input.Pitch;
                ReadOnlySpan<float> line = input.GetRow(row);
                ReadOnlySpan2D<float> view = input;
                if (col == 0) rowSums[row] = Helpers.Sum(line) + Helpers.Corner(view) + line.Length + tile.Rows * tile.Pitch;
            }
        }

        public static class Helpers
        {
            [Device]
            public static float Sum(ReadOnlySpan<float> s)
            {
                float total = 0f;
                for (int i = 0; i < s.Length; i++) total += s[i];
                return total;
            }

            [Device]
            public static float Corner(ReadOnlySpan2D<float> m) => m[column: m.Columns - 1, row: m.Rows - 1];
        }
        """;

    [Fact]
    public void Span2D_parameters_become_a_pointer_with_rows_columns_and_pitch_and_index_row_times_pitch_plus_column()
    {
        GeneratorRun run = GeneratorHarness.Run(Span2DSource);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("const float* __restrict__ input, int input_rows, int input_cols, int input_pitch, float* output, int output_rows, int output_cols, int output_pitch", cuda);
        Assert.Contains("__shared__ float tile[18 * 18];", cuda);
        Assert.Contains("output[row * output_pitch + col]", cuda);
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        Assert.Contains("loader.Span2D(_input, \"input\", readOnly: true);", launcher);
        Assert.Contains("loader.Span2D(_output, \"output\", readOnly: false);", launcher);
        Assert.Contains("_input.AsCpuSpan2D()", launcher);
        VerifySnapshot(cuda, "cu");
    }

    [Fact]
    public void Span2D_indexes_in_checked_mode_check_the_row_against_the_rows_and_the_column_against_the_columns()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", Span2DSource)), checkedKernels: true);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Matches(@"output\[gpudsl_check\(row, output_rows, \d+\) \* output_pitch \+ gpudsl_check\(col, output_cols, \d+\)\]", cuda);
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        Assert.Contains("\"row\")", launcher);
        Assert.Contains("\"column\")", launcher);
        VerifySnapshot(cuda, "cu");
        VerifySnapshot(run.Sources["Kernels.CpuChecked.g.cs"], "cs", "Kernels.CpuChecked.g");
    }

    [Fact]
    public void Generic_Span2D_kernel_entry_points_pass_the_pointer_rows_columns_and_pitch_on()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel(typeof(float), typeof(int))]
                public static void Fill<T>(Span2D<T> m, T value) where T : unmanaged
                {
                    int col = Gpu.ThreadIdx.X, row = Gpu.ThreadIdx.Y;
                    if (row < m.Rows && col < m.Columns) m[row, col] = value;
                }
            }
            """);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("extern \"C\" __global__ void Kernels_Fill_f32(float* m, int m_rows, int m_cols, int m_pitch, float value)", cuda);
        Assert.Contains("Kernels_Fill<float>(m, m_rows, m_cols, m_pitch, value);", cuda);
        Assert.Contains("public void Fill<T>(global::GpuDsl.DeviceSpan2D<T> m, T value)", run.Sources["Kernels.Kernels.g.cs"]);
    }
}
