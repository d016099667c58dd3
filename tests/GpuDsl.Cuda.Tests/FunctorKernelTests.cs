namespace GpuDsl.Cuda.Tests;

/// <summary>Struct functors through interfaces (static abstract and instance members), on the CUDA device and the CPU backend.</summary>
public sealed class FunctorKernelTests(Backends backends)
{
    [Theory, BackendData]
    public void A_reduction_generic_in_its_operator_folds_with_each_struct_it_is_launched_with(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        float[] x = Enumerable.Range(0, 1000).Select(i => (float)((i * 37) % 101) - 50f).ToArray();
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), sum = gpu.Allocate<float>(1), max = gpu.Allocate<float>(1);

        FunctorKernels.Launch(1, FunctorKernels.Threads).Reduce<AddOp>(dx, sum);
        FunctorKernels.Launch(1, FunctorKernels.Threads).Reduce<MaxOp>(dx, max);

        Assert.Equal(x.Sum(), sum.ToArray()[0]); // integers in float: every order sums exactly
        Assert.Equal(x.Max(), max.ToArray()[0]);
    }

    [Theory, BackendData]
    public void A_functor_with_state_is_passed_by_value_and_called_through_its_interface(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        float[] y = Enumerable.Range(0, 300).Select(i => i / 4f).ToArray();
        using DeviceBuffer<float> dy = gpu.Allocate<float>(y);

        FunctorKernels.Launch(3, 128).Transform(dy, new Affine { Factor = 2f, Offset = -1f });

        Assert.Equal(y.Select(v => v * 2f - 1f).ToArray(), dy.ToArray());
    }
}
