using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Expressions: each Visit returns the CUDA text of its expression, its operands converted as C# converts them (see
/// <c>.Conversions.cs</c>), shift counts masked, constants written as literals of their type.
/// </summary>
internal sealed partial class CudaTranslator
{
    public override string VisitLiteralExpression(LiteralExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.StringLiteralExpression) || node.IsKind(SyntaxKind.Utf8StringLiteralExpression))
        {
            return UnsupportedType(node, "string");
        }

        if (node.IsKind(SyntaxKind.CharacterLiteralExpression))
        {
            return UnsupportedType(node, "char");
        }

        if (node.IsKind(SyntaxKind.DefaultLiteralExpression))
        {
            return DefaultValue(node);
        }

        if (node.IsKind(SyntaxKind.NullLiteralExpression))
        {
            return Constant(node) ?? Unsupported(node, $"'{node}'");
        }

        return Constant(node) ?? node.Token.Text;
    }

    public override string VisitParenthesizedExpression(ParenthesizedExpressionSyntax node) => $"({Visit(node.Expression)})";

    public override string VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (Constant(node) is { } constant)
        {
            return constant;
        }

        ISymbol? symbol = _model.GetSymbolInfo(node).Symbol;
        switch (symbol)
        {
            case ILocalSymbol or IParameterSymbol when CudaKnownTypes.IsSpan2D(_model.GetTypeInfo(node).Type, out _, out _):
                return Span2DAsValue(node);
            case ILocalSymbol or IParameterSymbol when CudaKnownTypes.IsSpan3D(_model.GetTypeInfo(node).Type, out _, out _):
                return Span3DAsValue(node);
            case ILocalSymbol local:
                return CudaNames.Local(local.Name);
            case IParameterSymbol parameter:
                return CudaNames.Local(parameter.Name);
            case IFieldSymbol or IPropertySymbol when HasSelf && !symbol.IsStatic && StructMember(symbol) is { } member:
                return $"self.{member}";
            case IPropertySymbol when IsStructProperty(symbol, out IPropertySymbol property):
                return StructPropertyRead(node, property, receiver: null);
            case IFieldSymbol or IPropertySymbol:
                return Member(node, symbol, receiver: null);
            default:
                return Unsupported(node, $"'{node}'");
        }
    }

    public override string VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        if (Constant(node) is { } constant)
        {
            return constant;
        }

        ISymbol? symbol = _model.GetSymbolInfo(node).Symbol;
        if (symbol is IPropertySymbol { Name: "Length" } && (CudaKnownTypes.IsSpan(symbol.ContainingType, out _, out _) || IsArrayLocal(node.Expression)))
        {
            return Parenthesize(SpanLength(node.Expression));
        }

        if (IsGlobalValue(symbol))
        {
            return GlobalName(node.Expression);
        }

        if (IsConstantArrayLength(symbol))
        {
            return ConstantArrayLength(node.Expression);
        }

        if (symbol is { IsStatic: false } && CudaKnownTypes.IsSpan2D(symbol.ContainingType, out _, out _))
        {
            return Span2DMember(node);
        }

        if (symbol is { IsStatic: false } && CudaKnownTypes.IsSpan3D(symbol.ContainingType, out _, out _))
        {
            return Span3DMember(node);
        }

        if (VectorMember(symbol) is { } component)
        {
            return $"{Visit(node.Expression)}.{component}";
        }

        if (symbol is { IsStatic: false } && StructMember(symbol) is { } member)
        {
            return $"{Visit(node.Expression)}.{member}";
        }

        if (IsStructProperty(symbol, out IPropertySymbol property))
        {
            return StructPropertyRead(node, property, property.IsStatic ? null : node.Expression);
        }

        bool isStatic = symbol?.IsStatic ?? true;
        return Member(node, symbol, receiver: isStatic ? null : node.Expression);
    }

    public override string VisitElementAccessExpression(ElementAccessExpressionSyntax node)
    {
        ITypeSymbol? target = _model.GetTypeInfo(node.Expression).Type;
        if (CudaKnownTypes.IsSpan2D(target, out _, out _) && node.ArgumentList.Arguments.Count == 2)
        {
            return Span2DElement(node);
        }

        if (CudaKnownTypes.IsSpan3D(target, out _, out _) && node.ArgumentList.Arguments.Count == 3)
        {
            return Span3DElement(node);
        }

        if (CudaKnownTypes.IsGpuDslType(target, KnownNames.ConstantArray))
        {
            return ConstantArrayElement(node);
        }

        if (target is IArrayTypeSymbol && !IsArrayLocal(node.Expression))
        {
            // GPU code has no arrays; what the array is (a static field, an allocation) says best what to write instead.
            int found = _output.Diagnostics.Count;
            Visit(node.Expression);
            if (_output.Diagnostics.Count > found)
            {
                return Placeholder;
            }
        }

        if (target is null || !(CudaKnownTypes.IsSpan(target, out _, out _) || target is IArrayTypeSymbol) || node.ArgumentList.Arguments.Count != 1)
        {
            return Unsupported(node, $"Indexing '{target?.ToDisplayString() ?? node.Expression.ToString()}'");
        }

        ArgumentSyntax argument = node.ArgumentList.Arguments[0];
        ITypeSymbol? indexType = _model.GetTypeInfo(argument.Expression).Type;
        if (argument.Expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression } || indexType?.Name is "Index" or "Range")
        {
            return Unsupported(argument, "Indexing from the end (^) or with a range (..)");
        }

        int before = _output.Diagnostics.Count;
        SpanText span = Span(node.Expression);
        string pointer = Primary(span.Pointer);
        string index = Visit(argument.Expression);
        if (_output.Diagnostics.Count > before)
        {
            return $"{pointer}[{index}]";
        }

        return $"{pointer}[{CheckedIndex(node, index, span.Length)}]";
    }

    public override string VisitCastExpression(CastExpressionSyntax node)
    {
        // unchecked((int)0x80000000u) is int.MinValue in C#; the C++ conversion of an out-of-range constant is not so sure.
        if (_unchecked > 0 && Constant(node) is { } folded)
        {
            return folded;
        }

        if (UserCast(node) is { } converted)
        {
            return converted;
        }

        ITypeSymbol? type = _model.GetTypeInfo(node.Type).Type;
        string? cuda = TypeName(type, node.Type);
        if (cuda is null || type is null)
        {
            return Placeholder;
        }

        string operand = Visit(node.Expression);
        ITypeSymbol? from = _model.GetTypeInfo(node.Expression).Type;
        return from is null ? $"({cuda}){operand}" : Conversion(from, type, cuda, operand);
    }

    public override string VisitBinaryExpression(BinaryExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.CoalesceExpression) || node.IsKind(SyntaxKind.AsExpression) || node.IsKind(SyntaxKind.IsExpression))
        {
            return Unsupported(node.OperatorToken, $"The '{node.OperatorToken.Text}' operator");
        }

        // C# folds a constant unchecked(int.MaxValue + 1) to int.MinValue; written out, C++ would overflow.
        if (_unchecked > 0 && Constant(node) is { } folded)
        {
            return folded;
        }

        if (UserOperator(node) is { } rejected)
        {
            return rejected;
        }

        if (Contraction(node) is { } fused)
        {
            return fused;
        }

        string left = Converted(node.Left);
        string right = Converted(node.Right);
        string op = node.OperatorToken.Text;
        if (node.IsKind(SyntaxKind.LeftShiftExpression) || node.IsKind(SyntaxKind.RightShiftExpression))
        {
            right = ShiftCount(node.Left, node.Right, right);
            if (Wrapping(node, left, right) is { } shifted)
            {
                return shifted;
            }
        }
        else if (node.IsKind(SyntaxKind.UnsignedRightShiftExpression))
        {
            return UnsignedShift(node, left, ShiftCount(node.Left, node.Right, right));
        }
        else if (EnumArithmetic(node, left, right) is { } enumResult)
        {
            return enumResult;
        }
        else if (FloatingArithmetic(node, left, right) is { } floating)
        {
            return floating;
        }
        else if (Wrapping(node, left, right) is { } wrapped)
        {
            return wrapped;
        }

        return $"{left} {op} {right}";
    }

    public override string VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.IndexExpression) || node.IsKind(SyntaxKind.AddressOfExpression) || node.IsKind(SyntaxKind.PointerIndirectionExpression))
        {
            return Unsupported(node, $"The '{node.OperatorToken.Text}' operator");
        }

        if (EnumUnary(node) is { } enumResult)
        {
            return enumResult;
        }

        if (UserOperator(node) is { } user)
        {
            return user;
        }

        if (IsStructProperty(_model.GetSymbolInfo(node.Operand).Symbol, out IPropertySymbol property))
        {
            return Unsupported(node, $"'{node.OperatorToken.Text}' on the property '{property.Name}' (write 'x.{property.Name} = x.{property.Name} {node.OperatorToken.Text.Substring(0, 1)} 1')");
        }

        if ((node.IsKind(SyntaxKind.PreIncrementExpression) || node.IsKind(SyntaxKind.PreDecrementExpression)) &&
            SteppedIncrement(node, node.Operand, node.IsKind(SyntaxKind.PreIncrementExpression), prefix: true) is { } stepped)
        {
            return stepped;
        }

        // C# negates a uint as a long (-u is never unsigned) and promotes byte and short to int: the operand says so.
        string operand = node.IsKind(SyntaxKind.PreIncrementExpression) || node.IsKind(SyntaxKind.PreDecrementExpression) ? Visit(node.Operand) : Converted(node.Operand);
        if (node.IsKind(SyntaxKind.UnaryMinusExpression) && WrappingNegation(node, operand) is { } wrapped)
        {
            return wrapped;
        }

        // BFloat16's minus flips the sign bit, as C#'s does (NaN's too), with no need for cuda_bf16.h's operators, which
        // older toolkits define only for sm_80 and later.
        if (node.IsKind(SyntaxKind.UnaryMinusExpression) && CudaFloat16Type.Of(_model.GetTypeInfo(node.Operand).Type) == CudaFloat16Type.BFloat16)
        {
            CudaFloat16Type bf16 = CudaFloat16Type.BFloat16;
            return $"{bf16.FromUShort}((unsigned short)({bf16.AsUShort}({operand}) ^ 0x8000u))";
        }

        // "- -x" must not become "--x", a decrement.
        string separator = operand.StartsWith(node.OperatorToken.Text.Substring(0, 1), System.StringComparison.Ordinal) ? " " : "";
        return node.OperatorToken.Text + separator + operand;
    }

    public override string VisitPostfixUnaryExpression(PostfixUnaryExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.SuppressNullableWarningExpression))
        {
            return Visit(node.Operand);
        }

        if (IsEnum(_model.GetTypeInfo(node.Operand).Type))
        {
            return Unsupported(node, $"'{node.OperatorToken.Text}' on an enum (write e = e + 1)");
        }

        if (UserOperator(node) is { } user)
        {
            return user;
        }

        if (IsStructProperty(_model.GetSymbolInfo(node.Operand).Symbol, out IPropertySymbol property))
        {
            return Unsupported(node, $"'{node.OperatorToken.Text}' on the property '{property.Name}' (write 'x.{property.Name} = x.{property.Name} {node.OperatorToken.Text.Substring(0, 1)} 1')");
        }

        if ((node.IsKind(SyntaxKind.PostIncrementExpression) || node.IsKind(SyntaxKind.PostDecrementExpression)) &&
            SteppedIncrement(node, node.Operand, node.IsKind(SyntaxKind.PostIncrementExpression), prefix: false) is { } stepped)
        {
            return stepped;
        }

        return Visit(node.Operand) + node.OperatorToken.Text;
    }

    public override string VisitAssignmentExpression(AssignmentExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.CoalesceAssignmentExpression))
        {
            return Unsupported(node.OperatorToken, "The '??=' operator");
        }

        if (node.Left is TupleExpressionSyntax or DeclarationExpressionSyntax)
        {
            return Unsupported(node.Left, "Tuple deconstruction inside an expression (write it as a statement of its own)");
        }

        if (!node.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsEnum(_model.GetTypeInfo(node.Left).Type))
        {
            return Unsupported(node.OperatorToken, $"The '{node.OperatorToken.Text}' operator on an enum (write e = e {node.OperatorToken.Text.TrimEnd('=')} f)");
        }

        if (IsStructProperty(_model.GetSymbolInfo(node.Left).Symbol, out IPropertySymbol property))
        {
            return StructPropertyAssignment(node, property);
        }

        if (UserOperator(node) is { } rejected)
        {
            return rejected;
        }

        if (CudaKnownTypes.IsSpan3D(_model.GetTypeInfo(node.Left).Type, out _, out _))
        {
            return Span3DAsValue(node.Left);
        }

        if (CudaKnownTypes.IsSpan2D(_model.GetTypeInfo(node.Left).Type, out _, out _))
        {
            Report(DiagnosticDescriptors.UnsupportedSpan2DLocal, LocationInfo.From(node), node.Left.ToString());
            return Placeholder;
        }

        if (node.Right is RefExpressionSyntax)
        {
            return Unsupported(node, "Pointing a ref local elsewhere (a C++ reference cannot be rebound; declare a new ref local)");
        }

        if (_model.GetTypeInfo(node.Left).Type is { } assigned && CudaKnownTypes.IsSpan(assigned, out _, out _))
        {
            return SpanAssignment(node);
        }

        if (_model.GetTypeInfo(node.Left).Type is IArrayTypeSymbol)
        {
            return Unsupported(node, "Assigning an array local (copy the elements in a loop, or make it a Span<T> local, which can be assigned)");
        }

        if (CompoundContraction(node) is { } fused)
        {
            return fused;
        }

        string right = Converted(node.Right);
        if (node.IsKind(SyntaxKind.LeftShiftAssignmentExpression) || node.IsKind(SyntaxKind.RightShiftAssignmentExpression) ||
            node.IsKind(SyntaxKind.UnsignedRightShiftAssignmentExpression))
        {
            right = ShiftCount(node.Left, node.Right, right);
        }

        string target = Visit(node.Left);
        return CompoundAsBinary(node, target, right) ?? WrappingCompound(node, target, right) ?? $"{target} {node.OperatorToken.Text} {right}";
    }

    public override string VisitConditionalExpression(ConditionalExpressionSyntax node) =>
        $"{Visit(node.Condition)} ? {Converted(node.WhenTrue)} : {Converted(node.WhenFalse)}";

    public override string VisitCheckedExpression(CheckedExpressionSyntax node)
    {
        if (!node.IsKind(SyntaxKind.UncheckedExpression))
        {
            return Unsupported(node.Keyword, "A 'checked' expression (GPU integer arithmetic wraps; it cannot trap)");
        }

        _unchecked++;
        string text = $"({Visit(node.Expression)})";
        _unchecked--;
        return text;
    }

    public override string VisitDefaultExpression(DefaultExpressionSyntax node) => DefaultValue(node);

    /// <summary>C# masks a shift count to the operand's width (x &lt;&lt; 33 is x &lt;&lt; 1 for an int); C leaves it undefined.</summary>
    private string ShiftCount(ExpressionSyntax value, ExpressionSyntax count, string countText)
    {
        int bits = _model.GetTypeInfo(value).ConvertedType?.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt64 ? 64 : 32;
        if (_model.GetConstantValue(count) is { HasValue: true, Value: int constant } && constant >= 0 && constant < bits)
        {
            return countText;
        }

        return $"({countText} & {bits - 1})";
    }

    private string UnsignedShift(BinaryExpressionSyntax node, string left, string count)
    {
        ITypeSymbol? type = _model.GetTypeInfo(node).Type;
        string? cuda = type is null ? null : CudaKnownTypes.ScalarName(type);
        string? unsigned = cuda switch
        {
            "int" => "unsigned int",
            "long long" => "unsigned long long",
            _ => cuda,
        };
        return unsigned is null ? Unsupported(node, "The '>>>' operator on this type") : $"({cuda})(({unsigned}){left} >> {count})";
    }

    /// <summary>A constant's CUDA literal, or <see langword="null"/> when the expression is not constant.</summary>
    private string? Constant(ExpressionSyntax node)
    {
        Optional<object?> value = _model.GetConstantValue(node);
        if (!value.HasValue)
        {
            return null;
        }

        if (value.Value is string or char or decimal)
        {
            return UnsupportedType(node, value.Value switch { string => "string", char => "char", _ => "decimal" });
        }

        if (value.Value is null)
        {
            return Unsupported(node, "'null'");
        }

        string literal = CudaLiterals.Format(value.Value);
        TypeInfo info = _model.GetTypeInfo(node);
        if ((info.ConvertedType ?? info.Type) is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType && _types.Name(enumType) is { } enumName)
        {
            // A named member reads as C# wrote it; any other value (a cast, a literal 0) is cast: enum class has no implicit conversions.
            return _model.GetSymbolInfo(node).Symbol is IFieldSymbol { HasConstantValue: true } member && SymbolEqualityComparer.Default.Equals(member.ContainingType, enumType)
                ? _types.EnumMember(member)
                : $"(({enumName}){literal})";
        }

        return literal.StartsWith("-", System.StringComparison.Ordinal) ? $"({literal})" : literal;
    }
}
