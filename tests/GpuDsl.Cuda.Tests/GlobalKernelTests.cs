namespace GpuDsl.Cuda.Tests;

/// <summary>
/// <see cref="DeviceGlobal{T}"/> and <see cref="ConstantArray{T}"/>: set and read per context by the host, used by
/// kernels on the CUDA device (a <c>__device__</c> variable and a <c>__constant__</c> array of the module) and on the
/// CPU backend (each context's own copy), against C# computed here.
/// </summary>
public sealed class GlobalKernelTests(Backends backends)
{
    [Theory, BackendData]
    public void Single_pass_reduction_finds_its_last_block_through_a_device_global_and_resets_it(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 5000, threads = 128, blocks = (n + threads - 1) / threads;
        int[] x = Enumerable.Range(0, n).Select(i => (i * 7919) % 1000 - 500).ToArray();
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), partial = gpu.Allocate<int>(blocks), total = gpu.Allocate<int>(1);
        GlobalKernels.RetirementCount.Set(gpu, 0);

        for (int launch = 0; launch < 3; launch++)
        {
            total.CopyFrom([int.MinValue]);
            GlobalKernels.Launch(blocks, threads).ReduceSinglePass(dx, partial, total);

            Assert.Equal(x.Sum(), total.ToArray()[0]);
            Assert.Equal(0u, GlobalKernels.RetirementCount.Get(gpu)); // the last block reset it
        }
    }

    [Theory, BackendData]
    public void Filter_taps_and_gain_set_at_run_time_are_read_from_constant_memory_like_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 1000;
        Random random = new(11);
        float[] x = Enumerable.Range(0, n + GlobalKernels.TapCount).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        using DeviceBuffer<float> dx = gpu.Allocate<float>(x), dy = gpu.Allocate<float>(n);

        foreach (float gain in new[] { 1f, -2.5f })
        {
            float[] taps = Enumerable.Range(0, GlobalKernels.TapCount).Select(k => gain * MathF.Sin(k + 1) / (k + 1)).ToArray();
            GlobalKernels.Taps.Set(gpu, taps);
            GlobalKernels.Gain.Set(gpu, gain);

            GlobalKernels.Launch((n + 127) / 128, 128).Filter(dx, dy);

            Assert.Equal(taps, GlobalKernels.Taps.Get(gpu));
            Assert.Equal(gain, GlobalKernels.Gain.Get(gpu));
            float[] actual = dy.ToArray();
            for (int i = 0; i < n; i++)
            {
                float sum = 0f;
                for (int k = 0; k < taps.Length; k++)
                {
                    sum += taps[k] * x[i + k];
                }

                float expected = gain * sum;
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual[i]), $"y[{i}] is {actual[i]}, C# computes {expected}");
            }
        }
    }

    [Theory, BackendData]
    public void Part_of_a_constant_array_can_be_set_from_an_element_on_and_a_range_past_its_end_throws(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        GlobalKernels.Taps.Set(gpu, new float[GlobalKernels.TapCount]);

        GlobalKernels.Taps.Set(gpu, [1f, 2f, 3f], start: 13);

        float[] expected = new float[GlobalKernels.TapCount];
        expected[13] = 1f;
        expected[14] = 2f;
        expected[15] = 3f;
        Assert.Equal(expected, GlobalKernels.Taps.Get(gpu));
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => GlobalKernels.Taps.Set(gpu, [1f, 2f], start: 15));
        Assert.Contains("2 values from element 15 do not fit in GlobalKernels.Taps, which has 16 elements", e.Message);
    }

    [Fact]
    public void Each_CPU_context_has_its_own_copy_of_a_device_global_and_a_constant_array()
    {
        using GpuContext first = GpuContext.Create(GpuBackend.Cpu), second = GpuContext.Create(GpuBackend.Cpu);
        GlobalKernels.Gain.Set(first, 3f);
        GlobalKernels.Gain.Set(second, 5f);
        GlobalKernels.Taps.Set(first, Enumerable.Repeat(1f, GlobalKernels.TapCount).ToArray());
        GlobalKernels.Taps.Set(second, Enumerable.Repeat(2f, GlobalKernels.TapCount).ToArray());
        float[] x = Enumerable.Repeat(1f, 2 + GlobalKernels.TapCount).ToArray();
        using DeviceBuffer<float> x1 = first.Allocate<float>(x), y1 = first.Allocate<float>(2);
        using DeviceBuffer<float> x2 = second.Allocate<float>(x), y2 = second.Allocate<float>(2);

        GlobalKernels.Launch(1, 32).Filter(x1, y1);
        GlobalKernels.Launch(1, 32).Filter(x2, y2);

        Assert.Equal(new[] { 48f, 48f }, y1.ToArray()); // 3 * 16 * 1
        Assert.Equal(new[] { 160f, 160f }, y2.ToArray()); // 5 * 16 * 2
        Assert.Equal(3f, GlobalKernels.Gain.Get(first));
        Assert.Equal(5f, GlobalKernels.Gain.Get(second));
    }

    [Fact]
    public void Value_read_on_the_host_and_a_global_no_kernel_uses_throw_saying_what_to_do()
    {
        InvalidOperationException onHost = Assert.Throws<InvalidOperationException>(() => GlobalKernels.Gain.Value);
        Assert.Contains("only be used inside a kernel", onHost.Message);
        Assert.Contains("Get or Set with the context", onHost.Message);

        DeviceGlobal<int> unused = new();
        InvalidOperationException unbound = Assert.Throws<InvalidOperationException>(() => unused.Set(backends.Get(Backends.Cpu), 1));
        Assert.Contains("No kernel uses this DeviceGlobal, so no CUDA module defines it", unbound.Message);
    }
}
