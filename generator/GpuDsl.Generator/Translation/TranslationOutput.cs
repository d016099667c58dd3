using System;
using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// What translating one GPU method finds beside its CUDA text: the sink every <see cref="CudaTranslator"/> of that
/// method writes into, its own and the nested ones that translate the struct constructors and members it calls, so
/// that nothing a nested translator finds has to be merged back by hand (as ComputeSharp injects its sinks).
/// </summary>
internal sealed class TranslationOutput
{
    /// <summary>What is wrong with the method, in the order found.</summary>
    public List<DiagnosticInfo> Diagnostics { get; } = new();

    /// <summary>CUDA names of the <c>[Device]</c> functions it calls.</summary>
    public SortedSet<string> Callees { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of the prelude helpers it uses (see <c>CudaPrelude</c>).</summary>
    public SortedSet<string> Helpers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The files whose syntax the translation read for the struct constructors it calls and the constant tables it reads,
    /// which may be other than the method's own: the translation is only as current as they are.
    /// </summary>
    public HashSet<SyntaxTree> FilesRead { get; } = new();

    /// <summary>Whether it calls a block barrier or a warp collective, so the CPU backend must run a block's threads at once.</summary>
    public bool UsesBarriers { get; set; }

    /// <summary>Whether it calls <c>Gpu.SyncGrid()</c>, so its kernels need a cooperative launch.</summary>
    public bool UsesGridSync { get; set; }

    /// <summary>The struct constructors and members it calls, translated, by CUDA name.</summary>
    public SortedDictionary<string, ConstructorModel> Constructors { get; } = new(StringComparer.Ordinal);

    /// <summary>The constant tables it reads, by CUDA name; <see langword="null"/> for a table that was rejected.</summary>
    public Dictionary<string, ConstantTableModel?> ConstantTables { get; } = new(StringComparer.Ordinal);

    /// <summary>The device globals and constant arrays it uses, by CUDA name; <see langword="null"/> for one that was rejected.</summary>
    public Dictionary<string, DeviceGlobalModel?> Globals { get; } = new(StringComparer.Ordinal);

    /// <summary>The constant tables it reads, in name order.</summary>
    public IEnumerable<ConstantTableModel> TablesInOrder =>
        ConstantTables.Values.OfType<ConstantTableModel>().OrderBy(t => t.CudaName, StringComparer.Ordinal);

    /// <summary>The device globals and constant arrays it uses, in name order.</summary>
    public IEnumerable<DeviceGlobalModel> GlobalsInOrder =>
        Globals.Values.OfType<DeviceGlobalModel>().OrderBy(g => g.CudaName, StringComparer.Ordinal);
}
