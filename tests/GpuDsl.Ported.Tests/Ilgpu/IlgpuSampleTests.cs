// Host side of m4rs-mt/ILGPU's Samples/SharedMemory/Program.cs (data 1..128 in groups of 128: every output the group's
// maximum, then the group's sum) and Samples/WarpShuffle/Program.cs (one warp: lane i reads lane i + 2, the last two
// keep their own value as CUDA's shfl_down does; every lane gets lane 0's struct), with the values the samples print.
namespace GpuDsl.Ported.Tests.Ilgpu;

public sealed class IlgpuSampleTests(Backends backends)
{
    [Theory, BackendData]
    public void Shared_memory_samples_give_each_group_its_maximum_and_sum(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int groupSize = Math.Min(gpu.Device.MaxThreadsPerBlock, 128);
        int[] data = Enumerable.Range(1, 128).ToArray();
        using DeviceBuffer<int> dataSource = gpu.Allocate<int>(data), dataTarget = gpu.Allocate<int>(data.Length);
        int groups = (dataSource.Length + groupSize - 1) / groupSize;

        dataTarget.Clear();
        IlgpuSampleKernels.Launch(groups, groupSize).SharedMemoryVariableKernel(dataSource, dataTarget);
        Assert.All(dataTarget.ToArray(), v => Assert.Equal(128, v));

        dataTarget.Clear();
        IlgpuSampleKernels.Launch(groups, groupSize).SharedMemoryArrayKernel(dataSource, dataTarget);
        Assert.All(dataTarget.ToArray(), v => Assert.Equal(data.Sum(), v));
    }

    [Theory, BackendData]
    public void Warp_shuffle_samples_move_values_between_lanes(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int warpSize = 32;
        using DeviceBuffer<int> dataTarget = gpu.Allocate<int>(warpSize);
        dataTarget.Clear();
        IlgpuSampleKernels.Launch(1, warpSize).ShuffleDownKernel(dataTarget);
        Assert.Equal(Enumerable.Range(0, warpSize).Select(lane => lane + 2 < warpSize ? lane + 2 : lane), dataTarget.ToArray());

        using DeviceBuffer<ComplexStruct> structs = gpu.Allocate<ComplexStruct>(warpSize);
        structs.Clear();
        ComplexStruct value = new(2, 40.0f, 16.0);
        IlgpuSampleKernels.Launch(1, warpSize).ShuffleGeneric(structs, value);
        Assert.All(structs.ToArray(), s => Assert.Equal((2, 40.0f, 16.0), (s.X, s.Y, s.Z)));
    }
}
