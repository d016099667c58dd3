using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation
{
    /// <summary>
    /// Generic kernels: the body is translated once, as a C++ template; each instance listed in
    /// <c>[Kernel(typeof(...))]</c> or found at a launch (<c>FunctionTranslator.GenericLaunches.cs</c>) gets an <c>extern "C"</c>
    /// entry point that calls the template's instance. A kernel may have several type parameters; each instance then
    /// names one type argument per parameter.
    /// </summary>
    internal static partial class FunctionTranslator
    {
        /// <summary>Writes an entry point per list of type arguments and returns what the launcher needs of each.</summary>
        private static IEnumerable<KernelInstanceModel> GenericInstances(
            MethodDeclarationSyntax syntax, IMethodSymbol method, string cudaName, IEnumerable<IReadOnlyList<ITypeSymbol>> argumentLists,
            CudaTypeMap types, CudaWriter writer, CudaTranslator translator) =>
            argumentLists.Select(arguments => EntryPoint(
                syntax, method, cudaName, arguments, types, writer, translator.Shared.StaticBytesFor(method, arguments))).ToList();

        /// <summary>
        /// Writes the <c>extern "C"</c> entry point of <paramref name="method"/>'s template for <paramref name="arguments"/>
        /// (one per type parameter; mapped to the kernel's name in the C#) and returns what the launcher needs of it. The
        /// entry point's name is the kernel's with each argument's short name: <c>Convert_f32_f64</c>.
        /// </summary>
        private static KernelInstanceModel EntryPoint(
            MethodDeclarationSyntax syntax, IMethodSymbol method, string cudaName, IReadOnlyList<ITypeSymbol> arguments, CudaTypeMap types,
            CudaWriter writer, int staticSharedBytes)
        {
            IMethodSymbol constructed = method.Construct(arguments.ToArray());
            List<ParameterModel> concrete = Parameters(syntax, constructed, isKernel: true, types, new List<DiagnosticInfo>(), report: false);
            string suffix = "_" + string.Join("_", arguments.Select(CudaKnownTypes.ShortName));
            string entry = cudaName + suffix;
            writer.Line("");
            writer.MapTo(syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
            writer.Line($"{Head(constructed, entry, concrete, isKernel: true, types)}");
            writer.Line("{");
            string templateArguments = string.Join(", ", arguments.Select(a => types.Name(a) ?? "int"));
            writer.Line($"    {cudaName}<{templateArguments}>({string.Join(", ", concrete.SelectMany(CudaNames.Passed))});");
            writer.Line("}");
            return new KernelInstanceModel(
                arguments.Select(a => a.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToEquatableArray(),
                "_" + suffix, entry, concrete.ToEquatableArray(), staticSharedBytes);
        }

        /// <summary>
        /// The instances <c>[Kernel(typeof(float), ...)]</c> lists, each checked against the kernel's constraints; a kernel
        /// that is not generic may list none. A kernel with several type parameters lists each instance as a tuple of
        /// its type arguments, in order: <c>[Kernel(typeof((float, double)), typeof((int, long)))]</c> (a plain list
        /// of types would not say where one instance ends).
        /// </summary>
        private static List<IReadOnlyList<ITypeSymbol>> CheckTypeArguments(
            IMethodSymbol method, ImmutableArray<AttributeData> attributes, List<DiagnosticInfo> diagnostics, bool generic)
        {
            List<IReadOnlyList<ITypeSymbol>> valid = new();
            AttributeData? attribute = attributes.FirstOrDefault();
            TypedConstant list = attribute?.ConstructorArguments.FirstOrDefault() ?? default;
            ImmutableArray<TypedConstant> values = list.Kind == TypedConstantKind.Array ? list.Values : default;
            AttributeSyntax? attributeSyntax = attribute?.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
            LocationInfo identifier = LocationInfo.From(method.Locations[0]);
            if (values.IsDefaultOrEmpty)
            {
                return valid; // A generic kernel may list nothing: its launches say what to compile it for.
            }

            for (int i = 0; i < values.Length; i++)
            {
                LocationInfo at = attributeSyntax?.ArgumentList?.Arguments.Count > i
                    ? LocationInfo.From(attributeSyntax.ArgumentList.Arguments[i])
                    : identifier;
                string display = values[i].Value is ITypeSymbol t ? t.ToDisplayString() : "null";
                IReadOnlyList<ITypeSymbol>? arguments = values[i].Value is ITypeSymbol type ? ListedInstance(method, type) : null;
                string? problem = !generic ? "the kernel is not generic; remove the type arguments"
                    : values[i].Value is not ITypeSymbol ? "it is not a type"
                    : arguments is null ? $"the kernel has {method.TypeParameters.Length} type parameters; list each instance as a tuple of as many types, e.g. typeof(({string.Join(", ", method.TypeParameters.Select(_ => "float"))}))"
                    : ConstraintProblem(method, arguments);
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidKernelTypeArgument, at, method.Name, display, problem));
                }
                else if (!valid.Any(v => v.SequenceEqual(arguments!, SymbolEqualityComparer.Default)))
                {
                    valid.Add(arguments!);
                }
            }

            return valid;
        }

        /// <summary>
        /// The type arguments one entry of a kernel's list names: the type itself for a kernel with one type parameter,
        /// the elements of a tuple of as many types for one with several; <see langword="null"/> when the entry does not fit.
        /// </summary>
        private static IReadOnlyList<ITypeSymbol>? ListedInstance(IMethodSymbol method, ITypeSymbol listed) =>
            method.TypeParameters.Length == 1 ? new[] { listed }
            : listed is INamedTypeSymbol { IsTupleType: true } tuple && tuple.TupleElements.Length == method.TypeParameters.Length
                ? tuple.TupleElements.Select(e => e.Type).ToArray()
                : null;

        /// <summary>Why <paramref name="arguments"/> cannot stand for <paramref name="method"/>'s type parameters, or <see langword="null"/>.</summary>
        private static string? ConstraintProblem(IMethodSymbol method, IReadOnlyList<ITypeSymbol> arguments)
        {
            for (int i = 0; i < method.TypeParameters.Length; i++)
            {
                if (ConstraintProblem(method, method.TypeParameters[i], arguments[i], arguments) is { } problem)
                {
                    return method.TypeParameters.Length == 1 ? problem : $"'{arguments[i].ToDisplayString()}' for '{method.TypeParameters[i].Name}': {problem}";
                }
            }

            return null;
        }

        /// <summary>
        /// Why <paramref name="argument"/> cannot stand for <paramref name="parameter"/>, or <see langword="null"/>; a
        /// constraint that names the method's type parameters (<c>where TOp : IOp&lt;T&gt;</c>) is read with
        /// <paramref name="all"/> in their places.
        /// </summary>
        private static string? ConstraintProblem(IMethodSymbol method, ITypeParameterSymbol parameter, ITypeSymbol argument, IReadOnlyList<ITypeSymbol> all)
        {
            if (new CudaTypeMap().Name(argument, out string? problem) is null || argument is ITypeParameterSymbol)
            {
                return problem ?? "GPU code cannot hold it; allowed: the scalar types, Half, enums and GPU structs";
            }

            foreach (ITypeSymbol constraint in parameter.ConstraintTypes)
            {
                ITypeSymbol expected = Substitute(constraint, method, all);
                bool satisfied = SymbolEqualityComparer.Default.Equals(expected, argument) ||
                    argument.AllInterfaces.Contains(expected, SymbolEqualityComparer.Default);
                if (!satisfied)
                {
                    return $"it does not satisfy the constraint '{expected.ToDisplayString()}'";
                }
            }

            return null;
        }

        /// <summary><paramref name="type"/> with <paramref name="method"/>'s type parameters replaced by <paramref name="arguments"/>.</summary>
        private static ITypeSymbol Substitute(ITypeSymbol type, IMethodSymbol method, IReadOnlyList<ITypeSymbol> arguments) => type switch
        {
            ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method, Ordinal: var i } p
                when SymbolEqualityComparer.Default.Equals(p.DeclaringMethod?.OriginalDefinition, method.OriginalDefinition) && i < arguments.Count => arguments[i],
            INamedTypeSymbol { IsGenericType: true } named =>
                named.OriginalDefinition.Construct(named.TypeArguments.Select(a => Substitute(a, method, arguments)).ToArray()),
            _ => type,
        };

        /// <summary>The C# constraint clauses of a generic kernel, for its generic launcher.</summary>
        private static string Constraints(IMethodSymbol method) => string.Join(" ", method.TypeParameters.Select(t =>
        {
            List<string> parts = new();
            if (t.HasUnmanagedTypeConstraint)
            {
                parts.Add("unmanaged");
            }
            else if (t.HasValueTypeConstraint)
            {
                parts.Add("struct");
            }

            parts.AddRange(t.ConstraintTypes.Select(c => c.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)));
            return parts.Count == 0 ? "" : $"where {t.Name} : {string.Join(", ", parts)}";
        }).Where(c => c.Length > 0));

    }
}
