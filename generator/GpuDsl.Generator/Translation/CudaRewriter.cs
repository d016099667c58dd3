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
/// Translates the body of one GPU method to CUDA C. Each supported construct has one <c>Visit</c> method here: an
/// expression returns its CUDA text, a statement writes its lines to the <see cref="CudaWriter"/>. Each rejected
/// construct has one in <c>CudaRewriter.Diagnostics.cs</c>; what the method calls and uses is recorded by
/// <c>CudaRewriter.Tracking.cs</c>.
/// </summary>
/// <remarks>
/// It walks the syntax and writes text rather than rewriting one tree into another, so that every statement can carry
/// its own <c>#line</c> directive and the output reads like CUDA a person wrote.
/// </remarks>
internal sealed partial class CudaRewriter : CSharpSyntaxVisitor<string>
{
    private readonly SemanticModel _model;
    private readonly IMethodSymbol _method;
    private readonly CudaWriter _writer;

    public CudaRewriter(SemanticModel model, IMethodSymbol method, CudaWriter writer)
    {
        _model = model;
        _method = method;
        _writer = writer;
    }

    /// <summary>Writes the method's body (a block or an expression body) as a CUDA block.</summary>
    public void WriteBody(MethodDeclarationSyntax method)
    {
        if (method.Body is { } body)
        {
            WriteBlock(body);
        }
        else if (method.ExpressionBody is { } arrow)
        {
            _writer.Line("{");
            _writer.Indent();
            MapTo(arrow.Expression);
            string value = Visit(arrow.Expression);
            _writer.Line(_method.ReturnsVoid ? $"{value};" : $"return {value};");
            _writer.Outdent();
            _writer.Line("}");
        }
        else
        {
            _writer.Line("{");
            _writer.Line("}");
        }
    }

    // ---- Statements: each writes its lines and returns "".

    public override string VisitBlock(BlockSyntax node)
    {
        WriteBlock(node);
        return "";
    }

    public override string VisitLocalDeclarationStatement(LocalDeclarationStatementSyntax node)
    {
        if (!node.UsingKeyword.IsKind(SyntaxKind.None) || node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
        {
            return Unsupported(node, "A 'using' declaration");
        }

        MapTo(node);
        if (IsSpanDeclaration(node, _model))
        {
            WriteSpanLocals(node);
            return "";
        }

        _writer.Line(Declaration(node.Declaration, node.IsConst) + ";");
        return "";
    }

    public override string VisitExpressionStatement(ExpressionStatementSyntax node)
    {
        MapTo(node);
        _writer.Line(Visit(node.Expression) + ";");
        return "";
    }

    public override string VisitIfStatement(IfStatementSyntax node)
    {
        MapTo(node);
        _writer.Line($"if ({Visit(node.Condition)})");
        WriteEmbedded(node.Statement);
        for (ElseClauseSyntax? clause = node.Else; clause is not null;)
        {
            MapTo(clause);
            if (clause.Statement is IfStatementSyntax elseIf)
            {
                _writer.Line($"else if ({Visit(elseIf.Condition)})");
                WriteEmbedded(elseIf.Statement);
                clause = elseIf.Else;
            }
            else
            {
                _writer.Line("else");
                WriteEmbedded(clause.Statement);
                clause = null;
            }
        }

        return "";
    }

    public override string VisitForStatement(ForStatementSyntax node)
    {
        MapTo(node);
        string initializer = node.Declaration is { } declaration
            ? Declaration(declaration, isConst: false)
            : string.Join(", ", node.Initializers.Select(Visit));
        string condition = node.Condition is null ? "" : Visit(node.Condition);
        string incrementors = string.Join(", ", node.Incrementors.Select(Visit));
        _writer.Line($"for ({initializer}; {condition}; {incrementors})");
        WriteEmbedded(node.Statement);
        return "";
    }

    public override string VisitWhileStatement(WhileStatementSyntax node)
    {
        MapTo(node);
        _writer.Line($"while ({Visit(node.Condition)})");
        WriteEmbedded(node.Statement);
        return "";
    }

    public override string VisitDoStatement(DoStatementSyntax node)
    {
        MapTo(node);
        _writer.Line("do");
        WriteEmbedded(node.Statement);
        MapTo(node.WhileKeyword);
        _writer.Line($"while ({Visit(node.Condition)});");
        return "";
    }

    public override string VisitReturnStatement(ReturnStatementSyntax node)
    {
        MapTo(node);
        _writer.Line(node.Expression is null ? "return;" : $"return {Visit(node.Expression)};");
        return "";
    }

    public override string VisitBreakStatement(BreakStatementSyntax node)
    {
        MapTo(node);
        _writer.Line("break;");
        return "";
    }

    public override string VisitContinueStatement(ContinueStatementSyntax node)
    {
        MapTo(node);
        _writer.Line("continue;");
        return "";
    }

    public override string VisitEmptyStatement(EmptyStatementSyntax node) => "";

    // ---- Expressions: each returns its CUDA text.

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

        if (node.IsKind(SyntaxKind.NullLiteralExpression) || node.IsKind(SyntaxKind.DefaultLiteralExpression))
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
            case ILocalSymbol local:
                return CudaNames.Local(local.Name);
            case IParameterSymbol parameter:
                return CudaNames.Local(parameter.Name);
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
        if (symbol is IPropertySymbol { Name: "Length" } && CudaKnownTypes.IsSpan(symbol.ContainingType, out _, out _))
        {
            return SpanLength(node.Expression);
        }

        bool isStatic = symbol?.IsStatic ?? true;
        return Member(node, symbol, receiver: isStatic ? null : node.Expression);
    }

