using System.Collections.Generic;
using System.IO;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Creating struct values, which is not an allocation: <c>new P()</c> and <c>default</c> are value-initialized
/// (<c>P{}</c>, all zeros as in C#), an object initializer is an aggregate (<c>P{x, {}, z}</c>), and a constructor call
/// calls the constructor translated to a device function that builds and returns <c>self</c>. Anything else created
/// with <c>new</c> allocates (GPU0010).
/// </summary>
internal sealed partial class CudaTranslator
{
    private bool IsConstructor => _method.MethodKind == MethodKind.Constructor;

    public override string VisitObjectCreationExpression(ObjectCreationExpressionSyntax node) => Creation(node);

    public override string VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node) => Creation(node);

    public override string VisitThisExpression(ThisExpressionSyntax node) => HasSelf ? "self" : Unsupported(node, "'this'");

    private string Creation(BaseObjectCreationExpressionSyntax node)
    {
        if (CudaKnownTypes.IsSpan2D(_model.GetTypeInfo(node).Type, out _, out _))
        {
            Report(DiagnosticDescriptors.UnsupportedSpan2DUse, LocationInfo.From(node), $"'{Shorten(node.ToString())}' creates a 2D span (take a 2D span parameter, or declare a Gpu.Shared2D tile)");
            return Placeholder;
        }

        if (CudaKnownTypes.IsSpan3D(_model.GetTypeInfo(node).Type, out _, out _))
        {
            return Unsupported(node, $"'{Shorten(node.ToString())}' creates a 3D span (take a 3D span parameter)");
        }

        if (_model.GetTypeInfo(node).Type is INamedTypeSymbol vector && CudaKnownTypes.VectorWidth(vector) > 0)
        {
            return TypeName(vector, node) is { } vectorName ? VectorCreation(node, vector, vectorName) : Placeholder;
        }

        if (_model.GetTypeInfo(node).Type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } type ||
            !(CudaTypeMap.IsUserStruct(type) || CudaKnownTypes.IsFloat16(type)))
        {
            return Allocation(node);
        }

        if (TypeName(type, node) is not { } name)
        {
            return Placeholder;
        }

        IMethodSymbol? constructor = _model.GetSymbolInfo(node).Symbol as IMethodSymbol;
        int arguments = node.ArgumentList?.Arguments.Count ?? 0;
        bool declared = constructor is { IsImplicitlyDeclared: false };
        if (node.Initializer is { } initializer)
        {
            return arguments > 0 || declared
                ? Unsupported(initializer, "An object initializer after a constructor (set the fields after construction)")
                : Aggregate(type, name, initializer);
        }

        if (constructor is null || !declared)
        {
            return $"{name}{{}}";
        }

        return ConstructorCall(node, constructor);
    }

    /// <summary><c>new P { X = 1, Z = 3 }</c> as <c>P{1.0f, {}, 3.0f}</c>: fields in declaration order, <c>{}</c> (zero) for the rest.</summary>
    private string Aggregate(INamedTypeSymbol type, string name, InitializerExpressionSyntax initializer)
    {
        List<IFieldSymbol> fields = CudaTypeMap.Fields(type).ToList();
        string?[] values = new string?[fields.Count];
        int previous = -1;
        bool inOrder = true;
        foreach (ExpressionSyntax entry in initializer.Expressions)
        {
            if (entry is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax member } assignment || assignment.Right is InitializerExpressionSyntax)
            {
                Unsupported(entry, "This object initializer entry (set a field or auto-property to a value)");
                continue;
            }

            ISymbol? symbol = _model.GetSymbolInfo(member).Symbol;
            int index = fields.FindIndex(f => SymbolEqualityComparer.Default.Equals(f, symbol) || SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, symbol));
            if (index < 0)
            {
                Unsupported(member, $"Setting '{member.Identifier.ValueText}', which is not a field or auto-property,");
                continue;
            }

            inOrder &= index > previous;
            previous = index;
            // Converted: braces forbid narrowing (an int into a float field), which C#'s implicit conversions do.
            values[index] = CudaTypeMap.IsPackedVector(fields[index]) ? $"gpudsl_pack_{_types.Name(fields[index].Type)}({Converted(assignment.Right)})" : Converted(assignment.Right);
        }

        if (!inOrder && initializer.Expressions.Count(e => e is AssignmentExpressionSyntax a && HasSideEffects(a.Right)) > 0)
        {
            Unsupported(initializer, "An object initializer whose values have side effects and are not in field order (assign them to locals first)");
        }

        int count = values.Length;
        while (count > 0 && values[count - 1] is null)
        {
            count--;
        }

        return $"{name}{{{string.Join(", ", values.Take(count).Select(v => v ?? "{}"))}}}";
    }

    /// <summary><c>new P(x, y)</c>: a call of the constructor's device function, translated on first use.</summary>
    private string ConstructorCall(BaseObjectCreationExpressionSyntax node, IMethodSymbol constructor)
    {
        string name = CudaNames.Constructor(constructor.OriginalDefinition);
        if (_constructorStack.Contains(constructor.OriginalDefinition) || SymbolEqualityComparer.Default.Equals(constructor.OriginalDefinition, _method.OriginalDefinition))
        {
            Report(DiagnosticDescriptors.RecursionNotSupported, LocationInfo.From(node), constructor.ContainingType.Name, " through its constructor");
            return Placeholder;
        }

        if (!_output.Constructors.ContainsKey(name))
        {
            TranslateConstructor(constructor, name);
        }

        return $"{name}{TemplateArguments(constructor.ContainingType, node)}({string.Join(", ", Arguments(node.ArgumentList, constructor, RefArguments.All))})";
    }

    private void TranslateConstructor(IMethodSymbol constructor, string name)
    {
        constructor = constructor.OriginalDefinition; // A generic struct's constructor is one function template.
        SyntaxNode? declaration = constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        if (declaration is null)
        {
            return;
        }

        SemanticModel model = ModelOf(declaration);
        string structName = _types.Name(constructor.ContainingType) ?? "int";
        string head = $"{CudaTypeMap.TemplateHead(constructor.ContainingType)}__device__ {structName} {name}({string.Join(", ", FunctionParameters(constructor, declaration, "struct constructor"))})";
        CudaWriter writer = new(Path.GetFileName(declaration.SyntaxTree.FilePath));
        writer.MapTo(declaration.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
        WriteHead(writer, head);

        CudaTranslator inner = Nested(model, constructor, writer);
        inner.WriteConstructorBody(declaration, structName);
        _output.Constructors[name] = new ConstructorModel(name, head + ";", writer.ToString());
    }

    /// <summary>
    /// The type arguments a member function of a generic struct is called with (<c>Vec3_new&lt;float&gt;</c>): each is one
    /// function template, translated from the struct's definition.
    /// </summary>
    private string TemplateArguments(INamedTypeSymbol type, SyntaxNode at) =>
        type.IsGenericType ? $"<{string.Join(", ", type.TypeArguments.Select(a => TypeName(a, at) ?? "int"))}>" : "";

    /// <summary>Writes a function's head, a template's on two lines.</summary>
    private static void WriteHead(CudaWriter writer, string head)
    {
        foreach (string line in head.Split('\n'))
        {
            writer.Line(line);
        }
    }

    /// <summary>The semantic model of <paramref name="declaration"/>'s file, which the translation now reads.</summary>
    private SemanticModel ModelOf(SyntaxNode declaration)
    {
        _output.FilesRead.Add(declaration.SyntaxTree);
        return declaration.SyntaxTree == _model.SyntaxTree ? _model : _model.Compilation.GetSemanticModel(declaration.SyntaxTree);
    }

    /// <summary>
    /// The CUDA parameters of a struct function: by value, <c>ref</c>/<c>out</c> as <c>T&amp;</c>, <c>in</c> as <c>const T&amp;</c>;
    /// a span or <c>params</c> parameter is reported (GPU0014) at its declaration.
    /// </summary>
    private List<string> FunctionParameters(IMethodSymbol function, SyntaxNode declaration, string what)
    {
        List<string> parameters = new();
        foreach (IParameterSymbol parameter in function.Parameters)
        {
            SyntaxNode at = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() ?? declaration;
            string type = CudaKnownTypes.IsSpan(parameter.Type, out _, out _) ? "" : TypeName(parameter.Type, at) ?? "int";
            if (type.Length == 0 || parameter.IsParams)
            {
                Report(DiagnosticDescriptors.UnsupportedParameterModifier, LocationInfo.From(at), parameter.Name, parameter.IsParams ? "params" : "a span", what);
                continue;
            }

            string reference = parameter.RefKind == RefKind.None ? "" : "&";
            string constness = parameter.RefKind is RefKind.In or RefKind.RefReadOnlyParameter ? "const " : "";
            parameters.Add($"{constness}{type}{reference} {CudaNames.Local(parameter.Name)}");
        }

        return parameters;
    }

    /// <summary>
    /// A translator for a struct function called from this one, which knows what is being translated around it and
    /// writes what it finds into the same <see cref="TranslationOutput"/>.
    /// </summary>
    private CudaTranslator Nested(SemanticModel model, IMethodSymbol function, CudaWriter writer) => new(model, function, writer, _types, _output)
    {
        _constructorStack = new HashSet<IMethodSymbol>(_constructorStack.Append(_method.OriginalDefinition), SymbolEqualityComparer.Default),
    };

    /// <summary>
    /// A constructor's body: <c>self</c> starts as all zeros, then the positional properties of a record struct and the
    /// field initializers are set, then the body runs, and <c>self</c> is returned.
    /// </summary>
    private void WriteConstructorBody(SyntaxNode declaration, string structName)
    {
        _writer.Line("{");
        _writer.Indent();
        _writer.Line($"{structName} self{{}};");
        INamedTypeSymbol type = _method.ContainingType;
        ConstructorDeclarationSyntax? explicitConstructor = declaration as ConstructorDeclarationSyntax;
        if (explicitConstructor?.Initializer is { } chained)
        {
            Unsupported(chained, $"A constructor initializer '{chained.ThisOrBaseKeyword.Text}(...)' (set the fields in this constructor)");
        }

        foreach (IParameterSymbol parameter in declaration is RecordDeclarationSyntax ? _method.Parameters : Enumerable.Empty<IParameterSymbol>())
        {
            // A positional parameter initializes the property of its name, unless the record declares that property itself.
            if (type.GetMembers(parameter.Name).OfType<IPropertySymbol>().FirstOrDefault() is { } property &&
                property.DeclaringSyntaxReferences.All(r => r.GetSyntax() is ParameterSyntax))
            {
                _writer.Line($"self.{CudaNames.Local(property.Name)} = {CudaNames.Local(parameter.Name)};");
            }
        }

        foreach (IFieldSymbol field in CudaTypeMap.Fields(type))
        {
            ISymbol member = field.AssociatedSymbol ?? field;
            SyntaxNode? syntax = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
            EqualsValueClauseSyntax? initializer = syntax switch
            {
                VariableDeclaratorSyntax variable => variable.Initializer,
                PropertyDeclarationSyntax property => property.Initializer,
                _ => null,
            };
            if (initializer is null)
            {
                continue;
            }

            if (initializer.SyntaxTree != _model.SyntaxTree)
            {
                Unsupported(initializer.Value, "A field initializer in another file than the constructor");
                continue;
            }

            MapTo(initializer);
            _writer.Line($"self.{CudaTypeMap.FieldName(field)} = {Converted(initializer.Value)};");
        }

        if (explicitConstructor?.Body is { } body)
        {
            foreach (StatementSyntax statement in body.Statements)
            {
                Visit(statement);
            }
        }
        else if (explicitConstructor?.ExpressionBody is { } arrow)
        {
            MapTo(arrow.Expression);
            _writer.Line(Visit(arrow.Expression) + ";");
        }

        _writer.Line("return self;");
        _writer.Outdent();
        _writer.Line("}");
    }
}
