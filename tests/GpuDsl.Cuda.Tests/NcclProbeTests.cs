using GpuDsl.Interop;

namespace GpuDsl.Cuda.Tests;

/// <summary>Where NCCL is looked for, and what a missing library or a failed call says; none of it needs NCCL or a GPU.</summary>
public sealed class NcclProbeTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static IEnumerable<string> Pythons(string lib) => [Path.Combine(lib, "python3.11")];

    [Fact]
    public void GPUDSL_NCCL_PATH_is_tried_first_then_the_loader_names()
    {
        IReadOnlyList<string> candidates = NcclLibrary.Candidates(
            Environment(("GPUDSL_NCCL_PATH", "/opt/nccl/libnccl.so.2.21.5")), directoryExists: _ => false, Pythons);

        Assert.Equal(["/opt/nccl/libnccl.so.2.21.5", "libnccl.so.2", "libnccl.so"], candidates);
    }

    [Fact]
    public void PyTorch_wheel_in_the_user_site_packages_is_searched()
    {
        IReadOnlyList<string> candidates = NcclLibrary.Candidates(Environment(("HOME", "/home/ada")), directoryExists: _ => true, Pythons);

        Assert.Contains("/home/ada/.local/lib/python3.11/site-packages/nvidia/nccl/lib/libnccl.so.2", candidates);
        Assert.Contains("/usr/local/lib/python3.11/dist-packages/nvidia/nccl/lib/libnccl.so.2", candidates);
    }

    [Fact]
    public void Virtual_environment_and_CUDA_HOME_are_searched_when_set()
    {
        IReadOnlyList<string> candidates = NcclLibrary.Candidates(
            Environment(("VIRTUAL_ENV", "/srv/venv"), ("CUDA_HOME", "/opt/cuda-12.8")), directoryExists: _ => true, Pythons);

        Assert.Contains("/srv/venv/lib/python3.11/site-packages/nvidia/nccl/lib/libnccl.so.2", candidates);
        Assert.Contains("/opt/cuda-12.8/lib64/libnccl.so.2", candidates);
    }

    [Fact]
    public void When_nothing_loads_the_message_lists_what_was_searched_and_what_to_do()
    {
        string? failure = NcclLibrary.Probe(["/nonexistent/libnccl.so.2", "libnccl-not-here.so"], "/nonexistent/libnccl.so.2", out nint handle);

        Assert.Equal(0, handle);
        Assert.NotNull(failure);
        Assert.Contains("/nonexistent/libnccl.so.2", failure);
        Assert.Contains("libnccl-not-here.so", failure);
        Assert.Contains("GPUDSL_NCCL_PATH did not load", failure);
        Assert.Contains("pip install nvidia-nccl-cu12", failure);
    }

    [Fact]
    public void A_failed_call_names_the_NCCL_result_and_the_call()
    {
        CudaException error = Nccl.Failure(NcclResult.ncclInvalidUsage, "AllReduce(Sum) of 4 ncclFloat32 on rank 1 of 2 (ncclAllReduce)", comm: 0);

        Assert.Equal("ncclInvalidUsage", error.ErrorName);
        Assert.Equal(5, error.ErrorCode);
        Assert.StartsWith("AllReduce(Sum) of 4 ncclFloat32 on rank 1 of 2 (ncclAllReduce) failed: ncclInvalidUsage (invalid usage)", error.Message);
        Assert.Contains("same order", error.Message);
    }
}
