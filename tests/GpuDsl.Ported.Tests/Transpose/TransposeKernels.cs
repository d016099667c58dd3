// Ported from NVIDIA/cuda-samples, Samples/6_Performance/transpose/transpose.cu: transposeNaive, transposeCoalesced,
// transposeNoBankConflicts and transposeDiagonal, line by line (the __shared__ float tile[TILE_DIM][TILE_DIM + 1] is a
// Gpu.Shared2D tile, cg::sync(cta) is Gpu.SyncThreads()).
namespace GpuDsl.Ported.Tests.Transpose;

public static partial class TransposeKernels
{
    // Each block transposes/copies a tile of TILE_DIM x TILE_DIM elements
    // using TILE_DIM x BLOCK_ROWS threads, so that each thread transposes
    // TILE_DIM/BLOCK_ROWS elements.  TILE_DIM must be an integral multiple of
    // BLOCK_ROWS
    public const int TILE_DIM = 32;
    public const int BLOCK_ROWS = 16;

    [Kernel]
    public static void TransposeNaive(Span<float> odata, Span<float> idata, int width, int height)
    {
        int xIndex = Gpu.BlockIdx.X * TILE_DIM + Gpu.ThreadIdx.X;
        int yIndex = Gpu.BlockIdx.Y * TILE_DIM + Gpu.ThreadIdx.Y;

        int index_in = xIndex + width * yIndex;
        int index_out = yIndex + height * xIndex;

        for (int i = 0; i < TILE_DIM; i += BLOCK_ROWS)
        {
            odata[index_out + i] = idata[index_in + i * width];
        }
    }

    // coalesced transpose (with bank conflicts)
    [Kernel]
    public static void TransposeCoalesced(Span<float> odata, Span<float> idata, int width, int height)
    {
        Span2D<float> tile = Gpu.Shared2D<float>(TILE_DIM, TILE_DIM);

        int xIndex = Gpu.BlockIdx.X * TILE_DIM + Gpu.ThreadIdx.X;
        int yIndex = Gpu.BlockIdx.Y * TILE_DIM + Gpu.ThreadIdx.Y;
        int index_in = xIndex + (yIndex) * width;

        xIndex = Gpu.BlockIdx.Y * TILE_DIM + Gpu.ThreadIdx.X;
        yIndex = Gpu.BlockIdx.X * TILE_DIM + Gpu.ThreadIdx.Y;
        int index_out = xIndex + (yIndex) * height;

        for (int i = 0; i < TILE_DIM; i += BLOCK_ROWS)
        {
            tile[Gpu.ThreadIdx.Y + i, Gpu.ThreadIdx.X] = idata[index_in + i * width];
        }

        Gpu.SyncThreads();

        for (int i = 0; i < TILE_DIM; i += BLOCK_ROWS)
        {
            odata[index_out + i * height] = tile[Gpu.ThreadIdx.X, Gpu.ThreadIdx.Y + i];
        }
    }

    // Coalesced transpose with no bank conflicts
    [Kernel]
    public static void TransposeNoBankConflicts(Span<float> odata, Span<float> idata, int width, int height)
    {
        Span2D<float> tile = Gpu.Shared2D<float>(TILE_DIM, TILE_DIM + 1);

        int xIndex = Gpu.BlockIdx.X * TILE_DIM + Gpu.ThreadIdx.X;
        int yIndex = Gpu.BlockIdx.Y * TILE_DIM + Gpu.ThreadIdx.Y;
        int index_in = xIndex + (yIndex) * width;

        xIndex = Gpu.BlockIdx.Y * TILE_DIM + Gpu.ThreadIdx.X;
        yIndex = Gpu.BlockIdx.X * TILE_DIM + Gpu.ThreadIdx.Y;
        int index_out = xIndex + (yIndex) * height;

        for (int i = 0; i < TILE_DIM; i += BLOCK_ROWS)
        {
            tile[Gpu.ThreadIdx.Y + i, Gpu.ThreadIdx.X] = idata[index_in + i * width];
        }

        Gpu.SyncThreads();

        for (int i = 0; i < TILE_DIM; i += BLOCK_ROWS)
        {
            odata[index_out + i * height] = tile[Gpu.ThreadIdx.X, Gpu.ThreadIdx.Y + i];
        }
    }

    // Transpose that effectively reorders execution of thread blocks along
    // diagonals of the matrix (also coalesced and has no bank conflicts)
    [Kernel]
    public static void TransposeDiagonal(Span<float> odata, Span<float> idata, int width, int height)
    {
        Span2D<float> tile = Gpu.Shared2D<float>(TILE_DIM, TILE_DIM + 1);

        int blockIdx_x, blockIdx_y;

        // do diagonal reordering
        if (width == height)
        {
            blockIdx_y = Gpu.BlockIdx.X;
            blockIdx_x = (Gpu.BlockIdx.X + Gpu.BlockIdx.Y) % Gpu.GridDim.X;
        }
        else
        {
            int bid = Gpu.BlockIdx.X + Gpu.GridDim.X * Gpu.BlockIdx.Y;
            blockIdx_y = bid % Gpu.GridDim.Y;
            blockIdx_x = ((bid / Gpu.GridDim.Y) + blockIdx_y) % Gpu.GridDim.X;
        }

        // from here on the code is same as previous kernel except blockIdx_x replaces
        // blockIdx.x and similarly for y
        int xIndex = blockIdx_x * TILE_DIM + Gpu.ThreadIdx.X;
        int yIndex = blockIdx_y * TILE_DIM + Gpu.ThreadIdx.Y;
        int index_in = xIndex + (yIndex) * width;

        xIndex = blockIdx_y * TILE_DIM + Gpu.ThreadIdx.X;
        yIndex = blockIdx_x * TILE_DIM + Gpu.ThreadIdx.Y;
        int index_out = xIndex + (yIndex) * height;

        for (int i = 0; i < TILE_DIM; i += BLOCK_ROWS)
        {
            tile[Gpu.ThreadIdx.Y + i, Gpu.ThreadIdx.X] = idata[index_in + i * width];
        }

        Gpu.SyncThreads();

        for (int i = 0; i < TILE_DIM; i += BLOCK_ROWS)
        {
            odata[index_out + i * height] = tile[Gpu.ThreadIdx.X, Gpu.ThreadIdx.Y + i];
        }
    }
}
