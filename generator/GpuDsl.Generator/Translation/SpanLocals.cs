using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// What each span local of the function being translated is in CUDA: a span local becomes a pointer and a length, a 2D
/// span local a pointer and a shape, so every later use needs what its declaration wrote.
/// </summary>
internal sealed class SpanLocals
{
    /// <summary>The CUDA length expression of each span local: a constant, or its <c>name_length</c> variable.</summary>
    public Dictionary<ILocalSymbol, string> Lengths { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Span locals whose declaration was reported (GPU0019, GPU0020...): their uses are not reported again.</summary>
    public HashSet<ILocalSymbol> Rejected { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Span parameters and locals the method assigns again, found on first need.</summary>
    public HashSet<ISymbol>? Reassigned { get; set; }

    /// <summary>The shape of each 2D span local: names or constants.</summary>
    public Dictionary<ILocalSymbol, CudaTranslator.Shape2D> Shapes2D { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>The CUDA names of each 3D span local (a <c>Gpu.Shared3D</c> block): its array, then its slices, rows,
    /// columns and pitch as constants.</summary>
    public Dictionary<ILocalSymbol, string[]> Shapes3D { get; } = new(SymbolEqualityComparer.Default);
}
