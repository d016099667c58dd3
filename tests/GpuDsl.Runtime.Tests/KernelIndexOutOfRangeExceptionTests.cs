namespace GpuDsl.Runtime.Tests;

/// <summary>The message of checked mode's exception, which must let a reader find the access without a debugger.</summary>
public sealed class KernelIndexOutOfRangeExceptionTests
{
    [Fact]
    public void The_message_names_the_kernel_file_line_index_length_block_and_thread()
    {
        KernelIndexOutOfRangeException e = new(
            new CheckedIndexSite("VectorKernels.Add", IsKernel: true, "VectorKernels.cs", 12), 1000, 1000, new Dim3(3, 0, 0), new Dim3(232, 0, 0));

        Assert.Equal(
            "Kernel VectorKernels.Add, VectorKernels.cs line 12: index 1000 is out of range for a span of length 1000 (block (3, 0, 0), thread (232, 0, 0)).",
            e.Message);
        Assert.Equal(("VectorKernels.Add", "VectorKernels.cs", 12, 1000, 1000), (e.Kernel, e.File, e.Line, e.Index, e.Length));
        Assert.Equal((new Dim3(3, 0, 0), new Dim3(232, 0, 0)), (e.BlockIdx, e.ThreadIdx));
    }

    [Fact]
    public void An_access_in_a_device_method_is_named_as_one()
    {
        KernelIndexOutOfRangeException e = new(
            new CheckedIndexSite("Helpers.Load", IsKernel: false, "Helpers.cs", 7), -1, 16, new Dim3(0, 1, 0), new Dim3(5, 2, 0));

        Assert.StartsWith("Device method Helpers.Load, Helpers.cs line 7: index -1 is out of range for a span of length 16 ", e.Message);
        Assert.EndsWith("(block (0, 1, 0), thread (5, 2, 0)).", e.Message);
    }

    [Fact]
    public void An_index_of_a_2D_span_is_named_as_its_row_or_column()
    {
        Dim3 block = new(1, 2, 0), thread = new(3, 4, 0);
        KernelIndexOutOfRangeException row = new(new CheckedIndexSite("Grid.Blur", IsKernel: true, "Grid.cs", 9, "row"), 64, 64, block, thread);
        KernelIndexOutOfRangeException column = new(new CheckedIndexSite("Grid.Blur", IsKernel: true, "Grid.cs", 9, "column"), -1, 48, block, thread);

        Assert.Equal("Kernel Grid.Blur, Grid.cs line 9: row 64 is out of range for a 2D span of 64 rows (block (1, 2, 0), thread (3, 4, 0)).", row.Message);
        Assert.Equal("Kernel Grid.Blur, Grid.cs line 9: column -1 is out of range for a 2D span of 48 columns (block (1, 2, 0), thread (3, 4, 0)).", column.Message);
    }
}
