// Ported from NVIDIA/cuda-samples, Samples/0_Introduction/simpleAtomicIntrinsics/simpleAtomicIntrinsics_kernel.cuh
// (testKernel), line by line: atomicAdd(&g_odata[0], 10) is Gpu.AtomicAdd(ref g_odata[0], 10), and the
// `(unsigned int *)&g_odata[5]` of atomicInc/atomicDec a MemoryMarshal.Cast view of the same ints. atomicSub is an
// AtomicAdd of the negation, and atomicInc/Dec/And/Or/Xor compare-exchange loops (FirstTranslations/ keeps the
// Gpu.AtomicSub/Inc/Dec/And/Or/Xor version).
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
        Gpu.AtomicAdd(ref g_odata[1], -10);

        // Atomic exchange
        Gpu.AtomicExchange(ref g_odata[2], (int)tid);

        // Atomic maximum
        Gpu.AtomicMax(ref g_odata[3], (int)tid);

        // Atomic minimum
        Gpu.AtomicMin(ref g_odata[4], (int)tid);

        // Atomic increment (modulo 17+1)
        AtomicInc(g_odata_u, 5, 17);

        // Atomic decrement
        AtomicDec(g_odata_u, 6, 137);

        // Atomic compare-and-swap
        Gpu.AtomicCompareExchange(ref g_odata[7], (int)tid, (int)tid - 1);

        // Bitwise atomic instructions

        // Atomic AND
        AtomicAnd(g_odata, 8, (int)(2 * tid + 7));

        // Atomic OR
        AtomicOr(g_odata, 9, 1 << (int)tid);

        // Atomic XOR
        AtomicXor(g_odata, 10, (int)tid);
    }

    // CUDA's atomicInc: ((old >= limit) ? 0 : (old + 1)), as a compare-exchange loop (atomics take a span element, so
    // the span and the index).
    [Device]
    private static uint AtomicInc(Span<uint> target, int index, uint limit)
    {
        uint old = target[index], assumed;
        do
        {
            assumed = old;
            old = Gpu.AtomicCompareExchange(ref target[index], (assumed >= limit) ? 0 : assumed + 1, assumed);
        } while (old != assumed);
        return old;
    }

    // CUDA's atomicDec: (((old == 0) || (old > limit)) ? limit : (old - 1)).
    [Device]
    private static uint AtomicDec(Span<uint> target, int index, uint limit)
    {
        uint old = target[index], assumed;
        do
        {
            assumed = old;
            old = Gpu.AtomicCompareExchange(ref target[index], ((assumed == 0) || (assumed > limit)) ? limit : assumed - 1, assumed);
        } while (old != assumed);
        return old;
    }

    [Device]
    private static int AtomicAnd(Span<int> target, int index, int value)
    {
        int old = target[index], assumed;
        do
        {
            assumed = old;
            old = Gpu.AtomicCompareExchange(ref target[index], assumed & value, assumed);
        } while (old != assumed);
        return old;
    }

    [Device]
    private static int AtomicOr(Span<int> target, int index, int value)
    {
        int old = target[index], assumed;
        do
        {
            assumed = old;
            old = Gpu.AtomicCompareExchange(ref target[index], assumed | value, assumed);
        } while (old != assumed);
        return old;
    }

    [Device]
    private static int AtomicXor(Span<int> target, int index, int value)
    {
        int old = target[index], assumed;
        do
        {
            assumed = old;
            old = Gpu.AtomicCompareExchange(ref target[index], assumed ^ value, assumed);
        } while (old != assumed);
        return old;
    }
}
