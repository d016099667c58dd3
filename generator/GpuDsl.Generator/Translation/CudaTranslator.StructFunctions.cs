using System.Collections.Generic;
using System.IO;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// The members of a user struct that GPU code calls: instance methods, property getters and setters, static methods and
/// properties, operators and user-defined conversions. Each is translated where it is first called, like a constructor,
/// to a <c>__device__</c> function named as a device function would be (<c>Vec2_Dot</c>, <c>Vec2_get_Length</c>,
/// <c>Vec2_op_Addition</c>); an instance member takes the value as its first parameter, <c>self</c>: <c>Vec2&amp; self</c>
/// (changes reach the caller's variable, as in C#), or <c>const Vec2&amp; self</c> for a <c>readonly</c> member or struct.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>Whether the function being translated has a <c>self</c>: a struct constructor or instance member.</summary>
    private bool HasSelf => IsConstructor || IsStructFunction(_method) && !_method.IsStatic;

    /// <summary>Whether <c>self</c> may be changed here: in a constructor, or an instance member that is not <c>readonly</c>.</summary>
    private bool SelfIsWritable => IsConstructor || !_method.IsReadOnly;

    /// <summary>A member of a user struct that is translated where it is called (not a <c>[Device]</c> method, which is translated on its own).</summary>
    private static bool IsStructFunction(IMethodSymbol method) =>
        method.ContainingType is { TypeKind: TypeKind.Struct } owner && CudaTypeMap.IsUserStruct(owner) &&
        method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.UserDefinedOperator or MethodKind.Conversion &&
        !KnownNames.IsDevice(method) && !KnownNames.IsKernel(method);

    /// <summary>A non-auto property of a user struct, read through its getter and written through its setter.</summary>
    private static bool IsStructProperty(ISymbol? symbol, out IPropertySymbol property)
    {
        property = (symbol as IPropertySymbol)!;
        return symbol is IPropertySymbol { IsIndexer: false } p && StructMember(p) is null &&
            (p.GetMethod ?? p.SetMethod) is { } accessor && IsStructFunction(accessor);
    }

    /// <summary>
    /// A call of <paramref name="function"/> with <paramref name="arguments"/> (already in CUDA), on the value
    /// <paramref name="receiver"/> (<see langword="null"/>: <c>this</c>) when it is an instance member.
    /// </summary>
    private string StructFunctionCall(SyntaxNode node, IMethodSymbol function, ExpressionSyntax? receiver, IEnumerable<string> arguments)
    {
        List<string> all = new();
        if (!function.IsStatic)
        {
            if (receiver is null && !HasSelf)
            {
                return Unsupported(node, $"'{node}' without a value to call it on");
            }

            all.Add(Self(receiver, function, node));
        }

        all.AddRange(arguments);
        string name = CudaNames.Function(function);
        if (function.IsGenericMethod || function.ReturnsByRef || function.ReturnsByRefReadonly)
        {
            return Unsupported(node, $"The call of '{Display(function)}', which {(function.IsGenericMethod ? "is generic" : "returns a reference")} (write a [Device] method)");
        }

        if (_constructorStack.Contains(function.OriginalDefinition) || SymbolEqualityComparer.Default.Equals(function.OriginalDefinition, _method.OriginalDefinition))
        {
            Report(DiagnosticDescriptors.RecursionNotSupported, LocationInfo.From(node), Display(function), "");
            return Placeholder;
        }

        if (!_output.Constructors.ContainsKey(name) && !TranslateStructFunction(function, name, node))
        {
            return Placeholder;
        }

        return $"{name}{TemplateArguments(function.ContainingType, node)}({string.Join(", ", all)})";
    }

    /// <summary>
    /// The value an instance member works on: the receiver itself when the member may change it (C#'s variable), or a
    /// copy (<c>gpudsl_temporary</c>) when C# copies it first: a value that is no variable, an <c>in</c> parameter, a
    /// <c>readonly</c> field. A <c>readonly</c> member takes any value by <c>const</c> reference.
    /// </summary>
    private string Self(ExpressionSyntax? receiver, IMethodSymbol function, SyntaxNode at)
    {
        string text = receiver is null ? "self" : Visit(receiver);
        if (function.IsReadOnly || IsWritableVariable(receiver))
        {
            return text;
        }

        string type = TypeName(function.ContainingType, at) ?? "int";
        string copy = $"gpudsl_temporary({type}({text}))";
        Track(copy);
        return copy;
    }

    /// <summary>Whether <paramref name="receiver"/> is a variable a struct member may change in place (<see langword="null"/>: <c>this</c>).</summary>
    private bool IsWritableVariable(ExpressionSyntax? receiver)
    {
        switch (receiver)
        {
            case null or ThisExpressionSyntax:
                return SelfIsWritable;
            case ParenthesizedExpressionSyntax parenthesized:
                return IsWritableVariable(parenthesized.Expression);
            case ElementAccessExpressionSyntax element:
                return _model.GetTypeInfo(element.Expression).Type is { } span && Mappings.CudaKnownTypes.IsSpan(span, out _, out bool readOnly) && !readOnly;
        }

        return _model.GetSymbolInfo(receiver).Symbol switch
        {
            ILocalSymbol local => local.RefKind is RefKind.None or RefKind.Ref && !local.IsConst,
            IParameterSymbol parameter => parameter.RefKind is RefKind.None or RefKind.Ref or RefKind.Out,
            IFieldSymbol { IsStatic: false, IsReadOnly: false } => receiver is MemberAccessExpressionSyntax access ? IsWritableVariable(access.Expression) : SelfIsWritable,
            _ => false,
        };
    }

    /// <summary>Translates a struct function into <see cref="_output.Constructors"/>; false when it has no body to translate (reported at <paramref name="at"/>).</summary>
    private bool TranslateStructFunction(IMethodSymbol function, string name, SyntaxNode at)
    {
        function = function.OriginalDefinition; // A generic struct's member is one function template.
        SyntaxNode? declaration = function.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        (BlockSyntax? body, ArrowExpressionClauseSyntax? arrow) = declaration switch
        {
            BaseMethodDeclarationSyntax method => (method.Body, method.ExpressionBody),
            AccessorDeclarationSyntax accessor => (accessor.Body, accessor.ExpressionBody),
            ArrowExpressionClauseSyntax expression => (null, expression),
            _ => (null, null),
        };
        if (declaration is null || function.IsImplicitlyDeclared || (body is null && arrow is null))
        {
            Report(DiagnosticDescriptors.UnsupportedCall, LocationInfo.From(at), Display(function),
                "it has no body GpuDsl can translate (a record struct's generated members, an abstract or extern member); compare or compute the fields in a [Device] method");
            return false;
        }

        SemanticModel model = ModelOf(declaration);
        List<string> parameters = FunctionParameters(function, declaration, "struct member");
        if (!function.IsStatic)
        {
            string structName = TypeName(function.ContainingType, at) ?? "int";
            parameters.Insert(0, $"{(function.IsReadOnly ? "const " : "")}{structName}& self");
        }

        string returns = function.ReturnsVoid ? "void" : TypeName(function.ReturnType, declaration) ?? "int";
        string head = $"{CudaTypeMap.TemplateHead(function.ContainingType)}__device__ {returns} {name}({string.Join(", ", parameters)})";
        CudaWriter writer = new(Path.GetFileName(declaration.SyntaxTree.FilePath));
        writer.MapTo(declaration.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
        WriteHead(writer, head);

        CudaTranslator inner = Nested(model, function, writer);
        inner.WriteBody(body, arrow);
        _output.Constructors[name] = new ConstructorModel(name, head + ";", writer.ToString());
        return true;
    }

    /// <summary>A user struct's operator (<c>a + b</c>, <c>-a</c>, <c>a == b</c>, <c>a += b</c>, <c>++a</c>) as a call of its function.</summary>
    private string? StructOperator(ExpressionSyntax node, IMethodSymbol op)
    {
        switch (node)
        {
            case BinaryExpressionSyntax binary:
                return StructFunctionCall(node, op, null, new[] { OperandAs(binary.Left, op, 0), OperandAs(binary.Right, op, 1) });
            case PrefixUnaryExpressionSyntax unary when !unary.IsKind(SyntaxKind.PreIncrementExpression) && !unary.IsKind(SyntaxKind.PreDecrementExpression):
                return StructFunctionCall(node, op, null, new[] { OperandAs(unary.Operand, op, 0) });
            case PrefixUnaryExpressionSyntax step:
                return StructUpdate(node, step.Operand, op, null);
            case PostfixUnaryExpressionSyntax step when node.Parent is ExpressionStatementSyntax || node.Parent is ForStatementSyntax f && f.Incrementors.Contains(node):
                return StructUpdate(node, step.Operand, op, null);
            case PostfixUnaryExpressionSyntax step:
                return Unsupported(node, $"'{step.OperatorToken.Text}' after a struct value whose old value is used (write '{step.OperatorToken.Text}{step.Operand}', or use the value before)");
            case AssignmentExpressionSyntax compound:
                return StructUpdate(node, compound.Left, op, compound.Right);
            default:
                return null;
        }
    }

    /// <summary><c>a += b</c> and <c>++a</c> with a struct's operator: <c>(a = op(a, b))</c>, the variable read once in C#, so it must have no side effects.</summary>
    private string StructUpdate(ExpressionSyntax node, ExpressionSyntax target, IMethodSymbol op, ExpressionSyntax? value)
    {
        if (HasSideEffects(target) || IsStructProperty(_model.GetSymbolInfo(target).Symbol, out _))
        {
            return Unsupported(node, $"'{Shorten(node.ToString())}' on a target with side effects or a property (write 'x = x {OperatorText(node)} y' on a local)");
        }

        List<string> operands = new() { OperandAs(target, op, 0) };
        if (value is not null)
        {
            operands.Add(OperandAs(value, op, 1));
        }

        return $"({Visit(target)} = {StructFunctionCall(node, op, null, operands)})";
    }

    private static string OperatorText(ExpressionSyntax node) => node switch
    {
        AssignmentExpressionSyntax a => a.OperatorToken.Text.TrimEnd('='),
        PrefixUnaryExpressionSyntax p => p.OperatorToken.Text.Substring(0, 1),
        PostfixUnaryExpressionSyntax p => p.OperatorToken.Text.Substring(0, 1),
        _ => "op",
    };

    /// <summary>An operand converted to the operator's parameter, as C# converts it.</summary>
    private string OperandAs(ExpressionSyntax operand, IMethodSymbol op, int index) =>
        ConvertedTo(operand, _model.GetTypeInfo(operand).Type, op.Parameters[index].Type);

    /// <summary>
    /// A user-defined conversion of a user struct that C# applies to <paramref name="expression"/> on its way to
    /// <paramref name="to"/> (<c>Vec2 v = 2f;</c>), as a call of the operator; <see langword="null"/> when there is none.
    /// </summary>
    private string? UserConversion(ExpressionSyntax expression, ITypeSymbol? from, ITypeSymbol to)
    {
        if (expression.SyntaxTree != _model.SyntaxTree || from is null || SymbolEqualityComparer.Default.Equals(from, to))
        {
            return null;
        }

        Microsoft.CodeAnalysis.CSharp.Conversion conversion = _model.ClassifyConversion(expression, to);
        return conversion.IsUserDefined && conversion.MethodSymbol is { } op && IsStructFunction(op) ? ConversionCall(expression, op, from, to) : null;
    }

    /// <summary><c>(Vec2)x</c> with the struct's explicit (or implicit) conversion operator; <see langword="null"/> for other casts.</summary>
    private string? UserCast(CastExpressionSyntax node)
    {
        if (_model.GetOperation(node) is not IConversionOperation { OperatorMethod: { } op } || !IsStructFunction(op) || _model.GetTypeInfo(node.Type).Type is not { } to)
        {
            return null;
        }

        return ConversionCall(node.Expression, op, _model.GetTypeInfo(node.Expression).Type, to);
    }

    private string ConversionCall(ExpressionSyntax operand, IMethodSymbol op, ITypeSymbol? from, ITypeSymbol to)
    {
        string call = StructFunctionCall(operand, op, null, new[] { ConvertedTo(operand, from, op.Parameters[0].Type) });
        ITypeSymbol result = op.ReturnType;
        return SymbolEqualityComparer.Default.Equals(result, to) || !IsNumber(result) || !IsNumber(to) || _types.Name(to) is not { } cuda
            ? call
            : Conversion(result, to, cuda, call);
    }

    /// <summary><c>v.Length = 2f</c> through the property's setter, as a statement (the setter returns nothing).</summary>
    private string StructPropertyAssignment(AssignmentExpressionSyntax node, IPropertySymbol property)
    {
        if (property.SetMethod is not { } setter || !IsStructFunction(setter))
        {
            return Unsupported(node.Left, $"Setting '{property.Name}', which has no setter GpuDsl can translate");
        }

        if (!node.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            return Unsupported(node, $"'{node.OperatorToken.Text}' on the property '{property.Name}' (write 'x.{property.Name} = x.{property.Name} {node.OperatorToken.Text.TrimEnd('=')} y')");
        }

        if (node.Parent is not ExpressionStatementSyntax)
        {
            return Unsupported(node, $"Setting the property '{property.Name}' inside an expression (set it in a statement of its own)");
        }

        ExpressionSyntax? receiver = property.IsStatic ? null : (node.Left as MemberAccessExpressionSyntax)?.Expression;
        return StructFunctionCall(node, setter, receiver, new[] { Converted(node.Right) });
    }

    /// <summary><c>v.Length</c> through the property's getter.</summary>
    private string StructPropertyRead(ExpressionSyntax node, IPropertySymbol property, ExpressionSyntax? receiver) =>
        property.GetMethod is { } getter && IsStructFunction(getter)
            ? StructFunctionCall(node, getter, receiver, Enumerable.Empty<string>())
            : Unsupported(node, $"Reading '{property.Name}', which has no getter GpuDsl can translate");

    private static string Display(IMethodSymbol method) => method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
}
