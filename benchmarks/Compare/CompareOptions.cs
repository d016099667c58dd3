namespace Compare;

/// <summary>What a run of the benchmark measures and where it writes.</summary>
/// <param name="VectorSizes">Vector lengths for vector add, in increasing order; empty to leave the benchmark out.</param>
/// <param name="MatMulSizes">Matrix sides for matmul, in increasing order; empty to leave the benchmark out.</param>
/// <param name="CublasFile">The output of <c>samples/MatMul/reference/cublas.py</c>, or null.</param>
/// <param name="OutputDirectory">Where the tables, CSV files and charts go.</param>
/// <param name="BudgetSeconds">The most one CPU variant (or a kernel on the CPU backend) may spend at one size.</param>
/// <param name="ForceCpuBackend">Run the kernels on the CPU backend even when a CUDA GPU is present.</param>
public sealed record CompareOptions(
    IReadOnlyList<int> VectorSizes,
    IReadOnlyList<int> MatMulSizes,
    string? CublasFile,
    string OutputDirectory,
    double BudgetSeconds,
    bool ForceCpuBackend)
{
    /// <summary>10³ to 10⁸ floats.</summary>
    public static readonly int[] DefaultVectorSizes = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>64 to 4096, the powers of two.</summary>
    public static readonly int[] DefaultMatMulSizes = [64, 128, 256, 512, 1024, 2048, 4096];
}
