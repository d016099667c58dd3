using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// The <c>__shared__</c> arrays one function declares, by element type and count, and the bytes they take: a launch
/// needs the sum, and a generic kernel's instance counts the arrays of its type parameter at its type argument's size.
/// </summary>
internal sealed class SharedArrays
{
    private readonly List<(ITypeSymbol Element, int Count)> _arrays = new();

    /// <summary>Records an array of <paramref name="count"/> elements of <paramref name="element"/>.</summary>
    public void Add(ITypeSymbol element, int count) => _arrays.Add((element, count));

    /// <summary>Bytes of the arrays; arrays of a type parameter count 0.</summary>
    public int StaticBytes => _arrays.Sum(a => a.Count * CudaTypeMap.Layout(a.Element).Size);

    /// <summary>Elements of the arrays of a type parameter, which a type argument's size turns into bytes.</summary>
    public int ElementsOfTypeParameter => _arrays.Where(a => a.Element is ITypeParameterSymbol).Sum(a => a.Count);

    /// <summary>Bytes of the arrays with <paramref name="parameter"/> standing for <paramref name="argument"/>.</summary>
    public int StaticBytesFor(ITypeParameterSymbol parameter, ITypeSymbol argument) =>
        _arrays.Sum(a => a.Count * CudaTypeMap.Layout(SymbolEqualityComparer.Default.Equals(a.Element, parameter) ? argument : a.Element).Size);
}
