// Ported from NVIDIA/cuda-samples, Samples/5_Domain_Specific/SobolQRNG/sobol_gpu.cu (sobolGPU_kernel), line by line:
// __ffs is the [Device] Ffs below, `-(g & 1)` on an unsigned is `0u - (g & 1)`, cg::sync(cta) Gpu.SyncThreads(), and
// the per-dimension pointers `d_directions + n_directions * blockIdx.y` are
// `d_directions = d_directions.Slice(n_directions * Gpu.BlockIdx.Y)`.
using System.Numerics;

namespace GpuDsl.Ported.Tests.Sobol;

public static partial class SobolKernels
{
    public const int n_directions = 32;
    public const float k_2powneg32 = 2.3283064E-10F;

    /// <summary>CUDA's __ffs: the position of the least significant set bit, counting from 1; 0 for 0.</summary>
    [Device]
    public static int Ffs(uint x) => x == 0 ? 0 : BitOperations.TrailingZeroCount(x) + 1;

    [Kernel]
    public static void SobolGPU_kernel(uint n_vectors, uint n_dimensions, Span<uint> d_directions, Span<float> d_output)
    {
        Span<uint> v = Gpu.Shared<uint>(n_directions);

        // Offset into the correct dimension as specified by the
        // block y coordinate
        d_directions = d_directions.Slice(n_directions * Gpu.BlockIdx.Y);
        d_output = d_output.Slice((int)n_vectors * Gpu.BlockIdx.Y);

        // Copy the direction numbers for this dimension into shared
        // memory - there are only 32 direction numbers so only the
        // first 32 (n_directions) threads need participate.
        if (Gpu.ThreadIdx.X < n_directions)
        {
            v[Gpu.ThreadIdx.X] = d_directions[Gpu.ThreadIdx.X];
        }

        Gpu.SyncThreads();

        // Set initial index (i.e. which vector this thread is
        // computing first) and stride (i.e. step to the next vector
        // for this thread)
        int i0 = Gpu.ThreadIdx.X + Gpu.BlockIdx.X * Gpu.BlockDim.X;
        int stride = Gpu.GridDim.X * Gpu.BlockDim.X;

        // Get the gray code of the index
        // c.f. Numerical Recipes in C, chapter 20
        // http://www.nrbook.com/a/bookcpdf/c20-2.pdf
        uint g = (uint)(i0 ^ (i0 >> 1));

        // Initialisation for first point x[i0]
        // In the Bratley and Fox paper this is equation (*), where
        // we are computing the value for x[n] without knowing the
        // value of x[n-1].
        uint X = 0;
        uint mask;

        for (uint k = 0; k < Ffs((uint)stride) - 1; k++)
        {
            // We want X ^= g_k * v[k], where g_k is one or zero.
            // We do this by setting a mask with all bits equal to
            // g_k. In reality we keep shifting g so that g_k is the
            // LSB of g. This way we avoid multiplication.
            mask = 0u - (g & 1);
            X ^= mask & v[(int)k];
            g = g >> 1;
        }

        if (i0 < n_vectors)
        {
            d_output[i0] = (float)X * k_2powneg32;
        }

        // Now do rest of points, using the stride
        // Here we want to generate x[i] from x[i-stride] where we
        // don't have any of the x in between, therefore we have to
        // revisit the equation (**): we apply xor with v[log2(stride) - 1]
        // and with the current applicable direction number.
        uint v_log2stridem1 = v[Ffs((uint)stride) - 2];
        uint v_stridemask = (uint)stride - 1;

        for (uint i = (uint)(i0 + stride); i < n_vectors; i += (uint)stride)
        {
            // x[i] = x[i-stride] ^ v[b] ^ v[c]
            //  where b is log2(stride) minus 1 for C array indexing
            //  where c is the index of the rightmost zero bit in i,
            //  not including the bottom log2(stride) bits, minus 1
            //  for C array indexing
            // In the Bratley and Fox paper this is equation (**)
            X ^= v_log2stridem1 ^ v[Ffs(~((i - (uint)stride) | v_stridemask)) - 1];
            d_output[(int)i] = (float)X * k_2powneg32;
        }
    }
}
