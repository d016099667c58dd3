using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Device globals and constant arrays the host sets at run time: a <c>static readonly DeviceGlobal&lt;T&gt; Count = new();</c>
/// field is a <c>__device__ T Class_Count;</c> variable that GPU code uses as <c>Count.Value</c>, and a
/// <c>static readonly ConstantArray&lt;T&gt; Taps = new(64);</c> field a <c>__constant__ T Class_Taps[64];</c> array that GPU
/// code indexes and reads the <c>Length</c> of. The declaration is checked where the field is first used.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>Whether <paramref name="type"/> is <c>DeviceGlobal&lt;T&gt;</c> or <c>ConstantArray&lt;T&gt;</c>.</summary>
    internal static bool IsDeviceSymbol(ITypeSymbol? type) =>
        CudaKnownTypes.IsGpuDslType(type, KnownNames.DeviceGlobal) || CudaKnownTypes.IsGpuDslType(type, KnownNames.ConstantArray);

    /// <summary><c>Count.Value</c> of a <c>DeviceGlobal&lt;T&gt;</c>: the variable.</summary>
    private static bool IsGlobalValue(ISymbol? symbol) =>
        symbol is IPropertySymbol { Name: "Value", IsStatic: false } && CudaKnownTypes.IsGpuDslType(symbol.ContainingType, KnownNames.DeviceGlobal);

    /// <summary><c>Count.Value</c>, or a field of it (<c>Totals.Value.Count</c>): memory an atomic may update.</summary>
    /// <summary>
    /// Whether an atomic's target is memory a span refers to: a span element (<c>ref c[i]</c>), a field of one
    /// (<c>ref bins[i].Count</c>), or a <c>ref</c> local bound to either (<c>ref int n = ref counts[k];</c>; a ref local
    /// cannot be bound again, so its initializer says what it refers to), or a <c>ref</c> parameter (its callers pass memory).
