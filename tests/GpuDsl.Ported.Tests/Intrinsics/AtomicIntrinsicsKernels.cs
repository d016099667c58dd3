// Ported from NVIDIA/cuda-samples, Samples/0_Introduction/simpleAtomicIntrinsics/simpleAtomicIntrinsics_kernel.cuh
// (testKernel), line by line: atomicAdd(&g_odata[0], 10) is Gpu.AtomicAdd(ref g_odata[0], 10), and the
// `(unsigned int *)&g_odata[5]` of atomicInc/atomicDec a MemoryMarshal.Cast view of the same ints.
using System.Runtime.InteropServices;

namespace GpuDsl.Ported.Tests.Intrinsics;

public static partial class AtomicIntrinsicsKernels
{
    [Kernel]
    public static void TestKernel(Span<int> g_odata)
    {
        // access thread id
        uint tid = (uint)(Gpu.BlockDim.X * Gpu.BlockIdx.X + Gpu.ThreadIdx.X);
        Span<uint> g_odata_u = MemoryMarshal.Cast<int, uint>(g_odata);

        // Test various atomic instructions

        // Arithmetic atomic instructions

        // Atomic addition
        Gpu.AtomicAdd(ref g_odata[0], 10);

        // Atomic subtraction (final should be 0)
        Gpu.AtomicSub(ref g_odata[1], 10);

        // Atomic exchange
        Gpu.AtomicExchange(ref g_odata[2], (int)tid);

        // Atomic maximum
        Gpu.AtomicMax(ref g_odata[3], (int)tid);

        // Atomic minimum
        Gpu.AtomicMin(ref g_odata[4], (int)tid);

        // Atomic increment (modulo 17+1)
        Gpu.AtomicInc(ref g_odata_u[5], 17);

        // Atomic decrement
        Gpu.AtomicDec(ref g_odata_u[6], 137);

        // Atomic compare-and-swap
        Gpu.AtomicCompareExchange(ref g_odata[7], (int)tid, (int)tid - 1);

        // Bitwise atomic instructions

        // Atomic AND
        Gpu.AtomicAnd(ref g_odata[8], (int)(2 * tid + 7));

        // Atomic OR
        Gpu.AtomicOr(ref g_odata[9], 1 << (int)tid);

        // Atomic XOR
        Gpu.AtomicXor(ref g_odata[10], (int)tid);
    }
}
