// Ported from m4rs-mt/ILGPU's samples, line by line: Samples/SharedMemory/Program.cs (SharedMemoryVariableKernel,
// SharedMemoryArrayKernel) and Samples/WarpShuffle/Program.cs (ShuffleDownKernel, ShuffleGeneric with its
// ComplexStruct). Grid.GlobalIndex.X is the global thread index, Group.IdxX Gpu.ThreadIdx.X, Group.Barrier()
// Gpu.SyncThreads(), Group.IsFirstThread ThreadIdx.X == 0, SharedMemory.Allocate<int>(128) Gpu.Shared<int>(128),
// SharedMemory.Allocate<int>() the shared scalar `ref int v = ref Gpu.Shared<int>(1)[0]`, Warp.ShuffleDown
// Gpu.ShuffleDown, Warp.Shuffle of any unmanaged T Gpu.Shuffle<T>. All four are the first translations as written; the
// warp kernels index unguarded, as the samples do (they launch exactly one warp for one warp of elements), and say so
// with [Kernel(ExactLaunch = true)], which the launcher tests instead of GPU0030 warning.
namespace GpuDsl.Ported.Tests.Ilgpu;

/// <summary>
/// A complex user-defined data structure.
/// </summary>
public readonly struct ComplexStruct
{
    public ComplexStruct(int x, float y, double z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public int X { get; }
    public float Y { get; }
    public double Z { get; }
}

public static partial class IlgpuSampleKernels
{
    [Kernel]
    public static void SharedMemoryVariableKernel(Span<int> dataView, Span<int> outputView)
    {
        // Compute the global 1D index for accessing the data view
        int globalIndex = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;

        // 'Allocate' a single shared memory variable of type int (= 4 bytes)
        ref int sharedVariable = ref Gpu.Shared<int>(1)[0];

        // Initialize shared memory
        if (Gpu.ThreadIdx.X == 0)
            sharedVariable = 0;
        // Wait for the initialization to complete
        Gpu.SyncThreads();

        if (globalIndex < dataView.Length)
            Gpu.AtomicMax(ref sharedVariable, dataView[globalIndex]);

        // Wait for all threads to complete the maximum computation process
        Gpu.SyncThreads();

        // Write the maximum of all values into the data view
        if (globalIndex < outputView.Length)
            outputView[globalIndex] = sharedVariable;
    }

    [Kernel]
    public static void SharedMemoryArrayKernel(Span<int> dataView, Span<int> outputView)
    {
        // Compute the global 1D index for accessing the data view
        int globalIndex = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;

        // Declares a shared-memory array with 128 elements of type int = 4 * 128 = 512 bytes
        // of shared memory per group
        Span<int> sharedArray = Gpu.Shared<int>(128);

        // Load the element into shared memory
        var value = globalIndex < dataView.Length ?
            dataView[globalIndex] :
            0;
        sharedArray[Gpu.ThreadIdx.X] = value;

        // Wait for all threads to complete the loading process
        Gpu.SyncThreads();

        // Compute the sum over all elements in the group
        int sum = 0;
        for (int i = 0, e = Gpu.BlockDim.X; i < e; ++i)
            sum += sharedArray[i];

        // Store the sum
        if (globalIndex < outputView.Length)
            outputView[globalIndex] = sum;
    }

    [Kernel(ExactLaunch = true)]
    public static void ShuffleDownKernel(Span<int> dataView)
    {
        // Use native shuffle-down functionality to shuffle the
        // given value by a delta of 2 lanes
        int value = Gpu.ThreadIdx.X;
        value = Gpu.ShuffleDown(value, 2);

        int globalIndex = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        dataView[globalIndex] = value;
    }

    [Kernel(ExactLaunch = true)]
    public static void ShuffleGeneric<T>(Span<T> dataView, T value) where T : unmanaged
    {
        // Use intrinsic shuffle functionality to shuffle the
        // given value from line 0.
        value = Gpu.Shuffle(value, 0);

        int globalIndex = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        dataView[globalIndex] = value;
    }
}
