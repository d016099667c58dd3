using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Per-thread arrays, as CUDA code keeps them in registers or local memory: <c>stackalloc T[N]</c> (with or without an
/// initializer, <c>stackalloc[] { ... }</c> too) and an array local <c>T[] a = new T[N];</c> with a constant <c>N</c>
/// (or <c>new T[] { ... }</c>) are <c>T a[N]</c>. C# zeroes a new array, so one without an initializer is
/// <c>T a[N] = {}</c>; an initializer's values are converted to <c>T</c> as C# converts them. GPU code then uses the array
/// as a span of constant length: indexing, <c>Length</c>, <c>foreach</c>, a span local or argument made from it.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary><c>stackalloc T[N]</c>, <c>stackalloc T[] { ... }</c> or <c>stackalloc[] { ... }</c> as a span local's initializer.</summary>
    private IEnumerable<string> StackArray(ILocalSymbol local, string name, string cuda, ExpressionSyntax value)
    {
        (ArrayTypeSyntax? type, InitializerExpressionSyntax? initializer) = value switch
        {
            StackAllocArrayCreationExpressionSyntax s => (s.Type as ArrayTypeSyntax, s.Initializer),
            ImplicitStackAllocArrayCreationExpressionSyntax s => ((ArrayTypeSyntax?)null, s.Initializer),
            _ => (null, null),
        };
        if (initializer is null)
        {
            if (type is not { RankSpecifiers.Count: 1 } || type.RankSpecifiers[0].Sizes.Count != 1)
            {
                Unsupported(value, "This form of stackalloc (write 'stackalloc T[N]' or 'stackalloc T[] { ... }')");
                return Enumerable.Empty<string>();
            }

            if (ConstantLength(type.RankSpecifiers[0].Sizes[0], "stackalloc") is not { } count)
            {
                return Enumerable.Empty<string>();
            }

            // C# zeroes stackalloc memory unless the method, a containing type or the module skips locals init.
            _spans.Lengths[local] = count.ToString(CultureInfo.InvariantCulture);
            return new[] { $"{cuda} {name}[{_spans.Lengths[local]}]{(SkipsLocalsInit() ? "" : " = {}")};" };
        }

        return InitializedArray(local, name, cuda, initializer, "stackalloc");
    }

    /// <summary>Whether <c>[SkipLocalsInit]</c> applies to the method: on it, a containing type, or the module.</summary>
    private bool SkipsLocalsInit()
    {
        static bool Skips(ISymbol symbol) =>
            symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.SkipLocalsInitAttribute");

        for (ISymbol? symbol = _method; symbol is not null; symbol = symbol.ContainingType)
        {
            if (Skips(symbol))
            {
                return true;
            }
        }

        return Skips(_method.ContainingModule);
    }

    /// <summary>Whether the declaration is of array locals (<c>float[] a = new float[8];</c>), which are per-thread arrays.</summary>
    private bool IsArrayDeclaration(LocalDeclarationStatementSyntax node) =>
        _model.GetTypeInfo(Unscoped(node.Declaration.Type)).Type is IArrayTypeSymbol;

    /// <summary>Writes array locals: <c>T a[N] = {};</c> for <c>new T[N]</c>, <c>T a[N] = { ... };</c> for an initializer.</summary>
    private void WriteArrayLocals(LocalDeclarationStatementSyntax node)
    {
        foreach (VariableDeclaratorSyntax variable in node.Declaration.Variables)
        {
            if (_model.GetDeclaredSymbol(variable) is not ILocalSymbol { Type: IArrayTypeSymbol array } local)
            {
                continue;
            }

            if (array.Rank != 1)
            {
                Report(DiagnosticDescriptors.AllocationNotSupported, LocationInfo.From(variable), local.Name,
                    "GPU code has one-dimensional per-thread arrays only; index one array as [row * columns + column]");
                continue;
            }

            if (TypeName(array.ElementType, node.Declaration.Type) is not { } cuda)
            {
                continue;
            }

            // Registered whatever the initializer, so a rejected one is reported once, not again at every use.
            _spans.Lengths[local] = Placeholder;
            string name = CudaNames.Local(local.Name);
            foreach (string line in ArrayLocal(local, name, cuda, variable))
            {
                _writer.Line(line);
            }
        }
    }

    private IEnumerable<string> ArrayLocal(ILocalSymbol local, string name, string cuda, VariableDeclaratorSyntax variable)
    {
        switch (variable.Initializer?.Value)
        {
            case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                return InitializedArray(local, name, cuda, initializer, "new");
            case ImplicitArrayCreationExpressionSyntax { Initializer: var initializer }:
                return InitializedArray(local, name, cuda, initializer, "new");
            case ArrayCreationExpressionSyntax { Type.RankSpecifiers.Count: 1 } creation when creation.Type.RankSpecifiers[0].Sizes.Count == 1:
                if (ConstantLength(creation.Type.RankSpecifiers[0].Sizes[0], $"the array local '{local.Name}'") is not { } count)
                {
                    return Enumerable.Empty<string>();
                }

                _spans.Lengths[local] = count.ToString(CultureInfo.InvariantCulture);
                return new[] { $"{cuda} {name}[{_spans.Lengths[local]}] = {{}};" };
            case { } other:
                Report(DiagnosticDescriptors.AllocationNotSupported, LocationInfo.From(other), Shorten(other.ToString()),
                    $"an array local must be a new per-thread array, 'new {TypeName(((IArrayTypeSymbol)local.Type).ElementType, other) ?? "T"}[N]' with a constant N or 'new[] {{ ... }}'");
                return Enumerable.Empty<string>();
            default:
                Report(DiagnosticDescriptors.AllocationNotSupported, LocationInfo.From(variable), local.Name,
                    "an array local must be initialized where it is declared, with 'new T[N]' (N constant) or 'new[] { ... }'");
                return Enumerable.Empty<string>();
        }
    }

    /// <summary><c>T name[count] = { v0, v1, ... };</c>, each value converted to the element type.</summary>
    private IEnumerable<string> InitializedArray(ILocalSymbol local, string name, string cuda, InitializerExpressionSyntax initializer, string what)
    {
        if (initializer.Expressions.Count == 0)
        {
            Report(DiagnosticDescriptors.LengthNotConstant, LocationInfo.From(initializer), $"{what} (an empty initializer)");
            return Enumerable.Empty<string>();
        }

        string count = initializer.Expressions.Count.ToString(CultureInfo.InvariantCulture);
        _spans.Lengths[local] = count;
        return new[] { $"{cuda} {name}[{count}] = {{ {string.Join(", ", initializer.Expressions.Select(Converted))} }};" };
    }

    /// <summary>An array local GPU code declared (a per-thread array), which it uses as a span of constant length.</summary>
    private bool IsArrayLocal(ExpressionSyntax expression) =>
        _model.GetSymbolInfo(expression).Symbol is ILocalSymbol { Type: IArrayTypeSymbol } local && _spans.Lengths.ContainsKey(local);
}
