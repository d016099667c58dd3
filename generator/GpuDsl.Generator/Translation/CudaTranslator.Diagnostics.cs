using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// The constructs GPU code cannot have, one override each, reported at the exact span with what is allowed instead.
/// A rejected expression still returns placeholder text so translation goes on and finds every problem in one build.
/// </summary>
internal sealed partial class CudaTranslator
{
    private const string Placeholder = "/* not translated */ 0";

    /// <summary>Anything without a Visit method of its own.</summary>
    public override string DefaultVisit(SyntaxNode node)
    {
        if (node is StatementSyntax statement)
        {
            SyntaxToken first = statement.GetFirstToken();
            Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(first), Describe(statement));
            return "";
        }

        return Unsupported(node, Describe(node));
    }

    public override string VisitTryStatement(TryStatementSyntax node) => Exceptions(node.TryKeyword);

    public override string VisitThrowStatement(ThrowStatementSyntax node) => Exceptions(node.ThrowKeyword);

    public override string VisitThrowExpression(ThrowExpressionSyntax node) => Exceptions(node.ThrowKeyword);

    public override string VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => Delegates(node, "A lambda expression");

    public override string VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => Delegates(node, "A lambda expression");

    public override string VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => Delegates(node, "An anonymous method");

    public override string VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        Report(DiagnosticDescriptors.DelegatesNotSupported, LocationInfo.From(node.Identifier), "A local function");
        return "";
    }

    public override string VisitArrayCreationExpression(ArrayCreationExpressionSyntax node) => Allocation(node);

    public override string VisitImplicitArrayCreationExpression(ImplicitArrayCreationExpressionSyntax node) => Allocation(node);

    public override string VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node) => Allocation(node);

    public override string VisitCollectionExpression(CollectionExpressionSyntax node) => Allocation(node);

    public override string VisitAnonymousObjectCreationExpression(AnonymousObjectCreationExpressionSyntax node) => Allocation(node);

    public override string VisitInterpolatedStringExpression(InterpolatedStringExpressionSyntax node) => UnsupportedType(node, "string");

    public override string VisitAwaitExpression(AwaitExpressionSyntax node) => Unsupported(node.AwaitKeyword, "'await'");

    public override string VisitQueryExpression(QueryExpressionSyntax node) => Unsupported(node, "A LINQ query");

    /// <summary>Reports an unsupported expression at <paramref name="node"/> and returns placeholder text.</summary>
    private string Unsupported(SyntaxNode node, string what)
    {
        Report(DiagnosticDescriptors.UnsupportedExpression, LocationInfo.From(node), what);
        return Placeholder;
    }

    private string Unsupported(SyntaxToken token, string what)
    {
        Report(DiagnosticDescriptors.UnsupportedExpression, LocationInfo.From(token), what);
        return Placeholder;
    }

    private string UnsupportedType(SyntaxNode node, string type)
    {
        Report(DiagnosticDescriptors.UnsupportedType, LocationInfo.From(node), type);
        return Placeholder;
    }

    private string Exceptions(SyntaxToken keyword)
    {
        Report(DiagnosticDescriptors.ExceptionsNotSupported, LocationInfo.From(keyword), keyword.Text);
        return "";
    }

    private string Delegates(SyntaxNode node, string what)
    {
        Report(DiagnosticDescriptors.DelegatesNotSupported, LocationInfo.From(node), what);
        return Placeholder;
    }

    private string Allocation(ExpressionSyntax node)
    {
        string instead = node is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax
            ? "a per-thread array is a local declared with it, 'float[] a = new float[8];' or 'Span<float> a = stackalloc float[8];' (the length a constant); data for the kernel comes as a Span<T> parameter"
            : "pass a DeviceBuffer<T> as a Span<T> parameter instead";
        Report(DiagnosticDescriptors.AllocationNotSupported, LocationInfo.From(node), Shorten(node.ToString()), instead);
        return Placeholder;
    }

    /// <summary>
    /// Reports a problem. An expression, member or call GPU code cannot have is not reported where the C# compiler
    /// reports an error in the same span: the code is not what its author meant yet (an unknown <c>Gpu.X</c>, a call with
    /// the wrong arguments), and a GPU error there would only repeat the compiler's in other words, or mislead.
    /// </summary>
    private void Report(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments)
    {
        if ((descriptor == DiagnosticDescriptors.UnsupportedExpression || descriptor == DiagnosticDescriptors.UnsupportedMember ||
             descriptor == DiagnosticDescriptors.UnsupportedCall) &&
            location.Tree == _model.SyntaxTree &&
            _model.GetDiagnostics(location.Span).Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceSpan.IntersectsWith(location.Span)))
        {
            return;
        }

        _output.Diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
    }

    private static string Describe(SyntaxNode node) => node switch
    {
        ForEachStatementSyntax => "A 'foreach' loop",
        GotoStatementSyntax => "'goto'",
        LockStatementSyntax => "A 'lock' statement",
        UsingStatementSyntax => "A 'using' statement",
        YieldStatementSyntax => "'yield'",
        FixedStatementSyntax => "A 'fixed' statement",
        UnsafeStatementSyntax => "An 'unsafe' block",
        CheckedStatementSyntax => "A 'checked' block",
        LabeledStatementSyntax => "A labeled statement",
        TupleExpressionSyntax => "A tuple",
        TypeOfExpressionSyntax => "'typeof'",
        RefExpressionSyntax => "A 'ref' expression",
        ConditionalAccessExpressionSyntax => "The '?.' operator",
        BaseExpressionSyntax => "'base'",
        DeclarationExpressionSyntax => "An inline declaration",
        RangeExpressionSyntax => "A range (..)",
        _ => $"'{Shorten(node.ToString())}' ({node.Kind()})",
    };

    private static string Shorten(string text)
    {
        text = text.Replace("\r", "").Replace("\n", " ");
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
