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

    /// <summary>Elements of the arrays of each of <paramref name="method"/>'s type parameters (by ordinal), which the type
    /// arguments' sizes turn into bytes.</summary>
    public IEnumerable<int> ElementsOfTypeParameters(IMethodSymbol method) => method.TypeParameters.Select(
        t => _arrays.Where(a => SymbolEqualityComparer.Default.Equals(a.Element, t)).Sum(a => a.Count));

    /// <summary>Bytes of the arrays with <paramref name="method"/>'s type parameters standing for <paramref name="arguments"/>.</summary>
    public int StaticBytesFor(IMethodSymbol method, IReadOnlyList<ITypeSymbol> arguments) =>
        _arrays.Sum(a => a.Count * CudaTypeMap.Layout(
            a.Element is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method, Ordinal: var i } && i < arguments.Count ? arguments[i] : a.Element).Size);
}
