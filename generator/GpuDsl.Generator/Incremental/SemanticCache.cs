using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GpuDsl.Generator.Incremental;

/// <summary>
/// Results of semantic work on one syntax node (translating a method, checking a launch), kept from one generator run
/// to the next while they cannot have changed: the node's file is the same syntax tree, every other file the result
/// read or points into is still in the compilation unchanged, and the compilation's declarations are equal.
/// </summary>
/// <remarks>
/// The incremental pipeline cannot do this alone: a syntax provider's transform reruns for every node of every file
/// whenever the compilation changes, because its semantic model is new, so each keystroke would bind and translate
/// every kernel of the project again. Entries live as long as their node's syntax tree and hold no compilation or
/// semantic model. A tree in two compilations whose declarations differ (two target frameworks, say) is translated
/// again for each, never mixed up.
/// </remarks>
/// <typeparam name="T">The result, compared by value downstream.</typeparam>
internal sealed class SemanticCache<T>
{
    private readonly ConditionalWeakTable<SyntaxTree, Dictionary<TextSpan, Entry>> _byFile = new();

    /// <summary>
    /// The result for <paramref name="node"/>: reused, or computed by <paramref name="compute"/>, which also adds to
    /// its set every file other than the node's own whose text the result depends on (where it read a constructor, or
    /// where a diagnostic points).
    /// </summary>
    public T GetOrAdd(
        SyntaxNode node, SemanticModel model, Func<SemanticModel, SyntaxNode, ISet<SyntaxTree>, CancellationToken, T> compute,
        CancellationToken cancellationToken)
    {
        Compilation compilation = model.Compilation;
        CompilationDeclarations declarations = CompilationDeclarations.Of(compilation);
        Dictionary<TextSpan, Entry> entries = _byFile.GetValue(node.SyntaxTree, static _ => new Dictionary<TextSpan, Entry>());
        lock (entries)
        {
            if (entries.TryGetValue(node.Span, out Entry? entry) && entry.IsValidIn(compilation, declarations))
            {
                return entry.Result;
            }
        }

        HashSet<SyntaxTree> files = new();
        T result = compute(model, node, files, cancellationToken);
        files.Remove(node.SyntaxTree);
        lock (entries)
        {
            entries[node.Span] = new Entry(result, declarations, files);
        }

        return result;
    }

    private sealed class Entry(T result, CompilationDeclarations declarations, HashSet<SyntaxTree> files)
    {
        public T Result => result;

        public bool IsValidIn(Compilation compilation, CompilationDeclarations current)
        {
            if (!declarations.Equals(current))
            {
                return false;
            }

            foreach (SyntaxTree file in files)
            {
                if (!compilation.ContainsSyntaxTree(file))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
