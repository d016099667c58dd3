using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Syntax;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// <c>Gpu.Printf(format, args...)</c>: CUDA's <c>printf</c> with the format as a C string literal, its conversions checked
/// against the arguments (GPU0039), and each argument cast to the C type its conversion reads (<c>double</c> for
/// <c>%f</c>, <c>long long</c> for <c>%lld</c>...), as C's variadic promotion would leave it.
/// </summary>
internal sealed partial class CudaTranslator
{
    private const string PrintfTemplate = "printf";

    private string Printf(InvocationExpressionSyntax node, IMethodSymbol method)
    {
        ExpressionSyntax?[] ordered = new ExpressionSyntax?[method.Parameters.Length];
        SeparatedSyntaxList<ArgumentSyntax> arguments = node.ArgumentList.Arguments;
        for (int i = 0; i < arguments.Count; i++)
        {
            if (CallArguments.Parameter(arguments[i], i, method.Parameters) is { } parameter)
            {
                ordered[method.Parameters.IndexOf(parameter)] = arguments[i].Expression;
            }
        }

        if (ordered[0] is not { } formatSyntax || _model.GetConstantValue(formatSyntax).Value is not string format)
        {
            return Unsupported((SyntaxNode?)ordered[0] ?? node, "A Gpu.Printf format that is not a string literal or const");
        }

        List<PrintfFormat.Conversion> conversions = PrintfFormat.Parse(format, out string? problem);
        ExpressionSyntax[] values = ordered.Skip(1).OfType<ExpressionSyntax>().ToArray();
        if (problem is null && conversions.Count != values.Length)
        {
            problem = $"the format has {Count(conversions.Count, "conversion")} for {Count(values.Length, "argument")}";
        }

        if (problem is not null)
        {
            Report(DiagnosticDescriptors.PrintfFormatMismatch, LocationInfo.From(formatSyntax), problem);
            return Placeholder;
        }

        List<string> cuda = new() { PrintfFormat.CString(format) };
        bool matched = true;
        for (int i = 0; i < values.Length; i++)
        {
            ITypeSymbol type = method.TypeArguments[i];
            if (PrintfFormat.Mismatch(conversions[i], Kind(type)) is { } mismatch)
            {
                Report(DiagnosticDescriptors.PrintfFormatMismatch, LocationInfo.From(values[i]),
                    $"'{Shorten(values[i].ToString())}' is a {type.ToDisplayString()}, and {mismatch}");
                matched = false;
                continue;
            }

            string value = Visit(values[i]);
            cuda.Add(CudaFloat16Type.Of(type) is { } float16
                ? $"(double){float16.ToFloat}({value})"
                : $"({conversions[i].CudaType})({value})");
        }

        return matched ? $"printf({string.Join(", ", cuda)})" : Placeholder;
    }

    private static PrintfFormat.ArgumentKind Kind(ITypeSymbol type)
    {
        if (CudaKnownTypes.IsFloat16(type))
        {
            return PrintfFormat.ArgumentKind.Real;
        }

        SpecialType special = type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } ? underlying.SpecialType : type.SpecialType;
        return special switch
        {
            SpecialType.System_Boolean or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or
                SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 => PrintfFormat.ArgumentKind.Integer32,
            SpecialType.System_Int64 or SpecialType.System_UInt64 => PrintfFormat.ArgumentKind.Integer64,
            SpecialType.System_Single or SpecialType.System_Double => PrintfFormat.ArgumentKind.Real,
            _ => PrintfFormat.ArgumentKind.Other,
        };
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
