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
    /// Generic kernels: the body is translated once, as a C++ template; each type argument listed in
    /// <c>[Kernel(typeof(...))]</c> or found at a launch (<c>FunctionTranslator.GenericLaunches.cs</c>) gets an <c>extern "C"</c>
    /// entry point that calls the template's instance.
    /// </summary>
    internal static partial class FunctionTranslator
    {
        /// <summary>Writes an entry point per type argument and returns what the launcher needs of each.</summary>
        private static IEnumerable<KernelInstanceModel> GenericInstances(
            MethodDeclarationSyntax syntax, IMethodSymbol method, string cudaName, IEnumerable<ITypeSymbol> arguments,
            CudaTypeMap types, CudaWriter writer, CudaTranslator translator) =>
            arguments.Select(argument => EntryPoint(
                syntax, method, cudaName, argument, types, writer, translator.Shared.StaticBytesFor(method.TypeParameters[0], argument))).ToList();

        /// <summary>
        /// Writes the <c>extern "C"</c> entry point of <paramref name="method"/>'s template for <paramref name="argument"/>
        /// (mapped to the kernel's name in the C#) and returns what the launcher needs of it.
        /// </summary>
        private static KernelInstanceModel EntryPoint(
            MethodDeclarationSyntax syntax, IMethodSymbol method, string cudaName, ITypeSymbol argument, CudaTypeMap types,
            CudaWriter writer, int staticSharedBytes)
        {
            IMethodSymbol constructed = method.Construct(argument);
            List<ParameterModel> concrete = Parameters(syntax, constructed, isKernel: true, types, new List<DiagnosticInfo>(), report: false);
            string suffix = "_" + CudaKnownTypes.ShortName(argument);
            string entry = cudaName + suffix;
            writer.Line("");
            writer.MapTo(syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
            writer.Line($"{Head(constructed, entry, concrete, isKernel: true, types)}");
            writer.Line("{");
            writer.Line($"    {cudaName}<{types.Name(argument) ?? "int"}>({string.Join(", ", concrete.SelectMany(CudaNames.Passed))});");
            writer.Line("}");
            return new KernelInstanceModel(
                argument.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), "_" + suffix, entry, concrete.ToEquatableArray(), staticSharedBytes);
        }

        /// <summary>
        /// The type arguments of <c>[Kernel(typeof(float), ...)]</c>, each checked against the kernel's constraints; a kernel
        /// that is not generic may list none.
        /// </summary>
        private static List<ITypeSymbol> CheckTypeArguments(
            IMethodSymbol method, ImmutableArray<AttributeData> attributes, List<DiagnosticInfo> diagnostics, bool generic)
        {
            List<ITypeSymbol> valid = new();
            AttributeData? attribute = attributes.FirstOrDefault();
            TypedConstant list = attribute?.ConstructorArguments.FirstOrDefault() ?? default;
            ImmutableArray<TypedConstant> values = list.Kind == TypedConstantKind.Array ? list.Values : default;
            AttributeSyntax? attributeSyntax = attribute?.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
            LocationInfo identifier = LocationInfo.From(method.Locations[0]);
            if (values.IsDefaultOrEmpty || method.TypeParameters.Length > 1)
            {
                return valid; // A generic kernel may list nothing: its launches say what to compile it for.
            }

            for (int i = 0; i < values.Length; i++)
            {
                LocationInfo at = attributeSyntax?.ArgumentList?.Arguments.Count > i
                    ? LocationInfo.From(attributeSyntax.ArgumentList.Arguments[i])
                    : identifier;
                string display = values[i].Value is ITypeSymbol t ? t.ToDisplayString() : "null";
                string? problem = !generic ? "the kernel is not generic; remove the type arguments"
                    : values[i].Value is not ITypeSymbol argument ? "it is not a type"
                    : ConstraintProblem(method.TypeParameters[0], argument);
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidKernelTypeArgument, at, method.Name, display, problem));
                }
                else if (!valid.Contains((ITypeSymbol)values[i].Value!, SymbolEqualityComparer.Default))
                {
                    valid.Add((ITypeSymbol)values[i].Value!);
                }
            }

            return valid;
        }

        /// <summary>Why <paramref name="argument"/> cannot stand for <paramref name="parameter"/>, or <see langword="null"/>.</summary>
        private static string? ConstraintProblem(ITypeParameterSymbol parameter, ITypeSymbol argument)
        {
            if (new CudaTypeMap().Name(argument, out string? problem) is null || argument is ITypeParameterSymbol)
            {
                return problem ?? "GPU code cannot hold it; allowed: the scalar types, Half, enums and GPU structs";
            }

            foreach (ITypeSymbol constraint in parameter.ConstraintTypes)
            {
                ITypeSymbol expected = constraint is INamedTypeSymbol { IsGenericType: true } named
                    ? named.OriginalDefinition.Construct(named.TypeArguments.Select(a => SymbolEqualityComparer.Default.Equals(a, parameter) ? argument : a).ToArray())
                    : constraint;
                bool satisfied = SymbolEqualityComparer.Default.Equals(expected, argument) ||
                    argument.AllInterfaces.Contains(expected, SymbolEqualityComparer.Default);
                if (!satisfied)
                {
                    return $"it does not satisfy the constraint '{expected.ToDisplayString()}'";
                }
            }

            return null;
        }

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
