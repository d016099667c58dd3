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
/// Translates the body of one GPU method to CUDA C. Each supported construct has one <c>Visit</c> method: statements
/// here, each writing its lines to the <see cref="CudaWriter"/>; expressions in <c>.Expressions.cs</c> and calls in
/// <c>.Calls.cs</c>, each returning its CUDA text; the conversions C# applies (<c>.Conversions.cs</c>, one place for every
/// operand, argument, assignment and return), floating-point operators and contraction (<c>.Floating.cs</c>); switches
/// and patterns, deconstruction, structs, spans, enums, <c>Half</c> and <c>BFloat16</c>, <c>out</c> variables and unchecked arithmetic
/// each in a partial file of that name. Each rejected
/// construct has one in <c>.Diagnostics.cs</c>; what the method calls and uses is recorded by <c>.Tracking.cs</c>.
/// </summary>
/// <remarks>
/// It walks the syntax and writes text rather than rewriting one tree into another, so that every statement can carry
/// its own <c>#line</c> directive and the output reads like CUDA a person wrote.
/// </remarks>
internal sealed partial class CudaTranslator : CSharpSyntaxVisitor<string>
{
    private readonly SemanticModel _model;
    private readonly IMethodSymbol _method;

    /// <summary>The function's own <c>ContractFloatingPoint</c> (read once, not at every product), or null to follow the project.</summary>
    private readonly bool? _contracts;
    private readonly CudaWriter _writer;
    private readonly CudaTypeMap _types;

    /// <summary>Where this translator, and the nested ones for the struct functions it calls, put what they find.</summary>
    private readonly TranslationOutput _output;

    /// <summary>What each span local is in CUDA.</summary>
    private readonly SpanLocals _spans = new();

    /// <summary>The CUDA name written for each hoisted <c>out</c> argument.</summary>
    private readonly Dictionary<ArgumentSyntax, string> _outVariables = new();

    /// <summary>The constructors being translated around this one, to stop a constructor that builds its own type.</summary>
    private HashSet<IMethodSymbol> _constructorStack = new(SymbolEqualityComparer.Default);

    /// <summary>How many <c>foreach</c> loops over spans enclose the code being translated, to name their indexes.</summary>
    private int _loopDepth;

    /// <summary>How many <c>unchecked</c> expressions or blocks enclose the code being translated.</summary>
    private int _unchecked;

    /// <summary>Numbers the temporaries this function introduces (<c>gpudsl_tuple0</c>...).</summary>
    private int _temporaries;

    /// <summary>The <c>__shared__</c> arrays this function declares.</summary>
    public SharedArrays Shared { get; } = new();

    public CudaTranslator(SemanticModel model, IMethodSymbol method, CudaWriter writer, CudaTypeMap types, TranslationOutput output)
    {
        _output = output;
        _model = model;
        _method = method;
        _contracts = ContractsOf(method);
        _writer = writer;
        _types = types;
    }

    /// <summary>Writes the method's body (a block or an expression body) as a CUDA block.</summary>
    public void WriteBody(MethodDeclarationSyntax method) => WriteBody(method.Body, method.ExpressionBody);

    /// <summary>Writes a body given as a block or an expression (a method, accessor or operator) as a CUDA block.</summary>
    private void WriteBody(BlockSyntax? body, ArrowExpressionClauseSyntax? expressionBody)
    {
        if (body is not null)
        {
            WriteBlock(body);
        }
        else if (expressionBody is { } arrow)
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
                string value = _method.ReturnsVoid ? Visit(arrow.Expression) : Converted(arrow.Expression);
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

        if (IsSpan2DDeclaration(node))
        {
            WriteSpan2DLocals(node);
            return "";
        }

        if (CudaKnownTypes.IsSpan3D(_model.GetTypeInfo(Unscoped(node.Declaration.Type)).Type, out _, out _))
        {
            WriteSpan3DLocals(node);
            return "";
        }

        if (IsArrayDeclaration(node))
        {
            WriteArrayLocals(node);
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
        _writer.Line(node.Expression is not null ? $"return {Converted(node.Expression)};" : IsConstructor ? "return self;" : "return;");
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

    // ---- Shared pieces.

    /// <summary>Visits a node; anything without its own Visit method is rejected by <see cref="DefaultVisit"/>.</summary>
    /// <remarks>
    /// A constant expression is written as its value, which Roslyn has folded as C# folds it (so <c>-2147483648</c> is
    /// an <c>int</c>, not the negation of an unsigned literal, and <c>1 &lt;&lt; 33</c> is 2).
    /// </remarks>
    public override string Visit(SyntaxNode? node)
    {
        if (node is null)
        {
            return "";
        }

        if (node is ExpressionSyntax expression && node is not LiteralExpressionSyntax && node.SyntaxTree == _model.SyntaxTree &&
            _model.GetConstantValue(expression) is { HasValue: true, Value: not (null or string or char or decimal) })
        {
            return Constant(expression)!;
        }

        return base.Visit(node) ?? "";
    }

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

            type ??= CudaKnownTypes.IsGpuDslType(local.Type, KnownNames.Dim3) ? "dim3" : TypeName(local.Type, declaration.Type);
            if (type is null)
            {
                // Reported once, at the type; the initializer is not translated, so it adds no second error.
                return Placeholder;
            }

            string name = CudaNames.Local(local.Name);
            if (local.IsRef)
            {
                declarators.Add(RefLocal(local, name, variable));
                continue;
            }

            declarators.Add(variable.Initializer is { } initializer ? $"{name} = {Converted(initializer.Value)}" : name);
        }

        // float& x = s[i]; for one ref local, float &x = s[i], &y = s[j]; for several.
        string qualified = RefQualified(declaration, type!);
        return declarators.Count == 1 && declarators[0].StartsWith("&", System.StringComparison.Ordinal)
            ? $"{qualified}& {declarators[0].Substring(1)}"
            : $"{(isConst ? "const " : "")}{qualified} {string.Join(", ", declarators)}";
    }

    private void MapTo(SyntaxNode node) => _writer.MapTo(node.GetLocation().GetLineSpan().StartLinePosition.Line + 1);

    private void MapTo(SyntaxToken token) => _writer.MapTo(token.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
}
