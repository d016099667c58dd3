namespace GpuDsl.Cuda.Tests;

/// <summary>Kernels written in C# and translated by the generator, for the launch tests of <see cref="GeneratedKernelTests"/>.</summary>
public static partial class GeneratedKernels
{
    [Kernel]
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < c.Length) c[i] = a[i] + b[i];
    }

    [Device]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    [Kernel]
    public static void ApplySigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < y.Length) y[i] = Sigmoid(x[i]);
    }

    /// <summary>2D: one thread per element of a rows x cols matrix, with a Dim3 grid and block.</summary>
    [Kernel]
    public static void MatrixAdd(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> c, int rows, int cols)
    {
        int col = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        int row = Gpu.BlockIdx.Y * Gpu.BlockDim.Y + Gpu.ThreadIdx.Y;
        if (row < rows && col < cols)
        {
            c[row * cols + col] = a[row * cols + col] + b[row * cols + col];
        }
    }

    /// <summary>Control flow and integer semantics: loops, break/continue, mixed signedness, shifts.</summary>
    [Kernel]
    public static void Collatz(ReadOnlySpan<int> start, Span<int> steps, uint limit)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= steps.Length) return;
        long n = start[i];
        int count = 0;
        while (n != 1)
        {
            if (count >= limit) break;
            if ((n & 1) == 0)
            {
                n >>= 1;
                count++;
                continue;
            }

            n = 3 * n + 1;
            count++;
        }

        int negative = -count;
        steps[i] = negative < limit ? count : -1;
    }

    /// <summary>Scalars of every width in one parameter list, to prove the argument packing and alignment.</summary>
    [Kernel]
    public static void Scalars(Span<double> o, bool flag, byte b, short s, int i, long l, float f, double d, ulong u)
    {
        if (Gpu.ThreadIdx.X != 0) return;
        o[0] = flag ? 1 : 0;
        o[1] = b;
        o[2] = s;
        o[3] = i;
        o[4] = l;
        o[5] = f;
        o[6] = d;
        o[7] = u;
    }

    /// <summary>Math functions with .NET semantics (NaN through Max/Min).</summary>
    [Kernel]
    public static void Maths(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < x.Length)
        {
            float v = x[i];
            y[i] = MathF.Max(v, 0f) + MathF.Sqrt(MathF.Abs(v)) + MathF.Min(v, 1f) + MathF.Floor(v) + MathF.Round(v);
        }
    }

    /// <summary>foreach over spans: each thread sums the positive values of x, then adds the sum to every y by reference.</summary>
    [Kernel]
    public static void ForEachSum(ReadOnlySpan<int> x, Span<long> y)
    {
        if (Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X != 0) return;
        long sum = 0;
        foreach (int v in x)
        {
            if (v <= 0) continue;
            sum += v;
        }

        foreach (ref long r in y) r += sum;
    }

    /// <summary>The side of a stencil tile (16 x 16 threads) and of its halo-padded shared copy (18 x 18).</summary>
    public const int StencilTile = 16, StencilHalo = StencilTile + 2;

    /// <summary>
    /// A 2D five-point Laplacian: each block stages its tile plus a one-element halo in a shared 2D tile, then every
    /// interior point reads its four neighbours from there. Edge points of the grid keep their input value.
    /// </summary>
    [Kernel]
    public static void Laplacian(ReadOnlySpan2D<float> input, Span2D<float> output)
    {
        Span2D<float> tile = Gpu.Shared2D<float>(StencilHalo, StencilHalo);
        int tx = Gpu.ThreadIdx.X, ty = Gpu.ThreadIdx.Y;
        int col = Gpu.BlockIdx.X * StencilTile + tx;
        int row = Gpu.BlockIdx.Y * StencilTile + ty;

        // Fill the 18 x 18 tile, halo included, with a block-strided loop over its cells.
        for (int cell = ty * StencilTile + tx; cell < StencilHalo * StencilHalo; cell += StencilTile * StencilTile)
        {
            int tileRow = cell / StencilHalo, tileCol = cell % StencilHalo;
            int r = Gpu.BlockIdx.Y * StencilTile + tileRow - 1;
            int c = Gpu.BlockIdx.X * StencilTile + tileCol - 1;
            tile[tileRow, tileCol] = r >= 0 && r < input.Rows && c >= 0 && c < input.Columns ? input[r, c] : 0f;
        }

        Gpu.SyncThreads();
        if (row >= output.Rows || col >= output.Columns) return;
        int y = ty + 1, x = tx + 1;
        bool edge = row == 0 || col == 0 || row == output.Rows - 1 || col == output.Columns - 1;
        output[row, col] = edge
            ? tile[y, x]
            : tile[y - 1, x] + tile[y + 1, x] + tile[y, x - 1] + tile[y, x + 1] - 4f * tile[y, x];
    }

    /// <summary>Each row's sum (through a [Device] method that takes the whole 2D span) plus its last element (through a row local).</summary>
    [Kernel]
    public static void RowSums(ReadOnlySpan2D<float> m, Span<float> sums)
    {
        int row = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (row >= m.Rows) return;
        ReadOnlySpan<float> line = m.GetRow(row);
        sums[row] = SumRow(m, row) + line[line.Length - 1];
    }

    [Device]
    public static float SumRow(ReadOnlySpan2D<float> m, int row)
    {
        float total = 0f;
        for (int c = 0; c < m.Columns; c++) total += m[row, c];
        return total;
    }

    /// <summary>Interlocked on span elements: every thread adds its index and counts itself; both return new values.</summary>
    [Kernel]
    public static void InterlockedCount(Span<long> sum, Span<int> count, Span<int> lastSeen)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        System.Threading.Interlocked.Add(ref sum[0], i);
        int after = System.Threading.Interlocked.Increment(ref count[0]);
        Gpu.AtomicMax(ref lastSeen[0], after);
    }
}
