using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation
{
    /// <summary>What a GPU method reaches through the <c>[Device]</c> methods it calls, directly or through others.</summary>
    internal static class DeviceCalls
    {
        /// <summary>
        /// Whether <paramref name="method"/>'s body, or that of a <c>[Device]</c> method it calls (transitively), calls a
        /// method for which <paramref name="matches"/> is true. Extension calls count as their static method; each method
        /// is read once, so recursion ends.
        /// </summary>
        public static bool Reach(Compilation compilation, IMethodSymbol method, Func<IMethodSymbol, bool> matches) =>
            Reach(compilation, method, matches, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

        private static bool Reach(Compilation compilation, IMethodSymbol method, Func<IMethodSymbol, bool> matches, HashSet<IMethodSymbol> seen)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (!seen.Add(method))
            {
                return false;
            }

            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax();
                SemanticModel model = compilation.GetSemanticModel(syntax.SyntaxTree);
                foreach (InvocationExpressionSyntax call in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (model.GetSymbolInfo(call).Symbol is IMethodSymbol target &&
                        (matches(target) || (KnownNames.IsDevice((target.ReducedFrom ?? target).OriginalDefinition) && Reach(compilation, target, matches, seen))))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
