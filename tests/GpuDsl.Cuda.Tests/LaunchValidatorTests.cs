namespace GpuDsl.Cuda.Tests;

public sealed class LaunchValidatorTests
{
    private static readonly DeviceInfo s_device = new(
        "Test GPU", 9, 0, 132, MaxThreadsPerBlock: 1024, MaxBlockDim: new Dim3(1024, 1024, 64),
        MaxGridDim: new Dim3(int.MaxValue, 65535, 65535), MaxSharedMemoryPerBlock: 48 * 1024, WarpSize: 32, TotalMemory: 80L << 30);

    private static readonly KernelDescriptor s_kernel = new(new GpuModule("Test.Kernels", ""), "k", "Test.Kernel", false);

    private static InvalidLaunchException Reject(LaunchConfig config, int kernelMaxThreads = 1024, int staticShared = 0, int maxShared = 48 * 1024) =>
        Assert.Throws<InvalidLaunchException>(
            () => LaunchValidator.Validate(s_kernel, config, s_device, kernelMaxThreads, staticShared, maxShared));

    [Fact]
    public void A_block_with_more_threads_than_the_device_allows_names_MaxThreadsPerBlock()
    {
        InvalidLaunchException e = Reject(new LaunchConfig(1, (64, 32)));

        Assert.Equal("MaxThreadsPerBlock", e.Limit);
        Assert.Equal(1024, e.LimitValue);
        Assert.Equal(2048, e.Value);
        Assert.Equal("Test.Kernel", e.Kernel);
        Assert.Equal(
            "Cannot launch Test.Kernel: a block of (64, 32, 1) has 2,048 threads, more than the device allows per block " +
            "(MaxThreadsPerBlock is 1,024, the launch asks for 2,048).",
            e.Message);
    }

    [Fact]
    public void A_one_dimensional_block_that_is_too_large_names_MaxThreadsPerBlock()
    {
        InvalidLaunchException e = Reject(new LaunchConfig(1, 500_000));

        Assert.Equal("MaxThreadsPerBlock", e.Limit);
        Assert.Equal(500_000, e.Value);
    }

    [Fact]
    public void A_block_the_kernel_cannot_run_names_the_kernels_limit()
    {
        InvalidLaunchException e = Reject(new LaunchConfig(1, 1024), kernelMaxThreads: 640);

        Assert.Equal("the kernel's MaxThreadsPerBlock", e.Limit);
        Assert.Contains("register use", e.Message);
    }

    [Fact]
    public void A_grid_too_tall_names_MaxGridDim_Y()
    {
        InvalidLaunchException e = Reject(new LaunchConfig((1, 70_000), 32));

        Assert.Equal("MaxGridDim.Y", e.Limit);
        Assert.Equal(65535, e.LimitValue);
        Assert.Equal(70_000, e.Value);
        Assert.Contains("grid's y extent", e.Message);
    }

    [Fact]
    public void A_block_too_deep_names_MaxBlockDim_Z()
    {
        InvalidLaunchException e = Reject(new LaunchConfig(1, (1, 1, 128)));

        Assert.Equal("MaxBlockDim.Z", e.Limit);
    }

    [Fact]
    public void Too_much_shared_memory_counts_static_and_dynamic_together()
    {
        InvalidLaunchException e = Reject(new LaunchConfig(1, 128, 99 * 1024), staticShared: 2048, maxShared: 100 * 1024);

        Assert.Equal("MaxSharedMemoryPerBlock", e.Limit);
        Assert.Equal(100 * 1024, e.LimitValue);
        Assert.Equal(99 * 1024 + 2048, e.Value);
        Assert.Contains("2,048 bytes of static plus 101,376 of dynamic", e.Message);
    }

    [Fact]
    public void A_block_of_0_threads_names_Block_X_as_a_minimum_not_MaxBlockDim()
    {
        InvalidLaunchException e = Reject(new LaunchConfig(4, 0));

        Assert.Equal("Block.X", e.Limit);
        Assert.Equal(1, e.LimitValue);
        Assert.Equal(0, e.Value);
        Assert.Equal(
            "Cannot launch Test.Kernel: the block's x extent must be at least 1, and the launch asks for 0 (block (0, 1, 1)); " +
            "skip the launch when there is no work.",
            e.Message);
    }

    [Fact]
    public void A_configuration_within_every_limit_is_accepted()
    {
        LaunchValidator.Validate(
            s_kernel, new LaunchConfig((100_000, 65535), (32, 32), 64 * 1024), s_device, 1024, 1024, 99 * 1024);
    }
}
