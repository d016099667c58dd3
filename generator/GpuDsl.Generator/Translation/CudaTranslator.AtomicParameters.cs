using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Atomics on a <c>ref</c> parameter of a <c>[Device]</c> method, CUDA's <c>atomicInc(unsigned *p, ...)</c> helpers
/// (<c>static void Bump(ref int c) => Gpu.AtomicAdd(ref c, 1);</c>): the parameter is a C++ reference, so the atomic
/// reaches whatever the caller passed. That must be memory, so the rule moves to the call: a <c>ref</c> argument for a
/// parameter the method updates atomically (itself, or by passing it on to another such method) must be a span element,
/// a field of one, a <c>ref</c> local bound to either, a <c>DeviceGlobal&lt;T&gt;</c>'s <c>Value</c>, or such a parameter
/// of the calling method; a register is GPU0021 at the argument.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>Reports, at the call, each <c>ref</c> argument that is a register where the callee updates the parameter atomically.</summary>
    private void CheckAtomicReferenceArguments(InvocationExpressionSyntax node, IMethodSymbol method)
    {
        foreach (ArgumentSyntax argument in node.ArgumentList.Arguments)
        {
            if (!argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) ||
                CallArguments.Parameter(argument, node.ArgumentList.Arguments.IndexOf(argument), method.Parameters) is not { } parameter ||
                !IsAtomicTarget(parameter, new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default)) ||
                IsSpanMemory(argument.Expression) || IsInDeviceGlobal(argument.Expression))
            {
                continue;
            }

            Report(DiagnosticDescriptors.AtomicTargetNotMemory, LocationInfo.From(argument.Expression), argument.Expression.ToString(),
                $" ('{method.Name}' updates its parameter 'ref {parameter.Type.ToDisplayString()} {parameter.Name}' atomically)");
        }
    }

    /// <summary>
    /// Whether a <c>ref</c> parameter of a <c>[Device]</c> method is the target of an atomic in its body, directly or
    /// through a call that passes it on by <c>ref</c> to another method's such parameter.
    /// </summary>
    private bool IsAtomicTarget(IParameterSymbol parameter, HashSet<IParameterSymbol> seen)
    {
        if (parameter.RefKind != RefKind.Ref || !seen.Add(parameter) ||
            parameter.ContainingSymbol is not IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 } owner)
        {
            return false;
        }

        SyntaxNode body = owner.DeclaringSyntaxReferences[0].GetSyntax();
        SemanticModel model = body.SyntaxTree == _model.SyntaxTree ? _model : _model.Compilation.GetSemanticModel(body.SyntaxTree);
        foreach (InvocationExpressionSyntax call in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol callee)
            {
                continue;
            }

            for (int i = 0; i < call.ArgumentList.Arguments.Count; i++)
            {
                ArgumentSyntax argument = call.ArgumentList.Arguments[i];
                if (!argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) ||
                    !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(argument.Expression).Symbol, parameter))
                {
                    continue;
                }

                bool atomic = i == 0 && CudaIntrinsicKinds.Of(callee) == IntrinsicKind.Atomic;
                if (atomic || (CallArguments.Parameter(argument, i, callee.Parameters) is { } next && IsAtomicTarget(next, seen)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
