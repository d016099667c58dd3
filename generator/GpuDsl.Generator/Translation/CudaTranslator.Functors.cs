using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Struct functors, as CUB and ILGPU pass operators: a call of an interface method through a type parameter,
/// <c>TOp.Apply(x, y)</c> (a static abstract member) or <c>op.Apply(x, y)</c> on a value of <c>TOp</c>, where
/// <c>TOp : struct, IOp</c>. The template cannot name the struct's function, so the call goes through an overload set,
/// <c>IOp_Apply(TOp(), x, y)</c> or <c>IOp_Apply(op, x, y)</c>: one <c>__device__</c> overload per struct of the project
/// that implements the interface, its first parameter the struct (a tag for a static member, <c>self</c> for an
/// instance one), calling the struct's own function. C++ picks the overload of the instance's type argument.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>Whether <paramref name="method"/>, called on <paramref name="node"/>, is an interface member reached through a type parameter.</summary>
    private bool IsFunctorCall(InvocationExpressionSyntax node, IMethodSymbol method) =>
        method.ContainingType is { TypeKind: TypeKind.Interface } && (method.IsAbstract || method.IsVirtual) &&
        node.Expression is MemberAccessExpressionSyntax access &&
        (method.IsStatic
            ? _model.GetSymbolInfo(access.Expression).Symbol is ITypeParameterSymbol
            : _model.GetTypeInfo(access.Expression).Type is ITypeParameterSymbol);

    /// <summary>The call of a functor's member through its overload set, written with the set's overloads.</summary>
    private string FunctorCall(InvocationExpressionSyntax node, IMethodSymbol method)
    {
        MemberAccessExpressionSyntax access = (MemberAccessExpressionSyntax)node.Expression;
        string name = CudaNames.Function(method.OriginalDefinition);
        int before = _output.Diagnostics.Count;
        foreach (INamedTypeSymbol implementer in Implementers(method.ContainingType))
        {
            if (implementer.FindImplementationForInterfaceMember(ImplementedMember(implementer, method)) is IMethodSymbol implementation)
            {
                WriteFunctorOverload(node, name, implementer, implementation);
            }
        }

        List<string> arguments = Arguments(node.ArgumentList, method, RefArguments.All);
        if (_output.Diagnostics.Count > before)
        {
            return Placeholder;
        }

        string first = method.IsStatic ? $"{TypeName((ITypeSymbol)_model.GetSymbolInfo(access.Expression).Symbol!, access) ?? "int"}()" : Receiver(access.Expression);
        return $"{name}({string.Join(", ", new[] { first }.Concat(arguments))})";
    }

    /// <summary>
    /// The value an instance member of a functor works on: the variable itself, which the member may change as C#'s
    /// constrained call does, or a copy (<c>gpudsl_temporary</c>) of a value that is no variable (<c>default(TOp)</c>).
    /// </summary>
    private string Receiver(ExpressionSyntax receiver)
    {
        string text = Visit(receiver);
        if (IsWritableVariable(receiver))
        {
            return text;
        }

        string copy = $"gpudsl_temporary({TypeName(_model.GetTypeInfo(receiver).Type!, receiver) ?? "int"}({text}))";
        Track(copy);
        return copy;
    }

    /// <summary><paramref name="implementer"/>'s interface that declares <paramref name="method"/>, with its member.</summary>
    private static ISymbol ImplementedMember(INamedTypeSymbol implementer, IMethodSymbol method)
    {
        // The interface exactly as the call names it first: a struct implementing IOp<float> and IOp<double>, called
        // through IOp<double>, must get the double member, not the first IOp<> it lists.
        INamedTypeSymbol declaring =
            implementer.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i, method.ContainingType)) ??
            implementer.AllInterfaces.FirstOrDefault(
                i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, method.ContainingType.OriginalDefinition)) ?? method.ContainingType;
        return declaring.GetMembers(method.Name).FirstOrDefault(
            m => SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, method.OriginalDefinition)) ?? method;
    }

    /// <summary>
    /// One overload of the set: <c>R IOp_Apply(const Add&amp;, float a, float b) { return Add_Apply(a, b); }</c> for a
    /// static member, <c>R IOp_Apply(Add&amp; self, ...) { return Add_Apply(self, ...); }</c> for an instance one.
    /// </summary>
    private void WriteFunctorOverload(SyntaxNode at, string name, INamedTypeSymbol implementer, IMethodSymbol implementation)
    {
        string structName = TypeName(implementer, at) ?? "int";
        string key = $"{name}__{CudaNames.Function(implementation)}";
        string target = CudaNames.Function(implementation);
        if (_output.Constructors.ContainsKey(key) ||
            (!_output.Constructors.ContainsKey(target) && !TranslateStructFunction(implementation, target, at)))
        {
            return;
        }

        List<string> parameters = new() { implementation.IsStatic ? $"const {structName}&" : $"{(implementation.IsReadOnly ? "const " : "")}{structName}& self" };
        List<string> passed = implementation.IsStatic ? new() : new() { "self" };
        foreach (IParameterSymbol parameter in implementation.Parameters)
        {
            string type = TypeName(parameter.Type, at) ?? "int";
            string reference = parameter.RefKind is RefKind.None ? "" : "&";
            parameters.Add($"{type}{reference} {CudaNames.Local(parameter.Name)}");
            passed.Add(CudaNames.Local(parameter.Name));
        }

        string returns = implementation.ReturnsVoid ? "void" : TypeName(implementation.ReturnType, at) ?? "int";
        string head = $"__device__ {returns} {name}({string.Join(", ", parameters)})";
        string body = $"{head}\n{{\n    {(implementation.ReturnsVoid ? "" : "return ")}{target}({string.Join(", ", passed)});\n}}\n";
        _output.Constructors[key] = new ConstructorModel(key, head + ";", body);
    }

    /// <summary>
    /// The structs of this compilation that implement <paramref name="contract"/> (any construction of it), which GPU
    /// code can hold; generic structs are left out (their functions are templates of their own).
    /// </summary>
    private IEnumerable<INamedTypeSymbol> Implementers(INamedTypeSymbol contract)
    {
        List<INamedTypeSymbol> found = new();
        Stack<INamespaceOrTypeSymbol> pending = new();
        pending.Push(_model.Compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (ISymbol member in pending.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                {
                    pending.Push(container);
                }

                if (member is INamedTypeSymbol { TypeKind: TypeKind.Struct, IsGenericType: false } type && CudaTypeMap.IsUserStruct(type) &&
                    type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, contract.OriginalDefinition)))
                {
                    found.Add(type);
                    foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
                    {
                        _output.FilesRead.Add(reference.SyntaxTree);
                    }
                }
            }
        }

        return found.OrderBy(t => t.ToDisplayString(), System.StringComparer.Ordinal);
    }
}
