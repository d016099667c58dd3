using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// The operands of the tensor-core intrinsics that C#'s types cannot check and NVRTC or the GPU would get wrong (GPU0040):
/// <c>cp.async.wait_group</c> takes its count as an immediate, and <c>ldmatrix</c> and <c>cp.async</c> address shared
/// memory through a shared-window address (<c>__cvta_generic_to_shared</c>), which a span of global memory turns into
/// garbage without an error.
/// </summary>
internal sealed partial class CudaTranslator
{
    private void CheckTensorCoreOperands(InvocationExpressionSyntax node, IMethodSymbol method, string template)
    {
        if (!template.Contains(CudaPrelude.Mma + "_"))
        {
            return;
        }

        SeparatedSyntaxList<ArgumentSyntax> arguments = node.ArgumentList.Arguments;
        for (int i = 0; i < arguments.Count; i++)
        {
            ExpressionSyntax operand = arguments[i].Expression;
            string call = $"Gpu.{method.Name}'s operand '{operand}'";
            string? why = CallArguments.Parameter(arguments[i], i, method.Parameters)?.Name switch
            {
                "groupsInFlight" when !_model.GetConstantValue(operand).HasValue =>
                    "cp.async.wait_group takes the number of groups as an immediate, so it must be a constant (a literal or a const); to wait for a number known only at run time, branch to calls with constants",
                "shared" when IsKernelSpanParameter(operand) =>
                    "this span parameter of the kernel is global memory, and the instruction reads or writes shared memory; pass a span from Gpu.Shared<T>(n) (or Gpu.DynamicShared<T>())",
                "global" when IsSharedSpanLocal(operand) =>
                    "this span is shared memory, and cp.async copies from global memory; pass a span parameter of the kernel (or a slice of one)",
                _ => null,
            };
            if (why is not null)
            {
                Report(DiagnosticDescriptors.TensorCoreOperand, LocationInfo.From(operand), call, why);
            }
        }
    }

    /// <summary>Whether <paramref name="operand"/> names a span parameter of a <c>[Kernel]</c> method, which is global memory.</summary>
    private bool IsKernelSpanParameter(ExpressionSyntax operand) =>
        _model.GetSymbolInfo(operand).Symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol owner } && KnownNames.IsKernel(owner);

    /// <summary>Whether <paramref name="operand"/> names a local declared from <c>Gpu.Shared&lt;T&gt;(n)</c> or <c>Gpu.DynamicShared&lt;T&gt;()</c>.</summary>
    private bool IsSharedSpanLocal(ExpressionSyntax operand) =>
        _model.GetSymbolInfo(operand).Symbol is ILocalSymbol local &&
        local.DeclaringSyntaxReferences.Length == 1 &&
        local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: InvocationExpressionSyntax initializer } &&
        _model.GetSymbolInfo(initializer).Symbol is IMethodSymbol created &&
        IntrinsicTemplate(created) is SharedTemplate or DynamicSharedTemplate;

    private bool? _usesTensorCores;

    /// <summary>
    /// <c>__align__(16) </c> for the shared arrays of a method that uses the tensor-core intrinsics, itself or through
    /// the <c>[Device]</c> methods it calls: <c>cp.async</c> of 16 bytes and <c>ldmatrix</c> need 16-byte aligned
    /// addresses, which CUDA gives an array of <c>__half</c> or <c>float</c> only when asked.
    /// </summary>
    private string SharedAlignment()
    {
        _usesTensorCores ??= DeviceCalls.Reach(_model.Compilation, _method,
            target => CudaIntrinsicKinds.Template(target)?.Contains(CudaPrelude.Mma + "_") == true);
        return _usesTensorCores.Value ? "__align__(16) " : "";
    }
}
