using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// <c>switch</c> statements (a C++ <c>switch</c>), switch expressions (a chain of <c>?:</c>) and <c>is</c> patterns (a
/// condition). The patterns translated are those that test a scalar or enum against constants: constant, relational
/// (<c>&lt; &lt;= &gt; &gt;=</c>), <c>not</c>, <c>and</c>, <c>or</c>, parentheses and <c>_</c>; any other is GPU0022.
/// </summary>
internal sealed partial class CudaTranslator
{
    private const string PatternsAllowed =
        "GPU code tests a scalar or enum value against constants: constant and relational (< <= > >=) patterns, combined with 'not', 'and', 'or' and parentheses, or '_'";

    /// <summary>
    /// A C++ <c>switch</c>: C# forbids falling through, so each section already ends in <c>break</c>, <c>return</c> or
    /// <c>continue</c>, which mean the same in C++. A section that declares locals gets braces, because C++ may not
    /// jump past a declaration into the next case.
    /// </summary>
    public override string VisitSwitchStatement(SwitchStatementSyntax node)
    {
        MapTo(node);
        ITypeSymbol? type = _model.GetTypeInfo(node.Expression).Type;
        if (type is null || !(IsEnum(type) || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_UInt64 and not SpecialType.System_Char))
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(node.SwitchKeyword),
                $"A 'switch' on a '{type?.ToDisplayString() ?? node.Expression.ToString()}' value (switch on an integer, bool or enum, or use if/else)");
            return "";
        }

        CheckSectionScopes(node);
        _writer.Line($"switch ({Visit(node.Expression)})");
        _writer.Line("{");
        _writer.Indent();
        foreach (SwitchSectionSyntax section in node.Sections)
        {
            foreach (SwitchLabelSyntax label in section.Labels)
            {
                MapTo(label);
                foreach (string line in CaseLabels(label))
                {
                    _writer.Line(line);
                }
            }

            bool braces = section.Statements.Any(s => s is LocalDeclarationStatementSyntax || (s is ExpressionStatementSyntax e && IsDeconstruction(e.Expression, out _)));
            if (braces)
            {
                _writer.Line("{");
            }

            _writer.Indent();
            foreach (StatementSyntax statement in section.Statements)
            {
                Visit(statement);
            }

            _writer.Outdent();
            if (braces)
            {
                _writer.Line("}");
            }
        }

        _writer.Outdent();
        _writer.Line("}");
        return "";
    }

    /// <summary>
    /// A switch expression as a chain of conditionals: <c>(x == 1 ? a : x == 2 ? b : c)</c>. The last arm needs no test,
    /// because the switch must be exhaustive (GPU0023 otherwise: C# would throw for an unmatched value).
    /// </summary>
    public override string VisitSwitchExpression(SwitchExpressionSyntax node)
    {
        string subject = Visit(node.GoverningExpression);
        if (node.Arms.Count == 0)
        {
            return Unsupported(node, "A switch expression without arms");
        }

        if (_model.GetOperation(node) is ISwitchExpressionOperation { IsExhaustive: false })
        {
            Report(DiagnosticDescriptors.SwitchExpressionNotExhaustive, LocationInfo.From(node.SwitchKeyword),
                _model.GetTypeInfo(node.GoverningExpression).Type?.ToDisplayString() ?? node.GoverningExpression.ToString());
        }

        int tests = node.Arms.Take(node.Arms.Count - 1).Sum(a => Tests(a.Pattern));
        if (tests > 1 && HasSideEffects(node.GoverningExpression))
        {
            return Unsupported(node.GoverningExpression, "A switch expression on a value with side effects, which its arms would evaluate again (assign it to a local first)");
        }

        List<string> parts = new();
        for (int i = 0; i < node.Arms.Count; i++)
        {
            SwitchExpressionArmSyntax arm = node.Arms[i];
            if (arm.WhenClause is { } when)
            {
                Report(DiagnosticDescriptors.UnsupportedPattern, LocationInfo.From(when), when.ToString(), "a switch expression arm cannot have a 'when' clause; write the condition into the arm's value instead");
            }

            string value = Converted(arm.Expression);
            parts.Add(i < node.Arms.Count - 1 ? $"{Pattern(subject, arm.Pattern)} ? {value} : " : value);
        }

        return $"({string.Concat(parts)})";
    }

    /// <summary><c>x is 1 or 2</c>, <c>x is &gt; 0 and &lt; 10</c>, <c>x is not 0</c>: a condition on <c>x</c>.</summary>
    public override string VisitIsPatternExpression(IsPatternExpressionSyntax node)
    {
        string subject = Visit(node.Expression);
        if (Tests(node.Pattern) > 1 && HasSideEffects(node.Expression))
        {
            return Unsupported(node.Expression, "An 'is' pattern on a value with side effects, which each test would evaluate again (assign it to a local first)");
        }

        string condition = Pattern(subject, node.Pattern);
        bool standsAlone = node.Parent is ParenthesizedExpressionSyntax or EqualsValueClauseSyntax or ArgumentSyntax or
            ReturnStatementSyntax or ArrowExpressionClauseSyntax or ExpressionStatementSyntax ||
            (node.Parent is IfStatementSyntax or WhileStatementSyntax or DoStatementSyntax) ||
            (node.Parent is ConditionalExpressionSyntax conditional && conditional.Condition == node) ||
            (node.Parent is AssignmentExpressionSyntax assignment && assignment.Right == node);
        return standsAlone || node.Pattern is ConstantPatternSyntax or RelationalPatternSyntax ? condition : $"({condition})";
    }

    /// <summary>The condition that <paramref name="subject"/> matches <paramref name="pattern"/>.</summary>
    private string Pattern(string subject, PatternSyntax pattern)
    {
        switch (pattern)
        {
            case ConstantPatternSyntax constant when IsNaN(constant.Expression):
                _output.Helpers.Add("gpudsl_isnan"); // x is float.NaN tests for NaN, which == never finds.
                return $"gpudsl_isnan({subject})";
            case ConstantPatternSyntax constant:
                return $"{subject} == {PatternConstant(constant.Expression)}";
            case RelationalPatternSyntax relational:
                return $"{subject} {relational.OperatorToken.Text} {PatternConstant(relational.Expression)}";
            case UnaryPatternSyntax { Pattern: ConstantPatternSyntax constant } when !IsNaN(constant.Expression):
                return $"{subject} != {PatternConstant(constant.Expression)}";
            case UnaryPatternSyntax { Pattern: ParenthesizedPatternSyntax parenthesized }:
                return $"!({Pattern(subject, parenthesized.Pattern)})";
            case UnaryPatternSyntax not:
                return $"!({Pattern(subject, not.Pattern)})";
            case BinaryPatternSyntax binary when binary.IsKind(SyntaxKind.AndPattern):
                return $"{Pattern(subject, binary.Left)} && {Pattern(subject, binary.Right)}";
            case BinaryPatternSyntax binary:
                // 'and' binds tighter than 'or' as && does than ||; the parentheses only say so to the reader.
                return $"{OrOperand(subject, binary.Left)} || {OrOperand(subject, binary.Right)}";
            case ParenthesizedPatternSyntax parenthesized:
                return $"({Pattern(subject, parenthesized.Pattern)})";
            case DiscardPatternSyntax:
                return "true";
            default:
                Report(DiagnosticDescriptors.UnsupportedPattern, LocationInfo.From(pattern), pattern.ToString(), PatternsAllowed);
                return "false";
        }
    }

    private string OrOperand(string subject, PatternSyntax pattern) =>
        pattern is BinaryPatternSyntax { RawKind: (int)SyntaxKind.AndPattern } ? $"({Pattern(subject, pattern)})" : Pattern(subject, pattern);

    /// <summary>The <c>case</c> lines of a label: one per constant, so <c>case 1 or 2:</c> becomes two.</summary>
    private IEnumerable<string> CaseLabels(SwitchLabelSyntax label)
    {
        switch (label)
        {
            case DefaultSwitchLabelSyntax:
                return new[] { "default:" };
            case CaseSwitchLabelSyntax constant:
                return new[] { $"case {PatternConstant(constant.Value)}:" };
            case CasePatternSwitchLabelSyntax patternLabel:
                List<ExpressionSyntax>? constants = OrOfConstants(patternLabel.Pattern);
                if (constants is null)
                {
                    Report(DiagnosticDescriptors.UnsupportedPattern, LocationInfo.From(patternLabel.Pattern), patternLabel.Pattern.ToString(),
                        "a case of a switch statement must be a constant, or constants joined by 'or'; use a switch expression or if/else for other patterns");
                }

                if (patternLabel.WhenClause is { } when)
                {
                    Report(DiagnosticDescriptors.UnsupportedPattern, LocationInfo.From(when), when.ToString(), "a switch case cannot have a 'when' clause; test the condition with an if inside the case");
                }

                return constants is null || patternLabel.WhenClause is not null ? Enumerable.Empty<string>() : constants.Select(c => $"case {PatternConstant(c)}:");
            default:
                return Enumerable.Empty<string>();
        }
    }

    /// <summary>The constants of <c>1 or 2 or (3)</c>, or <see langword="null"/> when the pattern is anything else.</summary>
    private static List<ExpressionSyntax>? OrOfConstants(PatternSyntax pattern) => pattern switch
    {
        ConstantPatternSyntax constant => new List<ExpressionSyntax> { constant.Expression },
        ParenthesizedPatternSyntax parenthesized => OrOfConstants(parenthesized.Pattern),
        BinaryPatternSyntax binary when binary.IsKind(SyntaxKind.OrPattern) &&
            OrOfConstants(binary.Left) is { } left && OrOfConstants(binary.Right) is { } right => left.Concat(right).ToList(),
        _ => null,
    };

    /// <summary>How many times a pattern reads its subject.</summary>
    private static int Tests(PatternSyntax pattern) => pattern switch
    {
        BinaryPatternSyntax binary => Tests(binary.Left) + Tests(binary.Right),
        UnaryPatternSyntax unary => Tests(unary.Pattern),
        ParenthesizedPatternSyntax parenthesized => Tests(parenthesized.Pattern),
        DiscardPatternSyntax => 0,
        _ => 1,
    };

    private string PatternConstant(ExpressionSyntax expression) =>
        Constant(expression) ?? Unsupported(expression, $"The case value '{expression}', which is not a constant,");

    private bool IsNaN(ExpressionSyntax expression) =>
        _model.GetConstantValue(expression) is { HasValue: true, Value: var value } &&
        (value is float f && float.IsNaN(f) || value is double d && double.IsNaN(d));

    /// <summary>
    /// A C# local declared in one section is in scope in the others; in C++, with the section in braces, it is not.
    /// Using it from another section is reported.
    /// </summary>
    private void CheckSectionScopes(SwitchStatementSyntax node)
    {
        foreach (SwitchSectionSyntax section in node.Sections)
        {
            HashSet<ISymbol> declared = new(section.Statements.OfType<LocalDeclarationStatementSyntax>()
                .SelectMany(d => d.Declaration.Variables)
                .Select(v => _model.GetDeclaredSymbol(v))
                .Where(s => s is not null)!, SymbolEqualityComparer.Default);
            if (declared.Count == 0)
            {
                continue;
            }

            foreach (IdentifierNameSyntax use in node.Sections.Where(s => s != section).SelectMany(s => s.DescendantNodes().OfType<IdentifierNameSyntax>()))
            {
                if (_model.GetSymbolInfo(use).Symbol is ILocalSymbol local && declared.Contains(local))
                {
                    Unsupported(use, $"Using '{use.Identifier.ValueText}', declared in another switch section, (declare it before the switch)");
                }
            }
        }
    }
}
