using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation
{
    /// <summary>
    /// Generic kernels instantiated for the types the program launches them with: a call of a generated launcher such as
    /// <c>Kernels.Launch(grid, block).Saxpy&lt;double&gt;(...)</c>, or <c>.Saxpy(2.0, x, y)</c> with the type argument inferred
    /// as C# infers it, gives the kernel an entry point for <c>double</c>, as if the kernel listed <c>typeof(double)</c>.
    /// </summary>
    /// <remarks>
    /// The launcher is generated, so the compilation the generator sees cannot bind the call: the launch is recognised by
    /// its shape (a method called on the result of <c>Launch(...)</c> of a type that declares kernels) and the type argument
    /// is read from the call's syntax. A launch this does not see (through a launcher stored in a variable, from a generic
    /// method whose type parameter is the kernel's type argument, or from another assembly) needs the type in the kernel's
    /// <c>[Kernel(typeof(...))]</c> list; without it the launcher throws <c>NotSupportedException</c> saying so.
    /// </remarks>
    internal static partial class FunctionTranslator
    {
        /// <summary>
        /// The instance a launch of a generic kernel needs, or none when the call launches no generic kernel of this
        /// compilation or one its attribute already lists. Adds the kernel's file to <paramref name="files"/>. Never
        /// throws: an unexpected failure only loses the instance, and the launcher then says what to list.
        /// </summary>
        public static GenericLaunchModel? TranslateLaunch(
            SemanticModel model, SyntaxNode node, ISet<SyntaxTree> files, CancellationToken cancellationToken)
        {
            try
            {
                return LaunchedInstance((InvocationExpressionSyntax)node, model, files, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return null;
            }
        }

        private static GenericLaunchModel? LaunchedInstance(
            InvocationExpressionSyntax call, SemanticModel model, ISet<SyntaxTree> files, CancellationToken cancellationToken)
        {
            MemberAccessExpressionSyntax access = (MemberAccessExpressionSyntax)call.Expression;
            InvocationExpressionSyntax launch = (InvocationExpressionSyntax)access.Expression;

            // A Launch that binds is not a launcher generated in this compilation (one from a referenced assembly was
            // instantiated when that assembly was compiled).
            if (model.GetSymbolInfo(launch, cancellationToken).Symbol is not null ||
                LaunchCalls.LauncherType(launch, model, cancellationToken) is not { } type ||
                Launched(type, access.Name, call.ArgumentList, model, cancellationToken) is not { } launched ||
                launched.Kernel.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not MethodDeclarationSyntax syntax ||
                launched.Arguments.Any(a => a is ITypeParameterSymbol or IErrorTypeSymbol) ||
                ListedInstances(launched.Kernel).Any(listed => listed.SequenceEqual(launched.Arguments, SymbolEqualityComparer.Default)))
            {
                return null;
            }

            (IMethodSymbol kernel, IReadOnlyList<ITypeSymbol> arguments) = launched;

            files.Add(syntax.SyntaxTree);
            string cudaName = CudaNames.Function(kernel);
            for (int i = 0; i < arguments.Count; i++)
            {
                if (ConstraintProblem(kernel, kernel.TypeParameters[i], arguments[i], arguments) is { } problem)
                {
                    SyntaxNode at = access.Name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments[i] : access.Name;
                    string message = arguments.Count == 1 ? problem : $"'{arguments[i].ToDisplayString()}' for '{kernel.TypeParameters[i].Name}': {problem}";
                    DiagnosticInfo error = DiagnosticInfo.Create(
                        DiagnosticDescriptors.InvalidKernelTypeArgument, LocationInfo.From(at), kernel.Name,
                        arguments.Count == 1 ? arguments[0].ToDisplayString() : $"({string.Join(", ", arguments.Select(a => a.ToDisplayString()))})", message);
                    return new GenericLaunchModel(cudaName, null, EquatableArray<int>.Empty, "", EquatableArray<TypeDefinitionModel>.Empty,
                        EquatableArray<string>.Empty, new[] { error }.ToEquatableArray());
                }
            }

            CudaTypeMap types = new();
            CudaWriter writer = new(Path.GetFileName(syntax.SyntaxTree.FilePath));
            KernelInstanceModel instance = EntryPoint(syntax, kernel, cudaName, arguments, types, writer, staticSharedBytes: 0);
            return new GenericLaunchModel(
                cudaName, instance, arguments.Select(a => CudaTypeMap.Layout(a).Size).ToEquatableArray(), writer.ToString(),
                types.Definitions.ToEquatableArray(), types.PreludeHelpers.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty);
        }

        /// <summary>
        /// The generic kernel a launch calls and its type argument, choosing among the kernel's overloads as C# chooses
        /// among the launcher's: only those the arguments fit (their count and names, a 1D or 2D device view for each
        /// span, a plain value for each value), none when a kernel that is not generic fits (C# prefers it), and none
        /// when more than one generic kernel fits with an inferable type (C# would call that ambiguous or decide by rules
        /// not followed here; the list on the kernel then says what to compile).
        /// </summary>
        private static (IMethodSymbol Kernel, IReadOnlyList<ITypeSymbol> Arguments)? Launched(
            INamedTypeSymbol type, SimpleNameSyntax name, ArgumentListSyntax arguments, SemanticModel model, CancellationToken cancellationToken)
        {
            List<(IMethodSymbol Kernel, List<(IParameterSymbol Parameter, ITypeSymbol? Given)> Matched)> fitting = new();
            foreach (IMethodSymbol kernel in type.GetMembers(name.Identifier.ValueText).OfType<IMethodSymbol>())
            {
                if (KnownNames.IsKernel(kernel) && Match(kernel, arguments, model, cancellationToken) is { } matched)
                {
                    fitting.Add((kernel, matched));
                }
            }

            if (name is not GenericNameSyntax && fitting.Any(k => !k.Kernel.IsGenericMethod))
            {
                return null;
            }

            List<(IMethodSymbol Kernel, IReadOnlyList<ITypeSymbol> Arguments)> generic = fitting
                .Where(k => k.Kernel.IsGenericMethod && k.Kernel.TypeParameters.All(t => CanStandForGpuValue(k.Kernel, t)))
                .Select(k => (k.Kernel, Arguments: TypeArguments(name, k.Kernel, k.Matched, model, cancellationToken)))
                .Where(c => c.Arguments is not null)
                .Select(c => (c.Kernel, c.Arguments!))
                .ToList();
            return generic.Count == 1 ? generic[0] : null;
        }

        /// <summary>
        /// Each argument's parameter of <paramref name="kernel"/> and the argument's type (<see langword="null"/> where it
        /// has none, as for <c>null</c>), or <see langword="null"/> when the arguments cannot be the launcher's for it.
        /// </summary>
        private static List<(IParameterSymbol Parameter, ITypeSymbol? Given)>? Match(
            IMethodSymbol kernel, ArgumentListSyntax arguments, SemanticModel model, CancellationToken cancellationToken)
        {
            List<(IParameterSymbol Parameter, ITypeSymbol? Given)> matched = new();
            for (int i = 0; i < arguments.Arguments.Count; i++)
            {
                ArgumentSyntax argument = arguments.Arguments[i];
                if (CallArguments.Parameter(argument, i, kernel.Parameters) is not { } parameter ||
                    matched.Any(m => SymbolEqualityComparer.Default.Equals(m.Parameter, parameter)))
                {
                    return null;
                }

                ITypeSymbol? given = model.GetTypeInfo(argument.Expression, cancellationToken).Type is { } type and not IErrorTypeSymbol ? type : null;
                if (given is not null && !FitsParameter(parameter.Type, given))
                {
                    return null;
                }

                matched.Add((parameter, given));
            }

            return kernel.Parameters.All(p => p.HasExplicitDefaultValue || matched.Any(m => SymbolEqualityComparer.Default.Equals(m.Parameter, p)))
                ? matched
                : null;
        }

        /// <summary>
        /// Whether a value of <paramref name="given"/> can go to a kernel parameter of <paramref name="declared"/> through
        /// its launcher: a span takes its device view (a 1D one also a <c>DeviceBuffer</c>) of the same element unless that
        /// is the type parameter; a value takes anything but a device view.
        /// </summary>
        private static bool FitsParameter(ITypeSymbol declared, ITypeSymbol given)
        {
            bool isView = CudaKnownTypes.IsGpuDslType(given, KnownNames.DeviceSpan) || CudaKnownTypes.IsGpuDslType(given, KnownNames.DeviceSpan2D) || CudaKnownTypes.IsGpuDslType(given, KnownNames.DeviceSpan3D) ||
                CudaKnownTypes.IsGpuDslType(given, KnownNames.DeviceBuffer);
            if (ExpectedView(declared) is not { } expected)
            {
                return !isView;
            }

            bool shape = CudaKnownTypes.IsGpuDslType(given, expected.View) || (expected.View == "DeviceSpan" && CudaKnownTypes.IsGpuDslType(given, KnownNames.DeviceBuffer));
            return shape && (expected.Element is ITypeParameterSymbol ||
                SymbolEqualityComparer.Default.Equals(expected.Element, (given as INamedTypeSymbol)?.TypeArguments.FirstOrDefault()));
        }

        /// <summary>
        /// The type arguments of a launch: written (<c>Convert&lt;float, double&gt;</c>, as many as the kernel has), or each
        /// inferred on its own from the matched arguments as C# infers the launcher's (see <see cref="TypeArgument"/>).
        /// <see langword="null"/> when C# could not infer one either, which the compiler then reports.
        /// </summary>
        private static IReadOnlyList<ITypeSymbol>? TypeArguments(
            SimpleNameSyntax name, IMethodSymbol kernel, List<(IParameterSymbol Parameter, ITypeSymbol? Given)> matched,
            SemanticModel model, CancellationToken cancellationToken)
        {
            if (name is GenericNameSyntax generic)
            {
                SeparatedSyntaxList<TypeSyntax> written = generic.TypeArgumentList.Arguments;
                List<ITypeSymbol> types = written.Select(t => model.GetTypeInfo(t, cancellationToken).Type).OfType<ITypeSymbol>().ToList();
                return written.Count == kernel.TypeParameters.Length && types.Count == written.Count ? types : null;
            }

            List<ITypeSymbol> inferred = new();
            foreach (ITypeParameterSymbol typeParameter in kernel.TypeParameters)
            {
                if (TypeArgument(typeParameter, matched, model) is not { } argument)
                {
                    return null;
                }

                inferred.Add(argument);
            }

            return inferred;
        }

        /// <summary>
        /// One type argument of a launch, inferred as C# infers the launcher's: exactly from a <c>DeviceSpan&lt;X&gt;</c>
        /// (or <c>DeviceSpan2D&lt;X&gt;</c>) given for a span of <c>T</c>, else from the values given for parameters of
        /// type <c>T</c> (the one the others convert to). The launcher's parameters name each type parameter alone, so
        /// each is inferred independently of the others.
        /// </summary>
        private static ITypeSymbol? TypeArgument(
            ITypeParameterSymbol typeParameter, List<(IParameterSymbol Parameter, ITypeSymbol? Given)> matched, SemanticModel model)
        {
            List<ITypeSymbol> exact = new(), lower = new();
            foreach ((IParameterSymbol parameter, ITypeSymbol? given) in matched)
            {
                if (given is null)
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(parameter.Type, typeParameter))
                {
                    lower.Add(given);
                }
                else if (ExpectedView(parameter.Type) is { } expected && SymbolEqualityComparer.Default.Equals(expected.Element, typeParameter) &&
                         (CudaKnownTypes.IsGpuDslType(given, expected.View) || (expected.View == "DeviceSpan" && CudaKnownTypes.IsGpuDslType(given, KnownNames.DeviceBuffer))) &&
                         given is INamedTypeSymbol { TypeArguments.Length: 1 } view)
                {
                    // A DeviceBuffer<X> converts to DeviceSpan<X> by a user-defined conversion, which C# does not infer
                    // through; the launcher's overload that takes a DeviceBuffer<T> for the first span of T infers from it.
                    exact.Add(view.TypeArguments[0]);
                }
            }

            if (exact.Count > 0)
            {
                return exact.All(e => SymbolEqualityComparer.Default.Equals(e, exact[0])) ? exact[0] : null;
            }

            List<ITypeSymbol> candidates = lower.Distinct<ITypeSymbol>(SymbolEqualityComparer.Default).ToList();
            List<ITypeSymbol> widest = candidates
                .Where(c => candidates.All(other => ((CSharpCompilation)model.Compilation).ClassifyConversion(other, c).IsImplicit))
                .ToList();
            return widest.Count == 1 ? widest[0] : null;
        }

        /// <summary>
        /// The device view a launcher takes for a span parameter and its element: <c>DeviceSpan</c> for <c>Span&lt;T&gt;</c>
        /// and <c>ReadOnlySpan&lt;T&gt;</c>, <c>DeviceSpan2D</c> for the 2D spans; <see langword="null"/> for a value.
        /// </summary>
        private static (string View, ITypeSymbol Element)? ExpectedView(ITypeSymbol parameter) =>
            CudaKnownTypes.IsSpan(parameter, out ITypeSymbol element, out _) ? ("DeviceSpan", element)
            : CudaKnownTypes.IsSpan2D(parameter, out element, out _) ? ("DeviceSpan2D", element)
            : CudaKnownTypes.IsSpan3D(parameter, out element, out _) ? ("DeviceSpan3D", element)
            : null;

        /// <summary>The instances <c>[Kernel(typeof(...))]</c> lists, without checking them (the kernel's own model does).</summary>
        private static IEnumerable<IReadOnlyList<ITypeSymbol>> ListedInstances(IMethodSymbol kernel) =>
            kernel.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == KnownNames.KernelAttribute)
                .SelectMany(a => a.ConstructorArguments)
                .Where(list => list.Kind == TypedConstantKind.Array)
                .SelectMany(list => list.Values)
                .Select(value => value.Value)
                .OfType<ITypeSymbol>()
                .Select(listed => ListedInstance(kernel, listed))
                .OfType<IReadOnlyList<ITypeSymbol>>();
    }
}
