using System.Collections.Immutable;
using System.Linq;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Translation;
using Microsoft.CodeAnalysis.CSharp;

namespace GpuDsl.Generator.Emit;

/// <summary>
/// Writes the loop forms of kernels with barriers (see <see cref="CpuLoopFormRewriter"/>): one generated file per C#
/// file, each loop form in a partial of its kernel's type, as <see cref="CpuCopyEmitter"/> writes the checked copies.
/// </summary>
internal static class CpuLoopFormEmitter
{
    /// <summary>
    /// The files to generate: the checked loop forms in checked mode, the others otherwise; none while any GPU method
    /// has an error (a checked loop form calls the checked copies, which are then missing).
    /// </summary>
    public static ImmutableArray<CpuCopyFileModel> Files(ImmutableArray<FunctionModel> kernels, ImmutableArray<FunctionModel> devices, bool isChecked) =>
        CpuCopyEmitter.AnyErrors(kernels, devices)
            ? ImmutableArray<CpuCopyFileModel>.Empty
            : CpuCopyEmitter.ByFile(kernels.Concat(devices).Select(k => k.CpuLoop).OfType<CpuLoopModel>().Select(l => isChecked ? l.Checked : l.Unchecked), "CpuLoop");

    /// <summary>The generated C# of one file of loop forms.</summary>
    public static string Emit(CpuCopyFileModel file) => CpuCopyEmitter.Emit(file, new[]
    {
        $"// The kernels of {file.FileName} that call Gpu.SyncThreads() or warp collectives, in the loop form the CPU backend",
        "// runs them in: each is an iterator whose barriers and collectives are 'yield return's, so that one OS thread runs a",
        "// whole block, advancing each of its threads to the next one in turn (see GpuDsl.Cpu.CpuLoopForm). #line directives",
        $"// map each to its kernel's lines in {file.FileName}. Edit the C#, not this file.",
    });

    /// <summary>A C# string literal of <paramref name="text"/>.</summary>
    public static string Literal(string text) =>
        SymbolDisplay.FormatLiteral(text, quote: true);
}
