namespace Compare.Measurements;

/// <summary>Everything one benchmark measured: its variants, its sizes, a measurement per pair, and notes.</summary>
/// <param name="Name">The file name stem, <c>vector-add</c> or <c>matmul</c>.</param>
/// <param name="Title">A heading, e.g. <c>Vector add, c = a + b (float)</c>.</param>
/// <param name="SizeName">What the size counts, for the table and the chart's x axis.</param>
/// <param name="Variants">The variants in table order.</param>
/// <param name="Sizes">The sizes in increasing order.</param>
/// <param name="Measurements">One per variant and size.</param>
/// <param name="Device">Where the GPU variants ran, e.g. <c>NVIDIA H200</c> or <c>the CPU backend (no GPU)</c>.</param>
/// <param name="Notes">Lines for under the table: how each variant was timed, and what did not run and why.</param>
public sealed record BenchmarkResults(
    string Name,
    string Title,
    string SizeName,
    IReadOnlyList<Variant> Variants,
    IReadOnlyList<int> Sizes,
    IReadOnlyList<Measurement> Measurements,
    string Device,
    IReadOnlyList<string> Notes)
{
    /// <summary>The measurement of <paramref name="variantId"/> at <paramref name="size"/>, if there is one.</summary>
    public Measurement? Find(string variantId, int size) =>
        Measurements.FirstOrDefault(m => m.VariantId == variantId && m.Size == size);

    /// <summary>Whether every variant that ran agreed with the reference.</summary>
    public bool AllCorrect => Measurements.All(m => m.Status != Measurement.Wrong);
}
