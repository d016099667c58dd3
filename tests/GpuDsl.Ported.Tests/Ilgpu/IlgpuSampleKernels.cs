// Ported from m4rs-mt/ILGPU's samples, line by line: Samples/SharedMemory/Program.cs (SharedMemoryVariableKernel,
// SharedMemoryArrayKernel) and Samples/WarpShuffle/Program.cs (ShuffleDownKernel, ShuffleGeneric with its
// ComplexStruct). Grid.GlobalIndex.X is the global thread index, Group.IdxX Gpu.ThreadIdx.X, Group.Barrier()
// Gpu.SyncThreads(), Group.IsFirstThread ThreadIdx.X == 0, SharedMemory.Allocate<int>(128) Gpu.Shared<int>(128),
// Warp.ShuffleDown Gpu.ShuffleDown. The warp kernels index unguarded, as the samples do (GPU0030 is silenced). Two
// need a rewrite (FirstTranslations/ keeps the first versions): the shared
// variable `ref int sharedVariable = ref SharedMemory.Allocate<int>()` is element 0 of a one-element shared span (no ref
// locals, and atomics take a span element), and the generic Warp.Shuffle of any unmanaged T shuffles the struct's
// fields one by one (GpuDsl's shuffles take int, uint, long, float or double).
namespace GpuDsl.Ported.Tests.Ilgpu;

/// <summary>A complex user-defined data structure (the sample's readonly struct with a constructor and get-only properties,
/// as fields: FirstTranslations/ keeps that form).</summary>
public struct ComplexStruct
{
    public int X;
    public float Y;
    public double Z;
}

public static partial class IlgpuSampleKernels
{
    [Kernel]
    public static void SharedMemoryVariableKernel(Span<int> dataView, Span<int> outputView)
    {
        // Compute the global 1D index for accessing the data view
        int globalIndex = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;

        // 'Allocate' a single shared memory variable of type int (= 4 bytes)
        Span<int> sharedVariable = Gpu.Shared<int>(1);

        // Initialize shared memory
        if (Gpu.ThreadIdx.X == 0)
            sharedVariable[0] = 0;
        // Wait for the initialization to complete
        Gpu.SyncThreads();

        if (globalIndex < dataView.Length)
            Gpu.AtomicMax(ref sharedVariable[0], dataView[globalIndex]);

        // Wait for all threads to complete the maximum computation process
        Gpu.SyncThreads();

        // Write the maximum of all values into the data view
        if (globalIndex < outputView.Length)
            outputView[globalIndex] = sharedVariable[0];
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

    // The samples launch exactly one warp of threads for a warp of elements; GPU0030 cannot know the launch.
#pragma warning disable GPU0030
    [Kernel]
    public static void ShuffleDownKernel(Span<int> dataView)
    {
        // Use native shuffle-down functionality to shuffle the
        // given value by a delta of 2 lanes
        int value = Gpu.ThreadIdx.X;
        value = Gpu.ShuffleDown(value, 2);

        int globalIndex = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        dataView[globalIndex] = value;
    }

    [Kernel]
    public static void ShuffleGeneric(Span<ComplexStruct> dataView, ComplexStruct value)
    {
        // Use intrinsic shuffle functionality to shuffle the
        // given value from line 0, field by field.
        value.X = Gpu.Shuffle(value.X, 0);
        value.Y = Gpu.Shuffle(value.Y, 0);
        value.Z = Gpu.ShuffleXor(value.Z, Gpu.LaneId); // lane ^ lane is lane 0 (Shuffle has no double overload)

        int globalIndex = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        dataView[globalIndex] = value;
    }
#pragma warning restore GPU0030
}
