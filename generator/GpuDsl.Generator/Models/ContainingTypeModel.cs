namespace GpuDsl.Generator.Models;

/// <summary>
/// The type that declares GPU methods, with the chain of types around it, so the emitter can reopen it as a partial.
/// </summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="Declarations">Outermost first: each as written before the name, e.g. <c>static partial class</c>, plus the name.</param>
/// <param name="FullName">The C# name for messages and hint names, e.g. <c>MyApp.Outer.VectorKernels</c>.</param>
/// <param name="QualifiedName">The name as C# code can always refer to it: <c>global::MyApp.Outer.VectorKernels</c>.</param>
/// <param name="IsPartial">Whether every type of the chain is partial and none is file-local; if not, GPU0003 or GPU0036 is reported and no launcher is emitted.</param>
/// <param name="IsVisibleToAssembly">
/// Whether code anywhere in the assembly can name the type (no private, protected or file-local type in the chain, none
/// generic), so a module initializer outside it can register its CUDA for compiling ahead.
/// </param>
internal sealed record ContainingTypeModel(
    string Namespace, EquatableArray<TypeDeclarationModel> Declarations, string FullName, string QualifiedName, bool IsPartial, bool IsVisibleToAssembly)
{
    /// <summary>The innermost type's simple name.</summary>
    public string Name => Declarations[Declarations.Length - 1].Name;
}

/// <summary>One type declaration of the chain: its keyword (<c>class</c>, <c>struct</c>, <c>record</c>...) and name.</summary>
internal sealed record TypeDeclarationModel(string Modifiers, string Keyword, string Name, string TypeParameters);
