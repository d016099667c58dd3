using GpuDsl.Cpu;

namespace GpuDsl.Runtime.Tests.Kernels;

/// <summary>2D kernels as a user writes them, with the CPU bodies and checked copies the generator writes for them.</summary>
internal static partial class Span2DKernels
{
    public static readonly KernelDescriptor ReadCellKernel = new(new GpuModule("Tests", ""), "readcell", "Tests.ReadCell", usesBarriers: false);

    /// <summary>c = a + b, one thread per element, 2D blocks and grid, as in CUDA's programming guide.</summary>
    [Kernel]
    public static void MatrixAdd2D(ReadOnlySpan2D<float> a, ReadOnlySpan2D<float> b, Span2D<float> c)
    {
        int col = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (row < c.Rows && col < c.Columns)
        {
            c[row, col] = a[row, col] + b[row, col];
        }
    }

    /// <summary>Thread 0 copies element (<paramref name="row"/>, <paramref name="column"/>) of <paramref name="m"/> into <paramref name="result"/>.</summary>
    [Kernel]
    public static void ReadCell(ReadOnlySpan2D<int> m, Span<int> result, int row, int column)
    {
        if (Gpu.ThreadIdx.X == 0)
        {
            result[0] = m[row, column];
        }
    }

    /// <summary>The checked copy of <see cref="ReadCell"/>, as the generator writes it in checked mode.</summary>
    public static void ReadCell__CpuChecked(ReadOnlySpan2D<int> m, Span<int> result, int row, int column)
    {
        if (Gpu.ThreadIdx.X == 0)
        {
            CheckedSpan.At(result, 0, SpanAccess.Write, "Tests.ReadCell", true, "Span2DKernels.cs", 29) =
                CheckedSpan.AtReadOnly(m, row, column, SpanAccess.Read, "Tests.ReadCell", true, "Span2DKernels.cs", 29);
        }
    }
}

internal readonly struct ReadCellBody(DeviceSpan2D<int> m, DeviceSpan<int> result, int row, int column, bool isChecked) : ICpuKernel
{
    public void Execute()
    {
        if (isChecked)
        {
            Span2DKernels.ReadCell__CpuChecked(m.AsCpuSpan2D(), result.AsCpuSpan(), row, column);
        }
        else
        {
            Span2DKernels.ReadCell(m.AsCpuSpan2D(), result.AsCpuSpan(), row, column);
        }
    }
}
