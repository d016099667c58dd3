using GpuDsl.Interop;

namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Every CUDA module the generator's snapshot tests accepted (tests/GpuDsl.Generator.Tests/Snapshots/*.verified.cu)
/// compiles with NVRTC for this device: a snapshot NVRTC rejects is a generator bug that a green C# build would hide.
/// </summary>
public sealed class SnapshotNvrtcTests(Backends backends)
{
    private static string SnapshotDirectory => Path.Combine(AppContext.BaseDirectory, "GeneratorSnapshots");

    [Fact]
    public void The_generator_snapshots_are_copied_beside_the_tests()
    {
        // Guards the test below against passing on an empty folder (a renamed snapshot directory, a broken copy).
        Assert.True(Directory.Exists(SnapshotDirectory), $"{SnapshotDirectory} is missing");
        Assert.True(Directory.GetFiles(SnapshotDirectory, "*.verified.cu").Length >= 30,
            $"expected the generator's CUDA snapshots in {SnapshotDirectory}");
    }

    [CudaFact]
    public void Every_CUDA_snapshot_of_the_generator_compiles_with_NVRTC()
    {
        CudaContext gpu = backends.RequireCudaCompiler();
        DeviceInfo device = gpu.Device;
        List<string> failures = [];
        foreach (string file in Directory.GetFiles(SnapshotDirectory, "*.verified.cu").Order(StringComparer.Ordinal))
        {
            GpuModule module = new(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file));
            try
            {
                NvrtcCompiler.Compile(module, device.ComputeCapabilityMajor, device.ComputeCapabilityMinor, new CompilationCache(directory: null));
            }
            catch (KernelCompilationException e)
            {
                failures.Add($"{Path.GetFileName(file)}:\n{e.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} snapshot(s) rejected by NVRTC:\n\n{string.Join("\n\n", failures)}");
    }
}
