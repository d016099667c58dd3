using System.Globalization;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// <see cref="Gpu.Printf(string)"/> compiles with NVRTC and runs on the CUDA device, and the CPU backend prints the text C's
/// printf makes. (The GPU's text goes to the process's native stdout, which the test cannot read back; it checks the
/// kernel ran to the end in every thread.)
/// </summary>
public sealed class PrintfKernelTests(Backends backends)
{
    private static readonly object s_console = new();

    [Theory, BackendData]
    public void A_kernel_that_prints_runs_every_thread_to_the_end(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int n = 100;
        using DeviceBuffer<float> x = gpu.Allocate<float>([.. Enumerable.Range(0, n).Select(i => i * 0.25f)]);
        using DeviceBuffer<int> printed = gpu.Allocate<int>(n);
        printed.Clear();

        PrintfKernels.Launch(4, 32).PrintEach(x, printed);

        Assert.Equal(Enumerable.Range(1, n), printed.ToArray());
    }

    [Fact]
    public void The_CPU_backend_prints_each_threads_line_as_C_formats_it()
    {
        const int n = 40;
        string[] lines;
        lock (s_console)
        {
            TextWriter console = Console.Out;
            StringWriter captured = new();
            Console.SetOut(TextWriter.Synchronized(captured));
            try
            {
                GpuContext cpu = backends.Get(Backends.Cpu);
                using DeviceBuffer<float> x = cpu.Allocate<float>([.. Enumerable.Range(0, n).Select(i => i * 0.25f)]);
                using DeviceBuffer<int> printed = cpu.Allocate<int>(n);
                PrintfKernels.Launch(2, 32).PrintEach(x, printed);
                Assert.Equal(Enumerable.Range(1, n), printed.ToArray());
            }
            finally
            {
                Console.SetOut(console);
            }

            lines = [.. captured.ToString().Split('\n').Where(l => l.StartsWith("gpudsl-printf ", StringComparison.Ordinal))];
        }

        string[] expected = [.. Enumerable.Range(0, n).Select(i =>
        {
            double v = i * 0.25;
            string exponent = v == 0 ? "0.000000e+00" : v.ToString("0.000000e+00", CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture,
                $"gpudsl-printf {i,3}|{i.ToString("x", CultureInfo.InvariantCulture),-4}|{i * 1_000_000_000L}|{v:F3}|{exponent}|0.5|{(i % 2 == 0 ? 1 : 0)}|%");
        })];
        Assert.Equal(expected.Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
    }
}
