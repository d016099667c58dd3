using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// A <c>ref</c> local bound straight to an element of a new shared array, ILGPU's shared variable
/// (<c>ref int count = ref Gpu.Shared&lt;int&gt;(1)[0];</c>): the array is declared under the local's name plus
/// <c>_shared</c> (<c>__shared__ int count_shared[1];</c>) and the local is a reference to the element, as a CUDA
/// programmer writes <c>__shared__ int count;</c>. The array has no other name, so nothing else can reach it.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>Whether <paramref name="target"/> is <c>Gpu.Shared&lt;T&gt;(n)[i]</c>.</summary>
    private bool IsSharedElement(ExpressionSyntax target) =>
        target is ElementAccessExpressionSyntax { Expression: InvocationExpressionSyntax call, ArgumentList.Arguments.Count: 1 } &&
        _model.GetSymbolInfo(call).Symbol is IMethodSymbol method && IntrinsicTemplate(method) == SharedTemplate;

    /// <summary>
    /// <c>&amp;name = name_shared[i]</c> for <c>ref T name = ref Gpu.Shared&lt;T&gt;(n)[i];</c>, after writing the shared
    /// array's declaration; the length must be a constant (GPU0019 otherwise) and a constant index within it.
    /// </summary>
    private string SharedElementRef(ILocalSymbol local, string name, ElementAccessExpressionSyntax element)
    {
        InvocationExpressionSyntax call = (InvocationExpressionSyntax)element.Expression;
        if (ConstantLength(call.ArgumentList.Arguments.Count == 1 ? call.ArgumentList.Arguments[0].Expression : null, "Gpu.Shared") is not { } length ||
            TypeName(local.Type, element) is not { } cuda)
        {
            return $"&{name} = {Placeholder}"; // The length or the type was reported.
        }

        string storage = name + "_shared";
        Shared.Add(local.Type, length);
        _writer.Line($"__shared__ {cuda} {storage}[{length.ToString(CultureInfo.InvariantCulture)}];");
        string index = Visit(element.ArgumentList.Arguments[0].Expression);
        string checkedIndex = _model.GetConstantValue(element.ArgumentList.Arguments[0].Expression) is { HasValue: true, Value: int at } && at >= 0 && at < length
            ? index
            : CheckedIndex(element, index, length.ToString(CultureInfo.InvariantCulture));
        return $"&{name} = {storage}[{checkedIndex}]";
    }
}
