using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GpuDsl.Generator.Models;

/// <summary>
/// A source location as a tree and a span. The tree is kept (as ComputeSharp does) so the IDE can underline the exact
/// span; it is only compared by reference, and models on the output branch carry no diagnostics, so an edit that moves
/// a diagnostic regenerates no source.
/// </summary>
internal sealed record LocationInfo(SyntaxTree? Tree, TextSpan Span)
{
    public static LocationInfo From(SyntaxNode node) => new(node.SyntaxTree, node.Span);

    public static LocationInfo From(SyntaxToken token) => new(token.SyntaxTree, token.Span);

    public static LocationInfo From(Location location) => new(location.SourceTree, location.SourceSpan);

    public Location ToLocation() => Tree is null ? Location.None : Location.Create(Tree, Span);
}
