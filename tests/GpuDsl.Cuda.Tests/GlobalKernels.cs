namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Device globals and constant arrays the host sets at run time, for <see cref="GlobalKernelTests"/>: the
/// single-pass reduction of NVIDIA's cuda-samples (Samples/2_Concepts_and_Techniques/threadFenceReduction), whose last
/// block to finish, found with a <c>__device__ unsigned int retirementCount</c>, sums the partial sums and resets the
/// counter for the next launch; and a FIR filter whose taps the host copies to constant memory
/// (<c>cudaMemcpyToSymbol</c>), read by the kernel and by a [Device] method.
/// </summary>
public static partial class GlobalKernels
{
    /// <summary>How many blocks have finished their partial sum (cuda-samples' <c>retirementCount</c>).</summary>
    public static readonly DeviceGlobal<uint> RetirementCount = new();

    /// <summary>A gain the host sets, applied by <see cref="Filter"/>.</summary>
    public static readonly DeviceGlobal<float> Gain = new();

    /// <summary>The filter's taps, set by the host (a constant array of 16).</summary>
    public static readonly ConstantArray<float> Taps = new(TapCount);

    /// <summary>The taps' count.</summary>
    public const int TapCount = 16;

    /// <summary>Sums <paramref name="x"/> in one launch: block sums, then the last block adds them up.</summary>
    [Kernel]
    public static void ReduceSinglePass(ReadOnlySpan<int> x, Span<int> partial, Span<int> total)
    {
        Span<int> sums = Gpu.Shared<int>(128);
        Span<int> amLast = Gpu.Shared<int>(1);
        int tid = Gpu.ThreadIdx.X;
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + tid;
        sums[tid] = i < x.Length ? x[i] : 0;
        Gpu.SyncThreads();
        for (int s = Gpu.BlockDim.X / 2; s > 0; s >>= 1)
        {
            if (tid < s)
            {
                sums[tid] += sums[tid + s];
            }

            Gpu.SyncThreads();
        }

        if (tid == 0)
        {
            partial[Gpu.BlockIdx.X] = sums[0];
            Gpu.ThreadFence(); // the partial sum is visible before the counter says this block is done
            uint ticket = Gpu.AtomicAdd(ref RetirementCount.Value, 1u);
            amLast[0] = ticket == (uint)(Gpu.GridDim.X - 1) ? 1 : 0;
        }

        Gpu.SyncThreads();
        if (amLast[0] == 1 && tid == 0)
        {
            int sum = 0;
            for (int b = 0; b < Gpu.GridDim.X; b++)
            {
                sum += partial[b];
            }

            total[0] = sum;
            RetirementCount.Value = 0; // ready for the next launch, as cuda-samples resets it
        }
    }

    /// <summary>y[i] = Gain * (sum over k of Taps[k] * x[i + k]), the taps from constant memory.</summary>
    [Kernel]
    public static void Filter(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i < y.Length)
        {
            y[i] = Gain.Value * Dot(x, i);
        }
    }

    /// <summary>The filter's sum at <paramref name="i"/>, reading <see cref="Taps"/> from a [Device] method.</summary>
    [Device]
    public static float Dot(ReadOnlySpan<float> x, int i)
    {
        float sum = 0f;
        for (int k = 0; k < Taps.Length; k++)
        {
            sum += Taps[k] * x[i + k];
        }

        return sum;
    }
}
