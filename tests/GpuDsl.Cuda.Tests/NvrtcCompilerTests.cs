using GpuDsl.Interop;

namespace GpuDsl.Cuda.Tests;

public sealed class NvrtcCompilerTests
{
    private static readonly int[] s_nvrtc12Architectures = [50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90];

    [Fact]
    public void A_device_NVRTC_knows_gets_a_CUBIN_for_its_own_architecture()
    {
        CompilationTarget target = NvrtcCompiler.ChooseTarget(86, s_nvrtc12Architectures, "12.4");

        Assert.Equal(new CompilationTarget(86, Cubin: true), target);
        Assert.Equal("sm_86", target.Name);
    }

    [Fact]
    public void A_device_newer_than_NVRTC_gets_PTX_for_the_newest_architecture_below_it()
    {
        CompilationTarget target = NvrtcCompiler.ChooseTarget(120, s_nvrtc12Architectures, "12.4");

        Assert.Equal(new CompilationTarget(90, Cubin: false), target);
        Assert.Equal("compute_90", target.Name);
    }

    [Fact]
    public void A_device_older_than_every_supported_architecture_is_explained()
    {
        CudaException e = Assert.Throws<CudaException>(() => NvrtcCompiler.ChooseTarget(61, [75, 80, 86, 89, 90, 100, 120], "13.0"));

        Assert.Contains("NVRTC 13.0 cannot compile for this device (sm_61)", e.Message);
        Assert.Contains("sm_75", e.Message);
        Assert.Contains(Nvrtc.PathVariable, e.Message);
    }

    [Fact]
    public void The_first_CSharp_error_leads_the_message_and_the_whole_log_follows()
    {
        string log = """
            Test.cu(2): warning #177-D: variable "x" was declared but never referenced
            Kernels.cs(7): error: expected a ";"
            Kernels.cs(9): error: identifier "y" is undefined

            2 errors detected in the compilation of "Test.cu".
            """;

        string message = NvrtcCompiler.CompilationFailureMessage("NVRTC 12.8 could not compile the kernels of Test for sm_90", log);

        Assert.StartsWith("Kernels.cs(7): error: expected a \";\"\nNVRTC 12.8 could not compile the kernels of Test for sm_90:\n", message);
        Assert.EndsWith(log, message);
    }

    [Fact]
    public void A_log_without_CSharp_lines_is_reported_whole()
    {
        string message = NvrtcCompiler.CompilationFailureMessage("NVRTC could not compile", "Test.cu(1): error: bad");

        Assert.Equal("NVRTC could not compile:\nTest.cu(1): error: bad", message);
    }

    [Fact]
    public void A_second_compilation_of_the_same_module_comes_from_the_cache()
    {
        Assert.SkipUnless(Nvrtc.TryLoad(out string? reason), $"No NVRTC: {reason}");
        string directory = Path.Combine(Path.GetTempPath(), "gpudsl-compile-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            CompilationCache cache = new(directory);

            CompiledModule first = NvrtcCompiler.Compile(TestKernels.FillModule, 8, 0, cache);
            CompiledModule second = NvrtcCompiler.Compile(TestKernels.FillModule, 8, 0, cache);

            Assert.False(first.FromCache);
            Assert.True(second.FromCache);
            Assert.Equal(first.Image, second.Image);
            Assert.Equal(first.Target, second.Target);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