/// A plain local or parameter is a register.
    /// </summary>
    private bool IsSpanMemory(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case ElementAccessExpressionSyntax:
                return true;
            case ParenthesizedExpressionSyntax parenthesized:
                return IsSpanMemory(parenthesized.Expression);
            case MemberAccessExpressionSyntax access when _model.GetSymbolInfo(access).Symbol is IFieldSymbol { IsStatic: false }:
                return IsSpanMemory(access.Expression);
            case IdentifierNameSyntax when _model.GetSymbolInfo(expression).Symbol is IParameterSymbol { RefKind: RefKind.Ref }:
                return true; // A [Device] method's ref parameter: each call is checked to pass memory (CudaTranslator.AtomicParameters.cs).
            case IdentifierNameSyntax when _model.GetSymbolInfo(expression).Symbol is ILocalSymbol { RefKind: RefKind.Ref or RefKind.RefReadOnly } local:
                return local.DeclaringSyntaxReferences.Length == 1 &&
                    local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: RefExpressionSyntax bound } &&
                    IsSpanMemory(bound.Expression);
            default:
                return false;
        }
    }

    private bool IsInDeviceGlobal(ExpressionSyntax expression)
    {
        while (expression is MemberAccessExpressionSyntax access)
        {
            ISymbol? symbol = _model.GetSymbolInfo(access).Symbol;
            if (IsGlobalValue(symbol))
            {
                return true;
            }

            if (symbol is not IFieldSymbol { IsStatic: false })
            {
                return false;
            }

            expression = access.Expression;
        }

        return false;
    }

    /// <summary><c>Taps.Length</c> of a <c>ConstantArray&lt;T&gt;</c>.</summary>
    private static bool IsConstantArrayLength(ISymbol? symbol) =>
        symbol is IPropertySymbol { Name: "Length", IsStatic: false } && CudaKnownTypes.IsGpuDslType(symbol.ContainingType, KnownNames.ConstantArray);

    /// <summary>The CUDA variable a <c>DeviceGlobal&lt;T&gt;</c> or <c>ConstantArray&lt;T&gt;</c> expression names.</summary>
    private string GlobalName(ExpressionSyntax field) => Global(field) is { } model ? model.CudaName : Placeholder;

    /// <summary><c>Taps[i]</c>: an element of the constant array, its index checked in checked mode.</summary>
    private string ConstantArrayElement(ElementAccessExpressionSyntax node)
    {
        if (node.ArgumentList.Arguments.Count != 1 || Global(node.Expression) is not { } model)
        {
            return Placeholder;
        }

        string index = Visit(node.ArgumentList.Arguments[0].Expression);
        return $"{model.CudaName}[{CheckedIndex(node, index, model.Length.ToString(CultureInfo.InvariantCulture))}]";
    }

    /// <summary><c>Taps.Length</c>: the constant.</summary>
    private string ConstantArrayLength(ExpressionSyntax field) =>
        Global(field) is { } model ? model.Length.ToString(CultureInfo.InvariantCulture) : Placeholder;

    private DeviceGlobalModel? Global(ExpressionSyntax expression)
    {
        if (_model.GetSymbolInfo(expression).Symbol is not IFieldSymbol field)
        {
            Report(DiagnosticDescriptors.UnsupportedDeviceGlobal, LocationInfo.From(expression), expression.ToString(),
                "GPU code names a device global or constant array by its static field, not through a local, parameter or other expression");
            return null;
        }

        string name = CudaNames.Local(CudaNames.Qualified(field.ContainingType) + "_" + field.Name);
        if (!_output.Globals.TryGetValue(name, out DeviceGlobalModel? model))
        {
            model = TranslateGlobal(field, name, expression);
            _output.Globals[name] = model;
        }

        return model;
    }

    /// <summary>Checks the field's declaration; reports there what keeps it from being a device global.</summary>
    private DeviceGlobalModel? TranslateGlobal(IFieldSymbol field, string name, ExpressionSyntax use)
    {
        string display = $"{field.ContainingType.Name}.{field.Name}";
        if (field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax declarator)
        {
            return Reject(LocationInfo.From(use), display, "it is declared in another assembly, whose kernels' module would hold it; declare it in this project");
        }

        _output.FilesRead.Add(declarator.SyntaxTree);
        LocationInfo at = LocationInfo.From(declarator.Identifier);
        if (!field.IsStatic || !field.IsReadOnly)
        {
            return Reject(at, display, "it must be a 'static readonly' field, so that it names one variable for the whole program");
        }

        if (field.ContainingType.TypeParameters.Length > 0 || field.ContainingType.ContainingType is { IsGenericType: true })
        {
            return Reject(at, display, "it is declared in a generic class, whose generated code cannot bind it");
        }

        if (field.ContainingType.StaticConstructors.Any(c => !c.IsImplicitlyDeclared))
        {
            return Reject(at, display,
                $"its class '{field.ContainingType.Name}' declares a static constructor, and GpuDsl binds device globals in one it generates; initialize the class's other static fields where they are declared");
        }

        bool isConstant = CudaKnownTypes.IsGpuDslType(field.Type, KnownNames.ConstantArray);
        ITypeSymbol element = ((INamedTypeSymbol)field.Type).TypeArguments[0];
        string? cudaType = _types.Name(element, out string? problem);
        if (cudaType is null)
        {
            TypeSyntax type = ((VariableDeclarationSyntax)declarator.Parent!).Type;
            SyntaxNode argument = type.DescendantNodesAndSelf().OfType<GenericNameSyntax>().FirstOrDefault()?.TypeArgumentList.Arguments.FirstOrDefault() ?? (SyntaxNode)type;
            return Reject(LocationInfo.From(argument), display,
                $"its element type '{element.ToDisplayString()}' is not a GPU value type{(problem is null ? "" : $" ({problem})")}");
        }

        int length = 0;
        if (isConstant)
        {
            if (Length(declarator, display) is not { } constant)
            {
                return null;
            }

            length = constant;
        }
        else if (declarator.Initializer?.Value is not BaseObjectCreationExpressionSyntax)
        {
            return Reject(at, display, "it is not initialized with 'new()', so it would be null");
        }

        int bytes = System.Math.Max(length, 1) * CudaTypeMap.Layout(element).Size;
        string declaringType = field.ContainingType.ToDisplayString();
        return new DeviceGlobalModel(name, display, field.Name, declaringType, cudaType, length, bytes, LocationInfo.From(use));
    }

    /// <summary>A constant array's length: the constructor's argument, a positive compile-time constant.</summary>
    private int? Length(VariableDeclaratorSyntax declarator, string display)
    {
        SemanticModel model = declarator.SyntaxTree == _model.SyntaxTree ? _model : _model.Compilation.GetSemanticModel(declarator.SyntaxTree);
        if (declarator.Initializer?.Value is not BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments })
        {
            Reject(LocationInfo.From((SyntaxNode?)declarator.Initializer?.Value ?? declarator.Identifier.Parent!), display,
                "its length is not given: initialize it with 'new(length)', the length a compile-time constant");
            return null;
        }

        ExpressionSyntax argument = arguments[0].Expression;
        if (model.GetConstantValue(argument).Value is not int length)
        {
            Reject(LocationInfo.From(argument), display, $"its length '{argument}' is not a compile-time constant");
            return null;
        }

        if (length < 1)
        {
            Reject(LocationInfo.From(argument), display, $"its length is {length}; a constant array has at least one element");
            return null;
        }

        return length;
    }

    private DeviceGlobalModel? Reject(LocationInfo at, string display, string why)
    {
        Report(DiagnosticDescriptors.UnsupportedDeviceGlobal, at, display, why);
        return null;
    }
}
