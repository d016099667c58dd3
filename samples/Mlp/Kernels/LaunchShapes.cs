using GpuDsl;

namespace Mlp.Kernels;

/// <summary>The grid and block shapes the sample's kernels are launched with.</summary>
public static class LaunchShapes
{
    /// <summary>Threads per block of one-dimensional launches.</summary>
    public const int Threads = 256;

    /// <summary>The 16 x 16 threads of a block of the tiled matrix products, each computing 2 x 2 results.</summary>
    public static Dim3 TileBlock => new(MlpKernels.TileThreadsPerSide, MlpKernels.TileThreadsPerSide);

    /// <summary>
    /// Blocks for a grid-stride loop over <paramref name="count"/> elements: one thread per element, capped at 16 blocks
    /// per multiprocessor (per core on the CPU backend), beyond which more blocks only add scheduling.
    /// </summary>
    public static int GridStride(GpuContext gpu, int count) =>
        Math.Clamp(Blocks(count, Threads), 1, gpu.Device.MultiprocessorCount * 16);

    /// <summary>Blocks of <see cref="Threads"/> threads for one thread per item.</summary>
    public static int OnePerItem(int count) => Math.Max(1, Blocks(count, Threads));

    /// <summary>
    /// How many slices of <see cref="MlpKernels.SliceDepth"/> input features <see cref="MlpKernels.LinearForwardSplitK"/>
    /// splits a layer of <paramref name="inFeatures"/> inputs into.
    /// </summary>
    public static int Slices(int inFeatures) => Math.Max(1, Blocks(inFeatures, MlpKernels.SliceDepth));

    /// <summary>
    /// The grid of <see cref="MlpKernels.LinearForwardSplitK"/>:
    /// (output tiles, row tiles, slices).
    /// </summary>
    public static Dim3 ForwardGrid(int rows, int inFeatures, int outFeatures) =>
        new(Tiles(outFeatures), Tiles(rows), Slices(inFeatures));

    /// <summary>
    /// The blocks of <see cref="MlpKernels.LinearGradientsSgd"/>: one per <see cref="MlpKernels.Tile"/> x
    /// <see cref="MlpKernels.Tile"/> tile of fc1's weight, then of fc2's (100 + 4 for 784-128-10).
    /// </summary>
    public static int GradientBlocks(int inputs, int hidden, int classes) =>
        Tiles(inputs) * Tiles(hidden) + Tiles(hidden) * Tiles(classes);

    /// <summary>The simple set's two-dimensional launches: 16 x 16 threads, one per element of a [rows, columns] result.</summary>
    public static (Dim3 Grid, Dim3 Block) Matrix(int columns, int rows) =>
        (new Dim3(Math.Max(1, Blocks(columns, MlpKernels.SimpleTile)), Math.Max(1, Blocks(rows, MlpKernels.SimpleTile))),
            new Dim3(MlpKernels.SimpleTile, MlpKernels.SimpleTile));

    /// <summary>Blocks of the output-layer kernels: one per <see cref="MlpKernels.OutputRows"/> rows.</summary>
    public static int OutputGrid(int rows) => Math.Max(1, Blocks(rows, MlpKernels.OutputRows));

    /// <summary>
    /// Dynamic shared memory of a block of the output-layer kernels: its rows' hidden values and logits, the output
    /// layer's weight (each class's row padded by one float), and the parts of the logits' dot products.
    /// </summary>
    public static int OutputSharedBytes(int hidden, int classes) =>
        (MlpKernels.OutputRows * (hidden + classes) + classes * (hidden + 1) + MlpKernels.OutputRows * classes * MlpKernels.LogitParts) * sizeof(float);

    private static int Tiles(int count) => Math.Max(1, Blocks(count, MlpKernels.Tile));

    private static int Blocks(int count, int perBlock) => (count + perBlock - 1) / perBlock;
}
