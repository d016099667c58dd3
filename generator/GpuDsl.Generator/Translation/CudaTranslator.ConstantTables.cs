using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Constant tables: a <c>static ReadOnlySpan&lt;T&gt; Name =&gt; new T[] { c0, c1, ... };</c> property, which C# compiles
/// to read-only data that can never change, is a <c>__constant__ T Class_Name[N]</c> array on the GPU. GPU code reads it
/// as it reads a read-only span (its pointer is the array, its length the constant N), so indexing, <c>Length</c>,
/// <c>foreach</c>, span locals and span arguments all work on it; the table is translated where it is first read and
/// carried by the reading function's model, so an edit to its values regenerates every module that reads it.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>Whether <paramref name="symbol"/> may be a constant table: a static <c>ReadOnlySpan&lt;T&gt;</c> property.</summary>
    private static bool IsConstantTable(ISymbol? symbol) =>
        symbol is IPropertySymbol { IsStatic: true, IsIndexer: false, Type: var type } && CudaKnownTypes.IsSpan(type, out _, out bool readOnly) && readOnly;

    /// <summary>The CUDA array a table read names, translating the table on its first read.</summary>
    private string TablePointer(IPropertySymbol table, ExpressionSyntax read) => Table(table, read) is { } model ? model.CudaName : Placeholder;

    /// <summary>The constant length of a table.</summary>
    private string TableLength(IPropertySymbol table, ExpressionSyntax read) =>
        Table(table, read) is { } model ? model.Values.Length.ToString(CultureInfo.InvariantCulture) : Placeholder;

    private ConstantTableModel? Table(IPropertySymbol table, ExpressionSyntax read)
    {
        string name = CudaNames.ConstantTable(table);
        if (!_output.ConstantTables.TryGetValue(name, out ConstantTableModel? model))
        {
            model = TranslateTable(table, name, read);
            _output.ConstantTables[name] = model;
        }

        return model;
    }

    /// <summary>Reads the table's elements from its declaration; reports there what keeps it from being a table.</summary>
    private ConstantTableModel? TranslateTable(IPropertySymbol table, string name, ExpressionSyntax read)
    {
        string display = $"{table.ContainingType.Name}.{table.Name}";
        if (table.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not PropertyDeclarationSyntax declaration)
        {
            Report(DiagnosticDescriptors.UnsupportedConstantTable, LocationInfo.From(read), display,
                "it is declared in another assembly, whose source GpuDsl cannot read; declare it in this project");
            return null;
        }

        _output.FilesRead.Add(declaration.SyntaxTree);
        CudaKnownTypes.IsSpan(table.Type, out ITypeSymbol element, out _);
        string? cudaType = element.TypeKind == TypeKind.Enum ? _types.Name(element) : CudaKnownTypes.ScalarName(element);
        if (cudaType is null)
        {
            Report(DiagnosticDescriptors.UnsupportedConstantTableType, LocationInfo.From(declaration.Type), display, element.ToDisplayString());
            return null;
        }

        ExpressionSyntax? body = Returned(declaration);
        SemanticModel model = declaration.SyntaxTree == _model.SyntaxTree ? _model : _model.Compilation.GetSemanticModel(declaration.SyntaxTree);
        ImmutableArray<IOperation>? elements = body is null ? null : Elements(model.GetOperation(body));
        if (elements is not { } values)
        {
            Report(DiagnosticDescriptors.UnsupportedConstantTable, body is null ? LocationInfo.From(declaration.Identifier) : LocationInfo.From(body), display,
                "its body is not a single array creation with its elements listed");
            return null;
        }

        if (values.IsEmpty)
        {
            Report(DiagnosticDescriptors.UnsupportedConstantTable, LocationInfo.From(body!), display, "it has no elements");
            return null;
        }

        List<string> literals = new();
        foreach (IOperation value in values)
        {
            if (value is ISpreadOperation || !value.ConstantValue.HasValue || value.ConstantValue.Value is null)
            {
                string why = value is ISpreadOperation ? "a spread element" : "not a compile-time constant";
                Report(DiagnosticDescriptors.UnsupportedConstantTable, LocationInfo.From(value.Syntax), display, $"the element '{value.Syntax}' is {why}");
                continue;
            }

            literals.Add(Literal(value, element, cudaType));
        }

        return literals.Count < values.Length
            ? null
            : new ConstantTableModel(name, display, cudaType, literals.ToEquatableArray(), literals.Count * CudaTypeMap.Layout(element).Size);
    }

    /// <summary>An element as the translator writes a constant: an enum member by its name, any other enum value cast.</summary>
    private string Literal(IOperation value, ITypeSymbol element, string cudaType)
    {
        string literal = CudaLiterals.Format(value.ConstantValue.Value!);
        if (element.TypeKind != TypeKind.Enum)
        {
            return literal;
        }

        return Unconverted(value) is IFieldReferenceOperation { Field: { HasConstantValue: true } member } &&
            SymbolEqualityComparer.Default.Equals(member.ContainingType, element)
            ? _types.EnumMember(member)
            : $"({cudaType}){literal}";
    }

    /// <summary>What a property returns, when that is all its getter does: <c>=&gt; e</c>, <c>get =&gt; e;</c> or <c>get { return e; }</c>.</summary>
    private static ExpressionSyntax? Returned(PropertyDeclarationSyntax declaration)
    {
        if (declaration.ExpressionBody is { } arrow)
        {
            return arrow.Expression;
        }

        AccessorDeclarationSyntax? getter = declaration.AccessorList?.Accessors.FirstOrDefault(a => a.Keyword.ValueText == "get");
        return getter?.ExpressionBody?.Expression ??
            (getter?.Body?.Statements is { Count: 1 } statements && statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null);
    }

    /// <summary>The elements of an array creation or collection expression, each with its conversion to the element type.</summary>
    private static ImmutableArray<IOperation>? Elements(IOperation? body) => Unconverted(body) switch
    {
        IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
        ICollectionExpressionOperation collection => collection.Elements,
        _ => null,
    };

    private static IOperation? Unconverted(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
