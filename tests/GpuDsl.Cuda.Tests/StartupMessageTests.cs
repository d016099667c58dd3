using GpuDsl.Interop;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// What a user reads when the machine cannot run kernels: one line naming the cause and what to install or set. These
/// need no GPU; the messages for a missing driver are in <see cref="BackendSelectionTests"/>.
/// </summary>
public sealed class StartupMessageTests
{
    [Theory]
    [InlineData((int)CUresult.CUDA_ERROR_NO_DEVICE, "CUDA_VISIBLE_DEVICES")]
    [InlineData((int)CUresult.CUDA_ERROR_STUB_LIBRARY, "install the NVIDIA driver")]
    [InlineData((int)CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH, "reinstall the NVIDIA driver")]
    [InlineData((int)CUresult.CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE, "LD_LIBRARY_PATH")]
    [InlineData((int)CUresult.CUDA_ERROR_SYSTEM_NOT_READY, "nvidia-fabricmanager")]
    [InlineData((int)CUresult.CUDA_ERROR_UNKNOWN, "--gpus all")]
    public void Each_cuInit_failure_is_one_line_that_says_what_to_do(int result, string advice)
    {
        string message = CudaContext.InitFailure((CUresult)result);

        Assert.Contains(advice, message);
        Assert.Contains("cuInit returned", message);
        Assert.DoesNotContain('\n', message);
    }

    [Theory]
    [InlineData((int)CUresult.CUDA_ERROR_DEVICE_UNAVAILABLE, "exclusive-process")]
    [InlineData((int)CUresult.CUDA_ERROR_OUT_OF_MEMORY, "nvidia-smi")]
    [InlineData((int)CUresult.CUDA_ERROR_INVALID_DEVICE, "cuDevicePrimaryCtxRetain returned")]
    public void A_context_that_cannot_be_created_names_the_device_and_the_cause(int result, string expected)
    {
        string message = CudaContext.RetainFailure((CUresult)result, "NVIDIA H200");

        Assert.Contains("NVIDIA H200", message);
        Assert.Contains(expected, message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Without_NVRTC_compiling_a_module_says_what_was_searched_and_what_to_install_or_set()
    {
        Assert.SkipWhen(Nvrtc.TryLoad(out _), "NVRTC is installed on this machine.");

        CudaException e = Assert.Throws<CudaException>(
            () => NvrtcCompiler.Compile(TestKernels.FillModule, 9, 0, new CompilationCache(directory: null)));

        Assert.StartsWith("NVRTC, the CUDA runtime compiler, could not be loaded", e.Message);
        Assert.Contains("libnvrtc.so.12", e.Message);
        Assert.Contains("Install NVRTC", e.Message);
        Assert.Contains(Nvrtc.PathVariable, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_device_older_than_NVRTC_supports_is_one_line_naming_the_device_the_oldest_supported_and_the_fix()
    {
        CudaException e = Assert.Throws<CudaException>(
            () => NvrtcCompiler.ChooseTarget(70, [75, 80, 86, 89, 90, 100, 103, 120], "13.0"));

        Assert.Contains("NVRTC 13.0 cannot compile for this device (sm_70)", e.Message);
        Assert.Contains("the oldest architecture it supports is sm_75", e.Message);
        Assert.Contains($"set {Nvrtc.PathVariable}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_device_newer_than_NVRTC_supports_falls_back_to_PTX_for_the_newest_architecture_it_knows()
    {
        CompilationTarget target = NvrtcCompiler.ChooseTarget(121, [75, 80, 86, 89, 90, 100, 120], "12.8");

        Assert.Equal(new CompilationTarget(120, Cubin: false), target);
        Assert.Equal("compute_120", target.Name);
    }
}
