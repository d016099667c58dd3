using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Incremental;

/// <summary>
/// What translating a GPU method can see of a compilation beyond the file it is in: every file's declarations (its
/// tokens outside the bodies of methods and outside top-level statements, with the preprocessor directives between
/// them), each file's parse options, the compilation's options and its references. Two compilations with equal
/// declarations differ at most inside method bodies and top-level statements, which the translation of a method in
/// another file never reads: it sees other methods through their signatures and attributes, structs through their
/// fields and constructors (whose bodies are declarations here), and constant tables through their properties' bodies
/// (declarations here too: only method bodies are left out).
/// </summary>
/// <remarks>
/// Memoized per compilation and per file, so after an edit only the edited file is walked, and that walk skips method
/// bodies. Comparing is by reference for the files that did not change.
/// </remarks>
internal sealed class CompilationDeclarations : IEquatable<CompilationDeclarations>
{
    private static readonly ConditionalWeakTable<Compilation, CompilationDeclarations> s_byCompilation = new();
    private static readonly ConditionalWeakTable<SyntaxTree, FileDeclarations> s_byFile = new();

    private readonly FileDeclarations[] _files;
    private readonly MetadataReference[] _references;
    private readonly CompilationOptions _options;
    private readonly string? _assemblyName;
    private readonly int _hash;

    private CompilationDeclarations(Compilation compilation)
    {
        _files = compilation.SyntaxTrees.Select(t => s_byFile.GetValue(t, static tree => new FileDeclarations(tree))).ToArray();
        _references = compilation.References.ToArray();
        _options = compilation.Options;
        _assemblyName = compilation.AssemblyName;
        _hash = _files.Aggregate(_files.Length, (hash, file) => (hash * 31) + file.GetHashCode());
    }

    /// <summary>The declarations of <paramref name="compilation"/>, computed once per compilation.</summary>
    public static CompilationDeclarations Of(Compilation compilation) =>
        s_byCompilation.GetValue(compilation, static c => new CompilationDeclarations(c));

    public bool Equals(CompilationDeclarations? other) =>
        other is not null &&
        (ReferenceEquals(this, other) ||
         (_hash == other._hash &&
          _files.SequenceEqual(other._files) &&
          _references.SequenceEqual(other._references, ReferenceEqualityComparer.Instance) &&
          _assemblyName == other._assemblyName &&
          _options.Equals(other._options)));

    public override bool Equals(object? obj) => Equals(obj as CompilationDeclarations);

    public override int GetHashCode() => _hash;

    /// <summary>One file's declarations, as text: its tokens outside method bodies and top-level statements, space-separated.</summary>
    private sealed class FileDeclarations : IEquatable<FileDeclarations>
    {
        private readonly string _text;
        private readonly ParseOptions _options;
        private readonly int _hash;

        public FileDeclarations(SyntaxTree tree)
        {
            StringBuilder text = new();
            SyntaxNode root = tree.GetRoot();
            if (root is CompilationUnitSyntax unit && unit.Members.Any(m => m is GlobalStatementSyntax))
            {
                text.Append("<top-level statements> "); // they make a Program class, whatever they say
            }

            foreach (SyntaxToken token in root.DescendantTokens(static node => !IsBody(node)))
            {
                AppendDirectives(text, token.LeadingTrivia);
                text.Append(token.Text).Append(' ');
                AppendDirectives(text, token.TrailingTrivia);
            }

            _text = text.ToString();
            _options = tree.Options;
            _hash = _text.GetHashCode();
        }

        public bool Equals(FileDeclarations? other) =>
            other is not null &&
            (ReferenceEquals(this, other) || (_hash == other._hash && _text == other._text && _options.Equals(other._options)));

        public override bool Equals(object? obj) => Equals(obj as FileDeclarations);

        public override int GetHashCode() => _hash;

        /// <summary>
        /// A top-level statement, or the body of a method that is not partial: what a one-line edit usually changes,
        /// and what no other method's translation reads. A partial method's implementation stays a declaration, to be
        /// safe, and so do the bodies of constructors, which the translation of a <c>new P(...)</c> reads.
        /// </summary>
        private static bool IsBody(SyntaxNode node) =>
            node is GlobalStatementSyntax ||
            (node.Parent is MethodDeclarationSyntax method &&
             (node == method.Body || node == method.ExpressionBody) &&
             !method.Modifiers.Any(SyntaxKind.PartialKeyword));

        private static void AppendDirectives(StringBuilder text, SyntaxTriviaList trivia)
        {
            foreach (SyntaxTrivia directive in trivia.Where(t => t.IsDirective))
            {
                text.Append(directive.ToString()).Append('\n');
            }
        }
    }

    /// <summary>Compares references by identity: the IDE keeps the same reference objects from one edit to the next.</summary>
    private sealed class ReferenceEqualityComparer : IEqualityComparer<MetadataReference>
    {
        public static readonly ReferenceEqualityComparer Instance = new();

        public bool Equals(MetadataReference? x, MetadataReference? y) => ReferenceEquals(x, y);

        public int GetHashCode(MetadataReference obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
