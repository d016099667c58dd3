using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Syntax;

/// <summary>Which parameter an argument of a call gives: the one it names, else the one at its position.</summary>
internal static class CallArguments
{
    /// <summary>
    /// The parameter <paramref name="argument"/>, written at <paramref name="position"/>, stands for; <see langword="null"/>
    /// when it names none of <paramref name="parameters"/> or is past the last.
    /// </summary>
    public static IParameterSymbol? Parameter(ArgumentSyntax argument, int position, ImmutableArray<IParameterSymbol> parameters) =>
        argument.NameColon is { } name
            ? parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText)
            : position < parameters.Length ? parameters[position] : null;
}
