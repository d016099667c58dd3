using System.Diagnostics;
using System.Runtime.CompilerServices;
using GpuDsl.Interop;
namespace GpuDsl.Cuda.Tests;

/// <summary>
/// A real device fault: a kernel that writes through a null pointer. CUDA then refuses every call on the context for
/// the rest of the process, so the fault runs in a child process (this test assembly again, started with
/// <see cref="StickyFaultProbe.Variable"/> set, which runs the probe instead of the tests) and the test reads what it
/// printed.
/// </summary>
public sealed class StickyFaultTests(Backends backends)
{
    [CudaFact]
    public async Task A_device_fault_names_the_last_kernel_and_every_later_call_says_the_context_is_unusable()
    {
        backends.RequireCudaCompiler();
        string assembly = typeof(StickyFaultTests).Assembly.Location;
        string host = Environment.ProcessPath!;
        bool viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        ProcessStartInfo start = new(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (viaDotnet) start.ArgumentList.Add(assembly);
        start.Environment[StickyFaultProbe.Variable] = "1";

        using Process probe = Process.Start(start)!;
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Hang.Deadline);
        Task<string> stderr = probe.StandardError.ReadToEndAsync(timeout.Token);
        string output = await probe.StandardOutput.ReadToEndAsync(timeout.Token);
        await probe.WaitForExitAsync(timeout.Token);
        string all = $"exit code {probe.ExitCode}\n{output}\n{await stderr}";

        Assert.True(probe.ExitCode == 0, all);
        foreach (string expected in new[]
        {
            "synchronize: CUDA_ERROR_ILLEGAL_ADDRESS",
            "the last kernel launched was StickyFaultProbe.WriteNull",
            "later call: CUDA_ERROR_ILLEGAL_ADDRESS: This CUDA context is unusable",
            "dispose: ok",
        })
        {
            Assert.True(all.Contains(expected, StringComparison.Ordinal), $"the probe did not print \"{expected}\":\n{all}");
        }
    }
}

/// <summary>
/// The child process's side of <see cref="StickyFaultTests"/>: when <see cref="Variable"/> is set, the test assembly's
/// module initializer runs this instead of the tests, prints one line per step and exits.
/// </summary>
internal static class StickyFaultProbe
{
    public const string Variable = "GPUDSL_STICKY_FAULT_PROBE";

    private const string Source = """extern "C" __global__ void write_null(int value) { *(volatile int*)0 = value; }""";

#pragma warning disable CA2255 // A module initializer is the one hook that runs before xunit's generated entry point.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunWhenAsked()
    {
        if (Environment.GetEnvironmentVariable(Variable) == "1")
        {
            Environment.Exit(Run());
        }
    }

    private static int Run()
    {
        if (!CudaContext.TryCreate(0, out CudaContext? gpu, out string? reason))
        {
            Console.WriteLine($"no device: {reason}");
            return 3;
        }

        KernelDescriptor kernel = new(new GpuModule("StickyFaultProbe", Source), "write_null", "StickyFaultProbe.WriteNull", usesBarriers: false, parameterCount: 1);
        gpu.Launch(kernel, new LaunchConfig(1, 1), BitConverter.GetBytes(7));
        Console.WriteLine("launch: ok (asynchronous)");
        Report("synchronize", gpu.Synchronize);
        Report("later call", () => gpu.Allocate<int>(4).Dispose());
        Report("dispose", gpu.Dispose);
        return 0;
    }

    private static void Report(string step, Action call)
    {
        try
        {
            call();
            Console.WriteLine($"{step}: ok");
        }
        catch (CudaException e)
        {
            Console.WriteLine($"{step}: {e.ErrorName}: {e.Message}");
        }
    }
}