    public override string VisitElementAccessExpression(ElementAccessExpressionSyntax node)
    {
        ITypeSymbol? target = _model.GetTypeInfo(node.Expression).Type;
        if (target is null || !CudaKnownTypes.IsSpan(target, out _, out _) || node.ArgumentList.Arguments.Count != 1)
        {
            return Unsupported(node, $"Indexing '{target?.ToDisplayString() ?? node.Expression.ToString()}'");
        }

        ArgumentSyntax argument = node.ArgumentList.Arguments[0];
        ITypeSymbol? indexType = _model.GetTypeInfo(argument.Expression).Type;
        if (argument.Expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression } || indexType?.Name is "Index" or "Range")
        {
            return Unsupported(argument, "Indexing from the end (^) or with a range (..)");
        }

        return $"{SpanPointer(node.Expression)}[{Visit(argument.Expression)}]";
    }

    public override string VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (_model.GetSymbolInfo(node).Symbol is not IMethodSymbol method)
        {
            return Unsupported(node, $"The call '{node.Expression}'");
        }

        string? template = IntrinsicTemplate(method);
        if (template is SharedTemplate or DynamicSharedTemplate)
        {
            Report(DiagnosticDescriptors.UnsupportedSpanLocal, LocationInfo.From(node), node.ToString());
            return Placeholder;
        }

        if (template is not null && template.Contains("&{0}") &&
            node.ArgumentList.Arguments.FirstOrDefault()?.Expression is { } target && target is not ElementAccessExpressionSyntax)
        {
            Report(DiagnosticDescriptors.AtomicTargetNotMemory, LocationInfo.From(target), target.ToString());
        }

        List<string> arguments = Arguments(node, method, allowRef: template is not null);
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

    public override string VisitCastExpression(CastExpressionSyntax node)
    {
        ITypeSymbol? type = _model.GetTypeInfo(node.Type).Type;
        string? cuda = type is null ? null : CudaKnownTypes.ScalarName(type);
        if (cuda is null)
        {
            return UnsupportedType(node.Type, type?.ToDisplayString() ?? node.Type.ToString());
        }

        return $"({cuda}){Visit(node.Expression)}";
    }

    public override string VisitBinaryExpression(BinaryExpressionSyntax node)
    {
        string left = Operand(node.Left);
        string right = Operand(node.Right);
        string op = node.OperatorToken.Text;
        if (node.IsKind(SyntaxKind.LeftShiftExpression) || node.IsKind(SyntaxKind.RightShiftExpression))
        {
            right = ShiftCount(node.Left, node.Right, right);
        }
        else if (node.IsKind(SyntaxKind.UnsignedRightShiftExpression))
        {
            return UnsignedShift(node, left, ShiftCount(node.Left, node.Right, right));
        }
        else if (node.IsKind(SyntaxKind.CoalesceExpression) || node.IsKind(SyntaxKind.AsExpression) || node.IsKind(SyntaxKind.IsExpression))
        {
            return Unsupported(node.OperatorToken, $"The '{op}' operator");
        }

        return $"{left} {op} {right}";
    }

    public override string VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.IndexExpression) || node.IsKind(SyntaxKind.AddressOfExpression) || node.IsKind(SyntaxKind.PointerIndirectionExpression))
        {
            return Unsupported(node, $"The '{node.OperatorToken.Text}' operator");
        }

        string operand = Visit(node.Operand);

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
            return Unsupported(node.Left, "Tuple deconstruction");
        }

        if (IsSpanLocal(node.Left))
        {
            return Unsupported(node, "Assigning a span local again (declare a new one)");
        }

        if (node.IsKind(SyntaxKind.UnsignedRightShiftAssignmentExpression))
        {
            return Unsupported(node.OperatorToken, "The '>>>=' operator");
        }

        string right = Visit(node.Right);
        if (node.IsKind(SyntaxKind.LeftShiftAssignmentExpression) || node.IsKind(SyntaxKind.RightShiftAssignmentExpression))
        {
            right = ShiftCount(node.Left, node.Right, right);
        }

        return $"{Visit(node.Left)} {node.OperatorToken.Text} {right}";
    }

    public override string VisitConditionalExpression(ConditionalExpressionSyntax node) =>
        $"{Visit(node.Condition)} ? {Operand(node.WhenTrue)} : {Operand(node.WhenFalse)}";

    public override string VisitCheckedExpression(CheckedExpressionSyntax node) =>
        node.IsKind(SyntaxKind.UncheckedExpression)
            ? $"({Visit(node.Expression)})"
            : Unsupported(node.Keyword, "A 'checked' expression (GPU integer arithmetic wraps; it cannot trap)");

    // ---- Shared pieces.

    /// <summary>Visits a node; anything without its own Visit method is rejected by <see cref="DefaultVisit"/>.</summary>
    public override string Visit(SyntaxNode? node) => node is null ? "" : base.Visit(node) ?? "";

    private void WriteBlock(BlockSyntax block)
    {
        _writer.Line("{");
        _writer.Indent();
        foreach (StatementSyntax statement in block.Statements)
        {
            Visit(statement);
        }

        _writer.Outdent();
        _writer.Line("}");
    }

    /// <summary>The body of an if, loop or else: a block as is, a single statement indented.</summary>
    private void WriteEmbedded(StatementSyntax statement)
    {
        if (statement is BlockSyntax block)
        {
            WriteBlock(block);
            return;
        }

        _writer.Indent();
        Visit(statement);
        _writer.Outdent();
    }

    private string Declaration(VariableDeclarationSyntax declaration, bool isConst)
    {
        List<string> declarators = new();
        string? type = null;
        foreach (VariableDeclaratorSyntax variable in declaration.Variables)
        {
            if (_model.GetDeclaredSymbol(variable) is not ILocalSymbol local)
            {
                return Unsupported(variable, $"The declaration of '{variable.Identifier.ValueText}'");
            }

            if (local.IsRef)
            {
                return Unsupported(declaration, "A 'ref' local");
            }

            type ??= CudaKnownTypes.LocalName(local.Type);
            if (type is null)
            {
                // Reported once, at the type; the initializer is not translated, so it adds no second error.
                return UnsupportedType(declaration.Type, local.Type.ToDisplayString());
            }

            string name = CudaNames.Local(local.Name);
            declarators.Add(variable.Initializer is { } initializer ? $"{name} = {Visit(initializer.Value)}" : name);
        }

        return $"{(isConst ? "const " : "")}{type} {string.Join(", ", declarators)}";
    }

    /// <summary>
    /// An operand of a binary or conditional operator. Where C# widens both sides to <c>long</c> (an <c>int</c> mixed
    /// with a <c>uint</c>) C would make both unsigned instead, so the widening is written out.
    /// </summary>
    private string Operand(ExpressionSyntax operand)
    {
        string text = Visit(operand);
        TypeInfo info = _model.GetTypeInfo(operand);
        if (info.Type is { } from && info.ConvertedType is { } to && !SymbolEqualityComparer.Default.Equals(from, to) &&
            to.SpecialType is SpecialType.System_Int64 && from.SpecialType is not SpecialType.System_Int64 && CudaKnownTypes.ScalarName(from) is not null)
        {
            bool primary = operand is IdentifierNameSyntax or LiteralExpressionSyntax or ParenthesizedExpressionSyntax
                or ElementAccessExpressionSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax;
            return primary ? $"(long long){text}" : $"(long long)({text})";
        }

        return text;
    }

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

        if (value.Value is string or char)
        {
            return UnsupportedType(node, value.Value is string ? "string" : "char");
        }

        if (value.Value is null)
        {
            return Unsupported(node, "'null'");
        }

        string literal = CudaLiterals.Format(value.Value);
        return literal.StartsWith("-", System.StringComparison.Ordinal) ? $"({literal})" : literal;
    }

    /// <summary>
    /// Arguments in parameter order, with omitted optional parameters filled in; a span argument passes its pointer
    /// and its length.
    /// </summary>
    private List<string> Arguments(InvocationExpressionSyntax node, IMethodSymbol method, bool allowRef)
    {
        string?[] ordered = new string?[method.Parameters.Length];
        for (int i = 0; i < node.ArgumentList.Arguments.Count; i++)
        {
            ArgumentSyntax argument = node.ArgumentList.Arguments[i];
            if (!argument.RefKindKeyword.IsKind(SyntaxKind.None) && !(allowRef && argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword)))
            {
                ordered[0] = Unsupported(argument.RefKindKeyword, $"A '{argument.RefKindKeyword.Text}' argument");
                continue;
            }

            int index = argument.NameColon is { } name
                ? method.Parameters.IndexOf(method.Parameters.First(p => p.Name == name.Name.Identifier.ValueText))
                : i;
            if (index < 0 || index >= ordered.Length || method.Parameters[index].IsParams)
            {
                ordered[0] = Unsupported(argument, "A 'params' argument");
                continue;
            }

            ordered[index] = CudaKnownTypes.IsSpan(method.Parameters[index].Type, out _, out _)
                ? $"{SpanPointer(argument.Expression)}, {SpanLength(argument.Expression)}"
                : Visit(argument.Expression);
        }

        for (int i = 0; i < ordered.Length; i++)
        {
            ordered[i] ??= method.Parameters[i].HasExplicitDefaultValue && method.Parameters[i].ExplicitDefaultValue is { } value
                ? CudaLiterals.Format(value)
                : "0";
        }

        return ordered.Select(a => a!).ToList();
    }

    private static string Instantiate(string template, List<string> arguments)
    {
        string text = template;
        for (int i = arguments.Count - 1; i >= 0; i--)
        {
            text = text.Replace("{" + i + "}", arguments[i]);
        }

        return text;
    }

    private void MapTo(SyntaxNode node) => _writer.MapTo(node.GetLocation().GetLineSpan().StartLinePosition.Line + 1);

    private void MapTo(SyntaxToken token) => _writer.MapTo(token.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
}
