// Ported from numba/numba's CUDA documentation examples, line by line:
// - numba/cuda/tests/doc_examples/test_matmul.py: matmul and fast_matmul (cuda.grid(2) is the global x and y index,
//   cuda.shared.array((TPB, TPB), float32) a Gpu.Shared2D tile, A.shape[0] a 2D span's Rows);
// - numba/cuda/tests/doc_examples/test_reduction.py: array_sum (cuda.shared.array(nelem, int32) with nelem = 1024);
// - numba/cuda/tests/doc_examples/test_laplace.py: solve_heat_equation, whose grid.sync() has no equivalent yet, so each
//   time step is its own launch, which also picks the buffers of the step (FirstTranslations/SolveHeatEquation.cs.txt
//   keeps the Gpu.SyncGrid() version, which chooses them in the kernel).
namespace GpuDsl.Ported.Tests.Numba;

public static partial class NumbaExampleKernels
{
    // Controls threads per block and shared memory usage.
    // The computation will be done on blocks of TPBxTPB elements.
    // TPB should not be larger than 32 in this example
    public const int TPB = 16;

    public const int nelem = 1024;

    /// <summary>Perform square matrix multiplication of C = A * B.</summary>
    [Kernel]
    public static void Matmul(ReadOnlySpan2D<double> A, ReadOnlySpan2D<double> B, Span2D<double> C)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int j = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (i < C.Rows && j < C.Columns)
        {
            double tmp = 0.0;
            for (int k = 0; k < A.Columns; k++)
            {
                tmp += A[i, k] * B[k, j];
            }

            C[i, j] = tmp;
        }
    }

    /// <summary>Perform matrix multiplication of C = A * B using CUDA shared memory.</summary>
    [Kernel]
    public static void FastMatmul(ReadOnlySpan2D<double> A, ReadOnlySpan2D<double> B, Span2D<double> C)
    {
        // Define an array in the shared memory
        // The size and type of the arrays must be known at compile time
        Span2D<float> sA = Gpu.Shared2D<float>(TPB, TPB);
        Span2D<float> sB = Gpu.Shared2D<float>(TPB, TPB);

        int x = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int y = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;

        int tx = Gpu.ThreadIdx.X;
        int ty = Gpu.ThreadIdx.Y;
        int bpg = Gpu.GridDim.X; // blocks per grid

        // Each thread computes one element in the result matrix.
        // The dot product is chunked into dot products of TPB-long vectors.
        float tmp = 0f;
        for (int i = 0; i < bpg; i++)
        {
            // Preload data into shared memory
            sA[ty, tx] = 0;
            sB[ty, tx] = 0;
            if (y < A.Rows && (tx + i * TPB) < A.Columns)
                sA[ty, tx] = (float)A[y, tx + i * TPB];
            if (x < B.Columns && (ty + i * TPB) < B.Rows)
                sB[ty, tx] = (float)B[ty + i * TPB, x];

            // Wait until all threads finish preloading
            Gpu.SyncThreads();

            // Computes partial product on the shared memory
            for (int j = 0; j < TPB; j++)
                tmp += sA[ty, j] * sB[j, tx];

            // Wait until all threads finish computing
            Gpu.SyncThreads();
        }

        if (y < C.Rows && x < C.Columns)
            C[y, x] = tmp;
    }

    // Every thread of the launch (forall(len(a))) has tid < size: the barriers inside the condition are reached by the
    // whole block, which the launcher tests (ExactLaunch) instead of GPU0027 warning.
    [Kernel(ExactLaunch = true)]
    public static void ArraySum(Span<int> data)
    {
        int tid = Gpu.ThreadIdx.X;
        int size = data.Length;
        if (tid < size)
        {
            int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;

            // declare an array in shared memory
            Span<int> shr = Gpu.Shared<int>(nelem);
            shr[tid] = data[i];

            // make sure every thread has written its value to shared memory
            // before we start reducing
            Gpu.SyncThreads();

            int s = 1;
            while (s < Gpu.BlockDim.X)
            {
                if (tid % (2 * s) == 0)
                {
                    // stride by `s` and add
                    shr[tid] += shr[tid + s];
                }

                s *= 2;
                Gpu.SyncThreads();
            }

            // after the loop, the zeroth element contains the sum
            if (tid == 0)
                data[tid] = shr[tid];
        }
    }

    /// <summary>
    /// One time step of solve_heat_equation: the loop over steps is the host's, one launch per step, and so is the choice
    /// of the buffer from the previous step (a span chosen with ?: is not supported yet).
    /// </summary>
    [Kernel]
    public static void SolveHeatEquationStep(Span<double> data, Span<double> next_data, double k)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;

        // Don't continue if our index is outside the domain
        if (i >= data.Length)
            return;

        // Get the current temperature associated with this point
        double curr_temp = data[i];

        // Apply formula from finite difference equation
        double next_temp;
        if (i == 0)
        {
            // Left wall is held at T = 0
            next_temp = curr_temp + k * (data[i + 1] - (2 * curr_temp));
        }
        else if (i == data.Length - 1)
        {
            // Right wall is held at T = 0
            next_temp = curr_temp + k * (data[i - 1] - (2 * curr_temp));
        }
        else
        {
            // Interior points are a weighted average of their neighbors
            next_temp = curr_temp + k * (data[i - 1] - (2 * curr_temp) + data[i + 1]);
        }

        // Write new value to the next buffer
        next_data[i] = next_temp;
    }
}
