using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Syntax;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Calls: intrinsics (a template from <c>[CudaIntrinsic]</c> or the known-method table, its arguments substituted) and
/// <c>[Device]</c> functions, with arguments in parameter order, spans as pointer and length, <c>ref</c>/<c>out</c>/<c>in</c> as
/// the variable itself, 2D spans as pointer, rows, columns and pitch.
/// </summary>
internal sealed partial class CudaTranslator
{
    public override string VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (_model.GetSymbolInfo(node).Symbol is not IMethodSymbol method)
        {
            return Unsupported(node, $"The call '{node.Expression}'");
        }

        if (method.ContainingType.ToDisplayString() is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace")
        {
            // Its arguments (an interpolated string, most often) are not reported too: the advice is to replace the call.
            Report(DiagnosticDescriptors.UnsupportedCall, LocationInfo.From(node), method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
                "GPU code has no console; print with Gpu.Printf(\"i = %d, x = %f\\n\", i, x), which becomes CUDA's printf (the CPU backend writes the same text to Console.Out), or write the values to a Span<T> parameter and print them on the host");
            return Placeholder;
        }

        string? template = IntrinsicTemplate(method);
        if (template is PrintfTemplate)
        {
            return Printf(node, method);
        }

        if (template is SharedTemplate or DynamicSharedTemplate)
        {
            Report(DiagnosticDescriptors.UnsupportedSpanLocal, LocationInfo.From(node), node.ToString());
            return Placeholder;
        }

        if (template is Shared2DTemplate)
        {
            Report(DiagnosticDescriptors.UnsupportedSpan2DLocal, LocationInfo.From(node), node.ToString());
            return Placeholder;
        }

        if (template is Shared3DTemplate)
        {
            return Unsupported(node, $"'{node}' in place (declare a 3D span local with it: Span3D<T> cube = Gpu.Shared3D<T>(slices, rows, columns);)");
        }

        if (CudaKnownTypes.IsSpan2D(method.ContainingType, out _, out _))
        {
            Report(DiagnosticDescriptors.UnsupportedSpan2DUse, LocationInfo.From(node), $"'{node}' is used in place (declare a span local from it first)");
            return Placeholder;
        }

        if (CudaIntrinsicKinds.Of(template) == IntrinsicKind.Atomic &&
            node.ArgumentList.Arguments.FirstOrDefault()?.Expression is { } target && !IsSpanMemory(target) &&
            !IsInDeviceGlobal(target))
        {
            Report(DiagnosticDescriptors.AtomicTargetNotMemory, LocationInfo.From(target), target.ToString(), "");
        }

        if (template is null)
        {
            CheckAtomicReferenceArguments(node, method);
        }
        else
        {
            CheckTensorCoreOperands(node, method, template);
        }

        if (template is null && IsFunctorCall(node, method))
        {
            return FunctorCall(node, method);
        }

        if (template is null && IsStructFunction(method))
        {
            ExpressionSyntax? receiver = method.IsStatic ? null : (node.Expression as MemberAccessExpressionSyntax)?.Expression;
            return StructFunctionCall(node, method, receiver, Arguments(node.ArgumentList, method, RefArguments.All));
        }

        // A call that is neither an intrinsic nor a [Device] method is reported as a whole (DeviceCall says why), so its
        // ref arguments are not reported again: Interlocked.Exchange(ref x[i], ...) on an unmapped type is one error.
        List<string> arguments = Arguments(node.ArgumentList, method, template is not null ? RefArguments.Ref : RefArguments.All);
        if (template is not null)
        {
            if (!method.IsStatic && node.Expression is MemberAccessExpressionSyntax access)
            {
                arguments.Insert(0, Visit(access.Expression));
            }

            return Instantiate(template, arguments);
        }

        return DeviceCall(node, method, arguments);
    }

    /// <summary>Which argument modifiers a call takes: none (constructors), <c>ref</c> (atomics), or all (device
    /// functions, and calls that are rejected as a whole).</summary>
    private enum RefArguments
    {
        None,
        Ref,
        All,
    }

