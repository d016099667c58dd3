using GpuDsl.Interop;

namespace GpuDsl.Cuda.Tests;

/// <summary>What happens on machines without CUDA; these run everywhere.</summary>
public sealed class BackendSelectionTests
{
    [Fact]
    public void Auto_backend_gives_a_working_context_and_says_why_when_it_falls_back()
    {
        using GpuContext context = GpuContext.Create(GpuBackend.Auto);

        if (context.Backend == GpuBackend.Cpu && Environment.GetEnvironmentVariable("GPUDSL_BACKEND") is null or "")
        {
            Assert.False(string.IsNullOrWhiteSpace(context.FallbackReason));
            Assert.False(CudaContext.TryCreate(0, out _, out string? reason));
            Assert.Equal(reason, context.FallbackReason);
        }
    }

    [Fact]
    public void Without_a_driver_TryCreate_returns_false_and_names_the_missing_driver()
    {
        Assert.SkipWhen(CudaDriver.TryLoad(out _), "A CUDA driver is installed on this machine.");

        Assert.False(CudaContext.TryCreate(0, out CudaContext? context, out string? reason));

        Assert.Null(context);
        Assert.Contains($"no CUDA driver ({CudaDriver.FileName}) was found", reason);
        Assert.Contains("install the NVIDIA driver", reason);
    }

    [Fact]
    public void Without_a_driver_Create_throws_CudaException_with_the_reason()
    {
        Assert.SkipWhen(CudaDriver.TryLoad(out _), "A CUDA driver is installed on this machine.");

        CudaException e = Assert.Throws<CudaException>(() => GpuContext.Create(GpuBackend.Cuda));

        Assert.StartsWith("CUDA device 0 cannot be used: no CUDA driver", e.Message);
    }

    [Fact]
    public void A_failed_driver_call_names_the_error_and_the_call()
    {
        static CUresult cuPretend(int bytes) => CUresult.CUDA_ERROR_OUT_OF_MEMORY;

        CudaException e = Assert.Throws<CudaException>(() => CudaDriver.ThrowIfFailed(cuPretend(42)));

        Assert.Equal("CUDA_ERROR_OUT_OF_MEMORY", e.ErrorName);
        Assert.Equal(2, e.ErrorCode);
        Assert.StartsWith("cuPretend(42) failed: CUDA_ERROR_OUT_OF_MEMORY", e.Message);
    }

    [Fact]
    public void Device_faults_are_sticky_and_launch_configuration_errors_are_not()
    {
        Assert.True(CudaDriver.IsSticky(CUresult.CUDA_ERROR_ILLEGAL_ADDRESS));
        Assert.True(CudaDriver.IsSticky(CUresult.CUDA_ERROR_LAUNCH_FAILED));
        Assert.True(CudaDriver.IsSticky(CUresult.CUDA_ERROR_ASSERT));
        Assert.False(CudaDriver.IsSticky(CUresult.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES));
        Assert.False(CudaDriver.IsSticky(CUresult.CUDA_ERROR_OUT_OF_MEMORY));
        Assert.False(CudaDriver.IsSticky(CUresult.CUDA_ERROR_INVALID_VALUE));
    }
}
