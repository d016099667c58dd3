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
    private readonly CudaTypeMap _types;

    /// <summary>How many <c>unchecked</c> expressions or blocks enclose the code being translated.</summary>
    private int _unchecked;

    /// <summary>Numbers the temporaries this function introduces (<c>gpudsl_tuple0</c>...).</summary>
    private int _temporaries;

    public CudaRewriter(SemanticModel model, IMethodSymbol method, CudaWriter writer, CudaTypeMap types)
    {
        _model = model;
        _method = method;
        _writer = writer;
        _types = types;
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
            if (_method.ReturnsVoid && IsDeconstruction(arrow.Expression, out AssignmentExpressionSyntax? deconstruction))
            {
                WriteDeconstruction(deconstruction!);
            }
            else
            {
                HoistOutVariables(arrow.Expression);
                string value = Visit(arrow.Expression);
                _writer.Line(_method.ReturnsVoid ? $"{value};" : $"return {value};");
            }

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

        HoistOutVariables(node.Declaration);
        _writer.Line(Declaration(node.Declaration, node.IsConst) + ";");
        return "";
    }

    public override string VisitExpressionStatement(ExpressionStatementSyntax node)
    {
        MapTo(node);
        if (IsDeconstruction(node.Expression, out AssignmentExpressionSyntax? deconstruction))
        {
            WriteDeconstruction(deconstruction!);
            return "";
        }

        HoistOutVariables(node.Expression);
        _writer.Line(Visit(node.Expression) + ";");
        return "";
    }

    public override string VisitIfStatement(IfStatementSyntax node)
    {
        MapTo(node);
        for (IfStatementSyntax? chain = node; chain is not null; chain = chain.Else?.Statement as IfStatementSyntax)
        {
            HoistOutVariables(chain.Condition);
        }

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
        HoistOutVariables(node.Expression);
        _writer.Line(node.Expression is not null ? $"return {Visit(node.Expression)};" : IsConstructor ? "return self;" : "return;");
        return "";
    }

    /// <summary>An <c>unchecked</c> block: its integer arithmetic wraps (see <see cref="Wrapping"/>).</summary>
    public override string VisitCheckedStatement(CheckedStatementSyntax node)
    {
        if (!node.Keyword.IsKind(SyntaxKind.UncheckedKeyword))
        {
            return DefaultVisit(node);
        }

        _unchecked++;
        WriteBlock(node.Block);
        _unchecked--;
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
            case ILocalSymbol local:
                return CudaNames.Local(local.Name);
            case IParameterSymbol parameter:
                return CudaNames.Local(parameter.Name);
            case IFieldSymbol or IPropertySymbol when IsConstructor && !symbol.IsStatic && StructMember(symbol) is { } member:
                return $"self.{member}";
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

        if (symbol is { IsStatic: false } && StructMember(symbol) is { } member)
        {
            return $"{Visit(node.Expression)}.{member}";
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

        bool device = template is null && HasAttribute(method, "GpuDsl.DeviceAttribute");
        List<string> arguments = Arguments(node.ArgumentList, method, template is not null ? RefArguments.Ref : device ? RefArguments.All : RefArguments.None);
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
        // unchecked((int)0x80000000u) is int.MinValue in C#; the C++ conversion of an out-of-range constant is not so sure.
        if (_unchecked > 0 && Constant(node) is { } folded)
        {
            return folded;
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
        else if (EnumArithmetic(node, left, right) is { } enumResult)
        {
            return enumResult;
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

        string operand = Visit(node.Operand);
        if (node.IsKind(SyntaxKind.UnaryMinusExpression) && WrappingNegation(node, operand) is { } wrapped)
        {
            return wrapped;
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

        if (UserOperator(node) is { } rejected)
        {
            return rejected;
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

        string target = Visit(node.Left);
        return WrappingCompound(node, target, right) ?? $"{target} {node.OperatorToken.Text} {right}";
    }

    public override string VisitConditionalExpression(ConditionalExpressionSyntax node) =>
        $"{Visit(node.Condition)} ? {Operand(node.WhenTrue)} : {Operand(node.WhenFalse)}";

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

    /// <summary>
    /// The body of an if, loop or else: a block as is, a single statement indented, or braced when its translation
    /// takes more than one line (a deconstruction, an <c>out var</c> declared before its call).
    /// </summary>
    private void WriteEmbedded(StatementSyntax statement)
    {
        if (statement is BlockSyntax block)
        {
            WriteBlock(block);
            return;
        }

        bool severalLines = (statement is ExpressionStatementSyntax expression && IsDeconstruction(expression.Expression, out _)) ||
            statement.DescendantNodes().OfType<ArgumentSyntax>().Any(a => a.RefKindKeyword.IsKind(SyntaxKind.OutKeyword));
        if (severalLines)
        {
            _writer.Line("{");
            _writer.Indent();
            Visit(statement);
            _writer.Outdent();
            _writer.Line("}");
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

            type ??= CudaKnownTypes.IsGpuDslType(local.Type, "Dim3") ? "dim3" : TypeName(local.Type, declaration.Type);
            if (type is null)
            {
                // Reported once, at the type; the initializer is not translated, so it adds no second error.
                return Placeholder;
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

    /// <summary>Which argument modifiers a call takes: none, <c>ref</c> (atomics), or all (device functions).</summary>
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

            int index = argument.NameColon is { } name
                ? method.Parameters.IndexOf(method.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText)!)
                : i;
            if (index < 0 || index >= ordered.Length || method.Parameters[index].IsParams)
            {
                Unsupported(argument, "A 'params' argument");
                continue;
            }

            ordered[index] = CudaKnownTypes.IsSpan(method.Parameters[index].Type, out _, out _)
                ? $"{SpanPointer(argument.Expression)}, {SpanLength(argument.Expression)}"
                : modifier.IsKind(SyntaxKind.OutKeyword) ? OutArgument(argument) : Visit(argument.Expression);
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
