using GpuDsl;

namespace Mlp.Tests;

/// <summary>
/// <c>GPUDSL_BACKEND</c> mistakes give the runtime's message as one <c>error:</c> line before the data is loaded, and
/// a backend it picks is named on the device line. The variable is process-wide, so these tests run alone.
/// </summary>
[Collection(nameof(BackendVariableCollection))]
public sealed class BackendVariableTests
{
    private const string Variable = "GPUDSL_BACKEND";

    [Fact]
    public void A_backend_variable_naming_no_backend_gives_the_runtimes_message_as_one_error_line()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);

        (int code, string output, string errors) = WithVariable("banana",
            () => CommandLineTests.RunCli("--data", dir.File("data"), "--save", dir.File("w.safetensors"), "--batch-size", "10"));

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.Equal($"error: {Variable} is 'banana'; use 'cuda', 'cpu' or 'auto'.{Environment.NewLine}", errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_backend_variable_asking_for_cuda_without_a_gpu_gives_one_error_line_and_what_to_do()
    {
        using (GpuContext probe = WithVariable(null, () => GpuContext.Create()))
        {
            Assert.SkipWhen(probe.Backend == GpuBackend.Cuda, "A CUDA device is present, so GPUDSL_BACKEND=cuda works.");
        }

        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);

        (int code, string output, string errors) = WithVariable("cuda",
            () => CommandLineTests.RunCli("--data", dir.File("data"), "--save", dir.File("w.safetensors"), "--batch-size", "10"));

        Assert.Equal(MlpCommandLine.UsageError, code);
        string[] lines = CommandLineTests.Lines(errors);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: CUDA device 0 cannot be used", lines[0]);
        Assert.Equal($"{Variable}=cuda asks for CUDA; unset it (or pass --cpu) to run on the CPU backend.", lines[1]);
        Assert.DoesNotContain("   at ", errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void The_device_line_says_when_the_backend_variable_chose_the_backend()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);

        (int code, string output, string errors) = WithVariable("cpu", () => CommandLineTests.RunCli(
            "--data", dir.File("data"), "--save", dir.File("w.safetensors"), "--epochs", "1", "--batch-size", "10"));

        Assert.Equal(0, code);
        Assert.Equal("", errors);
        Assert.StartsWith($"Device: CPU backend", output);
        Assert.Contains($" (from {Variable}=cpu){Environment.NewLine}", output);
    }

    [Fact]
    public void Cpu_option_wins_over_the_backend_variable()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);

        (int code, string output, _) = WithVariable("banana", () => CommandLineTests.RunCli(
            "--data", dir.File("data"), "--cpu", "--save", dir.File("w.safetensors"), "--epochs", "1", "--batch-size", "10"));

        Assert.Equal(0, code);
        Assert.Contains("as --cpu asks.", output);
        Assert.DoesNotContain(Variable, output);
    }

    private static T WithVariable<T>(string? value, Func<T> run)
    {
        string? saved = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, value);
        try
        {
            return run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, saved);
        }
    }
}

/// <summary>Tests that set <c>GPUDSL_BACKEND</c>, which every context created meanwhile would read: run after the rest, one at a time.</summary>
[CollectionDefinition(nameof(BackendVariableCollection), DisableParallelization = true)]
public sealed class BackendVariableCollection;
