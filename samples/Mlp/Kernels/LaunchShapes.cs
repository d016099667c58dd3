using GpuDsl;

namespace Mlp.Kernels;

/// <summary>The grid and block shapes the sample's kernels are launched with.</summary>
public static class LaunchShapes
{
    /// <summary>Threads per block of one-dimensional launches.</summary>
    public const int Threads = 256;

    /// <summary>The side of the square blocks of the matrix products (16 x 16 = 256 threads).</summary>
    public const int Tile = 16;

    /// <summary>
    /// Blocks for a grid-stride loop over <paramref name="count"/> elements: one thread per element, capped at 16 blocks
    /// per multiprocessor (per core on the CPU backend), beyond which more blocks only add scheduling.
    /// </summary>
    public static int GridStride(GpuContext gpu, int count) =>
        Math.Clamp(Blocks(count, Threads), 1, gpu.Device.MultiprocessorCount * 16);

    /// <summary>Blocks of <see cref="Threads"/> threads for one thread per item.</summary>
    public static int OnePerItem(int count) => Math.Max(1, Blocks(count, Threads));

    /// <summary>A 2D grid of <see cref="Tile"/> x <see cref="Tile"/> blocks with one thread per element of a matrix.</summary>
    public static (Dim3 Grid, Dim3 Block) Matrix(int columns, int rows) =>
        (new Dim3(Math.Max(1, Blocks(columns, Tile)), Math.Max(1, Blocks(rows, Tile))), new Dim3(Tile, Tile));

    private static int Blocks(int count, int perBlock) => (count + perBlock - 1) / perBlock;
}
