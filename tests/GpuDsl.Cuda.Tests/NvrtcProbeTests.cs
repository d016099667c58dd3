using GpuDsl.Interop;

namespace GpuDsl.Cuda.Tests;

public sealed class NvrtcProbeTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void GPUDSL_NVRTC_PATH_is_tried_first()
    {
        IReadOnlyList<string> candidates = Nvrtc.Candidates(
            Environment(("GPUDSL_NVRTC_PATH", "/opt/nvrtc/libnvrtc.so.12.8.93")), windows: false, directoryExists: _ => true);

        Assert.Equal("/opt/nvrtc/libnvrtc.so.12.8.93", candidates[0]);
        Assert.Equal(["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"], candidates.Skip(1).Take(3));
    }

    [Fact]
    public void Without_settings_the_versioned_names_then_the_default_toolkit_directory_are_searched()
    {
        IReadOnlyList<string> candidates = Nvrtc.Candidates(Environment(), windows: false, directoryExists: _ => true);

        Assert.Equal(
            ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so",
             "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12", "/usr/local/cuda/lib64/libnvrtc.so"],
            candidates);
    }

    [Fact]
    public void CUDA_HOME_is_searched_only_when_its_directory_exists()
    {
        Func<string, string?> environment = Environment(("CUDA_HOME", "/opt/cuda-12.8"));

        IReadOnlyList<string> present = Nvrtc.Candidates(environment, windows: false, directoryExists: _ => true);
        IReadOnlyList<string> absent = Nvrtc.Candidates(environment, windows: false, directoryExists: _ => false);

        Assert.Contains("/opt/cuda-12.8/lib64/libnvrtc.so.12", present);
        Assert.DoesNotContain(absent, c => c.StartsWith("/opt/cuda-12.8", StringComparison.Ordinal));
        Assert.Equal(["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"], absent);
    }

    [Fact]
    public void On_Windows_the_versioned_DLL_names_are_searched()
    {
        IReadOnlyList<string> candidates = Nvrtc.Candidates(Environment(), windows: true, directoryExists: _ => true);

        Assert.Equal(["nvrtc64_130_0.dll", "nvrtc64_120_0.dll"], candidates);
    }

    [Fact]
    public void When_nothing_loads_the_message_lists_what_was_searched_and_what_to_do()
    {
        string? failure = Nvrtc.Probe(["/nonexistent/libnvrtc.so.99", "libnvrtc-not-here.so"], "/nonexistent/libnvrtc.so.99", out nint handle);

        Assert.Equal(0, handle);
        Assert.NotNull(failure);
        Assert.Contains("/nonexistent/libnvrtc.so.99", failure);
        Assert.Contains("libnvrtc-not-here.so", failure);
        Assert.Contains("GPUDSL_NVRTC_PATH did not load", failure);
        Assert.Contains("Install", failure);
    }
}

/// <summary>Where NVRTC is told to find CUDA's headers.</summary>
public sealed class CudaHeaderTests
{
    [Fact]
    public void The_explicit_include_variable_comes_first_then_CUDA_HOME_then_the_standard_directories()
    {
        Dictionary<string, string> env = new() { ["GPUDSL_CUDA_INCLUDE"] = "/opt/mine", ["CUDA_HOME"] = "/opt/cuda" };
        string[] candidates = CudaHeaders.Candidates(v => env.GetValueOrDefault(v)).ToArray();
        Assert.Equal(["/opt/mine", "/opt/cuda/include", "/usr/local/cuda/include", "/usr/include"], candidates);
    }

    [Fact]
    public void Find_returns_the_first_directory_that_holds_cuda_fp16_h()
    {
        string found = CudaHeaders.Find(v => v == "CUDA_HOME" ? "/opt/cuda" : null, f => f == "/usr/local/cuda/include/cuda_fp16.h")!;
        Assert.Equal("/usr/local/cuda/include", found);
        Assert.Null(CudaHeaders.Find(_ => null, _ => false));
    }

    [Fact]
    public void The_cccl_directory_of_CUDA_13_is_passed_beside_the_include_directory_where_it_exists()
    {
        Assert.Equal(["/usr/local/cuda/include", "/usr/local/cuda/include/cccl"],
            CudaHeaders.IncludePaths("/usr/local/cuda/include", d => d == "/usr/local/cuda/include/cccl"));
        Assert.Equal(["/usr/include"], CudaHeaders.IncludePaths("/usr/include", _ => false));
    }

    [Fact]
    public void The_missing_header_advice_names_the_variable_and_the_header()
    {
        Assert.Contains("GPUDSL_CUDA_INCLUDE", CudaHeaders.MissingHeaderAdvice);
        Assert.Contains("cuda_fp16.h", CudaHeaders.MissingHeaderAdvice);
    }
}