    /// <summary>
    /// Arguments in parameter order, with omitted optional parameters filled in; a span argument passes its pointer
    /// and its length, a <c>ref</c>/<c>out</c>/<c>in</c> argument the variable itself (the parameter is a C++ reference).
    /// </summary>
    private List<string> Arguments(ArgumentListSyntax? list, IMethodSymbol method, RefArguments refs)
    {
        string?[] ordered = new string?[method.Parameters.Length];
        SeparatedSyntaxList<ArgumentSyntax> arguments = list?.Arguments ?? default;
        for (int i = 0; i < arguments.Count; i++)
        {
            ArgumentSyntax argument = arguments[i];
            SyntaxToken modifier = argument.RefKindKeyword;
            if (!modifier.IsKind(SyntaxKind.None) && !(refs == RefArguments.All || (refs == RefArguments.Ref && modifier.IsKind(SyntaxKind.RefKeyword))))
            {
                Unsupported(modifier, $"A '{modifier.Text}' argument");
                continue;
            }

            if ((modifier.IsKind(SyntaxKind.RefKeyword) || modifier.IsKind(SyntaxKind.OutKeyword)) &&
                _model.GetSymbolInfo(argument.Expression).Symbol is IFieldSymbol field && CudaTypeMap.IsPackedVector(field))
            {
                Unsupported(argument, $"Passing the {field.Type.Name} field '{field.Name}' by '{modifier.Text}' (a struct keeps it packed to C#'s 4-byte alignment: copy it to a local, pass that, and assign it back)");
                continue;
            }

            int index = CallArguments.Parameter(argument, i, method.Parameters) is { } parameter ? method.Parameters.IndexOf(parameter) : -1;
            if (index < 0 || method.Parameters[index].IsParams)
            {
                Unsupported(argument, "A 'params' argument");
                continue;
            }

            ITypeSymbol type = method.Parameters[index].Type;
            ordered[index] = CudaKnownTypes.IsSpan(type, out _, out _) ? SpanArgument(argument.Expression)
                : CudaKnownTypes.IsSpan2D(type, out _, out _) ? Span2DArgument(argument.Expression)
                : CudaKnownTypes.IsSpan3D(type, out _, out _) ? Span3DArgument(argument.Expression)
                : modifier.IsKind(SyntaxKind.OutKeyword) ? OutArgument(argument)
                : modifier.IsKind(SyntaxKind.None) ? ConvertedTo(argument.Expression, _model.GetTypeInfo(argument.Expression).Type, type) : Visit(argument.Expression);
        }

        for (int i = 0; i < ordered.Length; i++)
        {
            // Caller-information parameters ([CallerFilePath] on Gpu.ActiveMask) serve the CPU backend; no template uses them.
            ordered[i] ??= IsCallerInformation(method.Parameters[i]) ? ""
                : method.Parameters[i].HasExplicitDefaultValue && method.Parameters[i].ExplicitDefaultValue is { } value ? CudaLiterals.Format(value)
                : "0";
        }

        return ordered.Select(a => a!).ToList();
    }

    /// <summary>A span passed to a <c>[Device]</c> method (a parameter, a local, a slice, a choice): its pointer and length.</summary>
    private string SpanArgument(ExpressionSyntax span)
    {
        SpanText view = Span(span);
        return $"{view.Pointer}, {view.Length}";
    }

    private static bool IsCallerInformation(IParameterSymbol parameter) =>
        parameter.GetAttributes().Any(a => a.AttributeClass?.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices" &&
            a.AttributeClass.Name is "CallerFilePathAttribute" or "CallerLineNumberAttribute" or "CallerMemberNameAttribute");

    private static string Instantiate(string template, List<string> arguments)
    {
        string text = template;
        for (int i = arguments.Count - 1; i >= 0; i--)
        {
            text = text.Replace("{" + i + "}", arguments[i]);
        }

        return text;
    }
}
