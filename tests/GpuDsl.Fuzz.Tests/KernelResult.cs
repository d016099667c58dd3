using System.Globalization;
using System.Text;

namespace GpuDsl.Fuzz.Tests;

/// <summary>What went wrong with a kernel that compiled in C#.</summary>
internal enum FailureKind
{
    /// <summary>Plain C# threw: the kernel writer produced code with undefined input (a fuzzer bug).</summary>
    ReferenceThrew,

    /// <summary>The CPU backend threw.</summary>
    CpuThrew,

    /// <summary>The CPU backend computed something else than plain C#.</summary>
    CpuDiffers,

    /// <summary>NVRTC rejected the generated CUDA of a kernel the generator accepted.</summary>
    NvrtcFailed,

    /// <summary>The CUDA launch threw.</summary>
    CudaThrew,

    /// <summary>CUDA computed something else than plain C#.</summary>
    CudaDiffers,
}

/// <summary>One kernel's run: its compilation, inputs, the outputs of each backend, and its failures.</summary>
internal sealed class KernelResult(KernelCompilation compilation)
{
    private const int ShownDifferences = 6;

    private readonly List<(FailureKind Kind, string? Detail)> _failures = [];

    public KernelCompilation Compilation { get; } = compilation;

    public GeneratedKernel Kernel => Compilation.Kernel;

    public string? CudaSource { get; set; }

    public Array? A { get; set; }

    public Array? B { get; set; }

    public Array? Expected { get; set; }

    public Array? Cpu { get; set; }

    public Array? Cuda { get; set; }

    public IReadOnlyList<(FailureKind Kind, string? Detail)> Failures => _failures;

    /// <summary>Whether this kernel needs a reproduction: a failure, or a C# error in what the fuzzer or the generator wrote.</summary>
    public bool IsFailure => _failures.Count > 0 || Compilation.Status is KernelStatus.CSharpError or KernelStatus.GeneratedCSharpError;

    public void Fail(FailureKind kind, string? detail) => _failures.Add((kind, detail));

    /// <summary>Everything needed to see the failure again: how to rerun it, the C#, the CUDA, the inputs and the three outputs.</summary>
    public string Reproduction()
    {
        StringBuilder text = new();
        string what = _failures.Count > 0
            ? string.Join(", ", _failures.Select(f => f.Kind))
            : Compilation.Status.ToString();
        text.Append(CultureInfo.InvariantCulture, $"=== {Kernel}: {what} ===\n");
        text.Append(Kernel.HandWrittenAs is { } where
            ? $"{where}\n"
            : string.Create(CultureInfo.InvariantCulture, $"rerun: GPUDSL_FUZZ_SEED={Kernel.Seed} GPUDSL_FUZZ_FIRST={Kernel.Index} GPUDSL_FUZZ_COUNT=1\n"));
        text.Append(CultureInfo.InvariantCulture, $"--- C# ({Kernel.FileName})\n{Kernel.Source}");
        foreach (FuzzDiagnostic diagnostic in Compilation.Diagnostics)
        {
            text.Append(CultureInfo.InvariantCulture, $"--- diagnostic: {diagnostic.Full}\n");
        }

        foreach ((FailureKind kind, string? detail) in _failures.Where(f => f.Detail is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"--- {kind}:\n{detail}\n");
        }

        if (CudaSource is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"--- CUDA\n{CudaSource}\n");
        }

        if (Expected is not null && A is not null && B is not null)
        {
            text.Append("--- differences (index: x, y -> C#, CPU backend, CUDA)\n");
            int shown = 0;
            for (int i = 0; i < Expected.Length && shown < ShownDifferences; i++)
            {
                object expected = Expected.GetValue(i)!;
                bool cpuDiffers = Cpu is not null && !SameBoxed(expected, Cpu.GetValue(i)!);
                bool cudaDiffers = Cuda is not null && !SameBoxed(expected, Cuda.GetValue(i)!);
                if (cpuDiffers || cudaDiffers)
                {
                    shown++;
                    text.Append(CultureInfo.InvariantCulture,
                        $"[{i}] {Format(A.GetValue(i)!)}, {Format(B.GetValue(i)!)} -> {Format(expected)}, {Format(Cpu?.GetValue(i))}{(cpuDiffers ? " (differs)" : "")}, {Format(Cuda?.GetValue(i))}{(cudaDiffers ? " (differs)" : "")}\n");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>A value with its bits, so that -0 and NaN payloads show.</summary>
    public static string Format(object? value) => value switch
    {
        null => "(not run)",
        float f => $"{f.ToString("R", CultureInfo.InvariantCulture)} (0x{BitConverter.SingleToUInt32Bits(f):X8})",
        double d => $"{d.ToString("R", CultureInfo.InvariantCulture)} (0x{BitConverter.DoubleToUInt64Bits(d):X16})",
        Half h => $"{((float)h).ToString("R", CultureInfo.InvariantCulture)} (0x{BitConverter.HalfToUInt16Bits(h):X4})",
        BFloat16 h => $"{((float)h).ToString("R", CultureInfo.InvariantCulture)} (0x{BFloat16.BFloat16ToUInt16Bits(h):X4})",
        bool b => $"{b} (0x{FuzzRun.Bits(b):X2})",
        IFormattable n => $"{n.ToString(null, CultureInfo.InvariantCulture)} (0x{n.ToString("X", CultureInfo.InvariantCulture)})",
        _ => value.ToString()!,
    };

    private static bool SameBoxed(object x, object y) => x switch
    {
        float f => FuzzRun.Same(f, (float)y),
        double d => FuzzRun.Same(d, (double)y),
        Half h => FuzzRun.Same(h, (Half)y),
        BFloat16 h => FuzzRun.Same(h, (BFloat16)y),
        bool b => FuzzRun.Same(b, (bool)y),
        _ => x.Equals(y),
    };
}
