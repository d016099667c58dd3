// Ported from NVIDIA/cuda-samples, Samples/0_Introduction/matrixMul/matrixMul.cu (MatrixMulCUDA), line by line. The
// template <int BLOCK_SIZE> is instantiated by hand for the two sizes the sample launches (C# has no value generics, and
// a shared array's size must be a constant), __shared__ float As[BLOCK_SIZE][BLOCK_SIZE] is a Gpu.Shared2D tile.
namespace GpuDsl.Ported.Tests.MatrixMul;

/// <summary>Matrix multiplication (CUDA kernel) on the device: C = A * B; wA is A's width and wB is B's width.</summary>
public static partial class MatrixMulKernels
{
    [Kernel]
    public static void MatrixMulCUDA16(Span<float> C, Span<float> A, Span<float> B, int wA, int wB)
    {
        const int BLOCK_SIZE = 16;

        // Block index
        int bx = Gpu.BlockIdx.X;
        int by = Gpu.BlockIdx.Y;

        // Thread index
        int tx = Gpu.ThreadIdx.X;
        int ty = Gpu.ThreadIdx.Y;

        // Index of the first sub-matrix of A processed by the block
        int aBegin = wA * BLOCK_SIZE * by;

        // Index of the last sub-matrix of A processed by the block
        int aEnd = aBegin + wA - 1;

        // Step size used to iterate through the sub-matrices of A
        int aStep = BLOCK_SIZE;

        // Index of the first sub-matrix of B processed by the block
        int bBegin = BLOCK_SIZE * bx;

        // Step size used to iterate through the sub-matrices of B
        int bStep = BLOCK_SIZE * wB;

        // Csub is used to store the element of the block sub-matrix
        // that is computed by the thread
        float Csub = 0;

        // Loop over all the sub-matrices of A and B
        // required to compute the block sub-matrix
        for (int a = aBegin, b = bBegin; a <= aEnd; a += aStep, b += bStep)
        {
            // Declaration of the shared memory array As used to
            // store the sub-matrix of A
            Span2D<float> As = Gpu.Shared2D<float>(BLOCK_SIZE, BLOCK_SIZE);

            // Declaration of the shared memory array Bs used to
            // store the sub-matrix of B
            Span2D<float> Bs = Gpu.Shared2D<float>(BLOCK_SIZE, BLOCK_SIZE);

            // Load the matrices from device memory
            // to shared memory; each thread loads
            // one element of each matrix
            As[ty, tx] = A[a + wA * ty + tx];
            Bs[ty, tx] = B[b + wB * ty + tx];

            // Synchronize to make sure the matrices are loaded
            Gpu.SyncThreads();

            // Multiply the two matrices together;
            // each thread computes one element
            // of the block sub-matrix
            for (int k = 0; k < BLOCK_SIZE; ++k)
            {
                Csub += As[ty, k] * Bs[k, tx];
            }

            // Synchronize to make sure that the preceding
            // computation is done before loading two new
            // sub-matrices of A and B in the next iteration
            Gpu.SyncThreads();
        }

        // Write the block sub-matrix to device memory;
        // each thread writes one element
        int c = wB * BLOCK_SIZE * by + BLOCK_SIZE * bx;
        C[c + wB * ty + tx] = Csub;
    }

    [Kernel]
    public static void MatrixMulCUDA32(Span<float> C, Span<float> A, Span<float> B, int wA, int wB)
    {
        const int BLOCK_SIZE = 32;

        // Block index
        int bx = Gpu.BlockIdx.X;
        int by = Gpu.BlockIdx.Y;

        // Thread index
        int tx = Gpu.ThreadIdx.X;
        int ty = Gpu.ThreadIdx.Y;

        // Index of the first sub-matrix of A processed by the block
        int aBegin = wA * BLOCK_SIZE * by;

        // Index of the last sub-matrix of A processed by the block
        int aEnd = aBegin + wA - 1;

        // Step size used to iterate through the sub-matrices of A
        int aStep = BLOCK_SIZE;

        // Index of the first sub-matrix of B processed by the block
        int bBegin = BLOCK_SIZE * bx;

        // Step size used to iterate through the sub-matrices of B
        int bStep = BLOCK_SIZE * wB;

        // Csub is used to store the element of the block sub-matrix
        // that is computed by the thread
        float Csub = 0;

        // Loop over all the sub-matrices of A and B
        // required to compute the block sub-matrix
        for (int a = aBegin, b = bBegin; a <= aEnd; a += aStep, b += bStep)
        {
            // Declaration of the shared memory array As used to
            // store the sub-matrix of A
            Span2D<float> As = Gpu.Shared2D<float>(BLOCK_SIZE, BLOCK_SIZE);

            // Declaration of the shared memory array Bs used to
            // store the sub-matrix of B
            Span2D<float> Bs = Gpu.Shared2D<float>(BLOCK_SIZE, BLOCK_SIZE);

            // Load the matrices from device memory
            // to shared memory; each thread loads
            // one element of each matrix
            As[ty, tx] = A[a + wA * ty + tx];
            Bs[ty, tx] = B[b + wB * ty + tx];

            // Synchronize to make sure the matrices are loaded
            Gpu.SyncThreads();

            // Multiply the two matrices together;
            // each thread computes one element
            // of the block sub-matrix
            for (int k = 0; k < BLOCK_SIZE; ++k)
            {
                Csub += As[ty, k] * Bs[k, tx];
            }

            // Synchronize to make sure that the preceding
            // computation is done before loading two new
            // sub-matrices of A and B in the next iteration
            Gpu.SyncThreads();
        }

        // Write the block sub-matrix to device memory;
        // each thread writes one element
        int c = wB * BLOCK_SIZE * by + BLOCK_SIZE * bx;
        C[c + wB * ty + tx] = Csub;
    }
}
