namespace GpuDsl.Generator.Tests;

/// <summary>
/// Kernels and device functions with several type parameters (issue 15): a C++ template with one <c>typename</c> per
/// parameter, an entry point per instance named for each argument, a launcher generic in all of them.
/// </summary>
public sealed partial class TranslationTests
{
    private const string ConvertKernels = """
        using System;
        using System.Numerics;
        using GpuDsl;

        public static partial class Kernels
        {
            [Device]
            static TOut Widen<TIn, TOut>(TIn x) where TIn : unmanaged, INumber<TIn> where TOut : unmanaged, INumber<TOut> =>
                TOut.CreateTruncating(x);

            [Kernel(typeof((short, long)))]
            public static void Convert<TIn, TOut>(ReadOnlySpan<TIn> a, Span<TOut> b, TOut scale)
                where TIn : unmanaged, INumber<TIn> where TOut : unmanaged, INumber<TOut>
            {
                Span<TIn> staged = Gpu.Shared<TIn>(32);
                Span<TOut> results = Gpu.Shared<TOut>(16);
                int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
                if (i < a.Length) staged[Gpu.ThreadIdx.X % 32] = a[i];
                Gpu.SyncThreads();
                results[Gpu.ThreadIdx.X % 16] = Widen<TIn, TOut>(staged[Gpu.ThreadIdx.X % 32]) * scale;
                if (i < b.Length) b[i] = results[Gpu.ThreadIdx.X % 16];
            }

            public static void Run(DeviceBuffer<float> f, DeviceSpan<double> d, DeviceBuffer<int> n, DeviceSpan<byte> bytes)
            {
                Launch(1, 32).Convert(f, d, 2.0);              // both inferred: (float, double), a buffer for the first span
                Launch(1, 32).Convert(n, f, 1f);               // both buffers: (int, float)
                Launch(1, 32).Convert<double, float>(d, f, 1); // written
                Launch(1, 32).Convert(bytes, n.AsSpan(), 3);   // (byte, int)
            }
        }
        """;

    [Fact]
    public void Kernels_with_several_type_parameters_get_an_entry_point_per_listed_and_launched_instance()
    {
        GeneratorRun run = GeneratorHarness.Run(ConvertKernels);

        Assert.Empty(run.AllDiagnostics);
        string cuda = run.Cuda();
        Assert.Contains("template <typename TIn, typename TOut>", cuda);
        foreach (string entry in new[] { "Kernels_Convert_i16_i64(", "Kernels_Convert_f32_f64(", "Kernels_Convert_i32_f32(", "Kernels_Convert_f64_f32(", "Kernels_Convert_u8_i32(" })
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(cuda, "__global__ void " + System.Text.RegularExpressions.Regex.Escape(entry)));
        }

        Assert.Contains("Kernels_Convert<float, double>(", cuda);
        Assert.Contains("Kernels_Widen<TIn, TOut>(", cuda);
        VerifySnapshot(cuda, "cu");
        string launcher = run.Sources["Kernels.Kernels.g.cs"];
        Assert.Contains("if (typeof(TIn) == typeof(float) && typeof(TOut) == typeof(double))", launcher);
        Assert.Contains("public void Convert<TIn, TOut>(global::GpuDsl.DeviceBuffer<TIn> a, global::GpuDsl.DeviceBuffer<TOut> b, TOut scale)", launcher);
        Assert.Contains("staticSharedBytes: 192", launcher);  // 32 shorts and 16 longs for (short, long)
        Assert.Contains("staticSharedBytes: 256", launcher);  // 32 floats and 16 doubles for (float, double)
        Assert.Contains("staticSharedBytes: 96", launcher);   // 32 bytes and 16 ints for (byte, int)
        VerifySnapshot(launcher, "cs", "Kernels.Kernels.g");
    }

    [Fact]
    public void A_wrong_list_entry_or_launch_of_a_kernel_with_several_type_parameters_is_GPU0025_at_its_span()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using System.Numerics;
            using GpuDsl;

            public static partial class Kernels
            {
                [Kernel(typeof(float), typeof((int, string)), typeof((int, long, long)))]
                public static void Copy<TIn, TOut>(ReadOnlySpan<TIn> a, Span<TOut> b)
                    where TIn : unmanaged, INumber<TIn> where TOut : unmanaged, INumber<TOut> =>
                    b[Gpu.ThreadIdx.X] = TOut.CreateTruncating(a[Gpu.ThreadIdx.X]);

                public static void Run(DeviceSpan<bool> flags, DeviceSpan<int> n) => Launch(1, 32).Copy<int, bool>(n, flags);
            }
            """);

        Microsoft.CodeAnalysis.Diagnostic[] found = run.GpuDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(["GPU0025", "GPU0025", "GPU0025", "GPU0025"], found.Select(d => d.Id).ToArray());
        VerifySnapshot(DiagnosticFormatter.Format(found), "txt");
    }

    [Fact]
    public void Kernels_with_several_type_parameters_build_in_checked_mode_with_their_checked_copies()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Compile(("Kernels.cs", ConvertKernels)), checkedKernels: true);

        Assert.Empty(run.AllDiagnostics);
        Assert.Contains("Convert__CpuChecked<TIn, TOut>(", run.Sources["Kernels.CpuChecked.g.cs"]);
        Assert.Contains("Convert__CpuChecked<float, double>(", run.Sources["Kernels.Kernels.g.cs"]);
    }
}
