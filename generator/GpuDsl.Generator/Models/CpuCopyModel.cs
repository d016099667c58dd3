namespace GpuDsl.Generator.Models;

/// <summary>
/// A GPU method's checked copy for the CPU backend (checked mode, see <c>CpuCopyRewriter</c>), and what it needs to
/// compile as the original does: the using directives of its file and the namespaces and types around it.
/// </summary>
/// <param name="FilePath">The C# file, as the compilation names it: the copy's <c>#line</c> directive points there, and
/// the copies of one file go into one generated file, under that file's using directives.</param>
/// <param name="Position">Where the method starts in its file, to keep the copies in source order.</param>
/// <param name="FileUsings">The file's own <c>extern alias</c> and <c>using</c> directives (not global ones), one per line.</param>
/// <param name="Namespaces">The namespace declarations around the method, outermost first.</param>
/// <param name="Type">The type that declares the method, reopened as a partial to hold the copy.</param>
/// <param name="Method">The copy, from its <c>#line</c> directive to its closing brace.</param>
internal sealed record CpuCopyModel(
    string FilePath, int Position, string FileUsings, EquatableArray<NamespaceScopeModel> Namespaces, ContainingTypeModel Type, string Method);

/// <summary>A namespace declaration around a copied method, with the directives it holds.</summary>
/// <param name="Name">The name as declared, e.g. <c>MyApp.Kernels</c>.</param>
/// <param name="Usings">Its own <c>extern alias</c> and <c>using</c> directives, one per line.</param>
internal sealed record NamespaceScopeModel(string Name, string Usings);
