using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using GpuDsl.Generator.Analyzers;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation
{
    /// <summary>Turns a <c>[Kernel]</c> or <c>[Device]</c> method into a <see cref="FunctionModel"/>.</summary>
    internal static partial class FunctionTranslator
    {
        private const string AllowedParameters =
            "Span<T>, ReadOnlySpan<T>, Span2D<T>, ReadOnlySpan2D<T>, Span3D<T> or ReadOnlySpan3D<T> of a GPU value type, or a GPU value type: bool, byte, sbyte, short, ushort, int, uint, long, ulong, float, double, Half, an enum, or a struct of those";

        /// <summary>
        /// Translates <paramref name="syntax"/> if it is a kernel (<paramref name="isKernel"/>) or a device function;
        /// <see langword="null"/> if it is not. Adds to <paramref name="files"/> the files the model depends on (see
        /// <see cref="Incremental.SemanticCache{T}"/>). Never throws: an unexpected failure becomes GPU0018.
        /// </summary>
        public static FunctionModel? Translate(
            SemanticModel model, MethodDeclarationSyntax syntax, bool isKernel, ISet<SyntaxTree> files, CancellationToken cancellationToken)
        {
            string attribute = isKernel ? KnownNames.KernelAttribute : KnownNames.DeviceAttribute; // a method may carry both
            if (model.GetDeclaredSymbol(syntax, cancellationToken) is not { } method ||
                method.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == attribute).ToImmutableArray() is { IsEmpty: true } attributes)
            {
                return null;
            }

            // Besides the constructors Translate read, the model points into other files where its diagnostics do (another
            // partial declaration of its class, say).
            FunctionModel function = TranslateOrReportFailure(model, syntax, method, isKernel, attributes, files, cancellationToken);
            files.UnionWith(function.Diagnostics.Select(d => d.Location?.Tree).OfType<SyntaxTree>());
            return function;
        }

        private static FunctionModel TranslateOrReportFailure(
            SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, bool isKernel, ImmutableArray<AttributeData> attributes,
            ISet<SyntaxTree> files, CancellationToken cancellationToken)
        {
            ContainingTypeModel type = ContainingType(method.ContainingType);
            LocationInfo identifier = LocationInfo.From(syntax.Identifier);
            try
            {
                return TranslateMethod(model, syntax, method, type, isKernel, attributes, files, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                DiagnosticInfo error = DiagnosticInfo.Create(
                    DiagnosticDescriptors.InternalError, identifier, method.Name, $"{exception.GetType().Name}: {exception.Message}");
                return new FunctionModel
                {
                    CudaName = CudaNames.Function(method),
                    IsKernel = isKernel,
                    Type = type,
                    MethodName = method.Name,
                    Identifier = identifier,
                    Cuda = FunctionCuda.None,
                    Launch = LaunchSignature.None,
                    Calls = CallFacts.None,
                    CpuCopy = null,
                    Diagnostics = new[] { error }.ToEquatableArray(),
                    Errors = FunctionErrors.InBody,
                };
            }
        }

        private static FunctionModel TranslateMethod(
            SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, ContainingTypeModel type, bool isKernel,
            ImmutableArray<AttributeData> attributes, ISet<SyntaxTree> files, CancellationToken cancellationToken)
        {
            List<DiagnosticInfo> diagnostics = new();
            CudaTypeMap types = new();
            CheckSignature(syntax, method, isKernel, types, diagnostics);
            int beforeParameters = diagnostics.Count;
            List<ParameterModel> parameters = Parameters(syntax, method, isKernel, types, diagnostics, report: true);
            bool parameterErrors = diagnostics.Skip(beforeParameters).Any(d => d.IsError);

            string cudaName = CudaNames.Function(method);
            string file = Path.GetFileName(syntax.SyntaxTree.FilePath);
            bool isTemplate = method.IsGenericMethod;
            string template = isTemplate ? $"template <{string.Join(", ", method.TypeParameters.Select(t => "typename " + CudaNames.Local(t.Name)))}>" : "";
            string head = Head(method, cudaName, parameters, isKernel && !isTemplate, types);
            CudaWriter writer = new(file);
            writer.MapTo(syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
            if (isTemplate)
            {
                writer.Line(template);
            }

            writer.Line(head);

            TranslationOutput output = new();
            CudaTranslator translator = new(model, method, writer, types, output);
            cancellationToken.ThrowIfCancellationRequested();
            translator.WriteBody(syntax);
            diagnostics.AddRange(output.Diagnostics);

            // What an ExactLaunch kernel's launcher tests instead of the analyzers' warnings, from the same analysis.
            IReadOnlyList<LaunchRequirementModel> launchTests = isKernel && LaunchAssumptions.IsExactLaunch(method)
                ? ThreadDependence.Analyze(model, syntax, cancellationToken).LaunchRequirements
                : Array.Empty<LaunchRequirementModel>();

            List<KernelInstanceModel> instances = new();
            string typeParameters = "", constraints = "";
            if (isKernel && !isTemplate)
            {
                CheckTypeArguments(method, attributes, diagnostics, generic: false);
                instances.Add(new KernelInstanceModel(EquatableArray<string>.Empty, "", cudaName, parameters.ToEquatableArray(), translator.Shared.StaticBytes));
            }
            else if (isKernel)
            {
                // The launcher is generic even when the kernel cannot be instantiated (GPU0013 says why), so calls to it still compile.
                typeParameters = $"<{string.Join(", ", method.TypeParameters.Select(t => t.Name))}>";
                bool valid = method.TypeParameters.All(t => CanStandForGpuValue(method, t));
                constraints = valid ? Constraints(method) : string.Join(" ", method.TypeParameters.Select(t => $"where {t.Name} : unmanaged"));
                IEnumerable<IReadOnlyList<ITypeSymbol>> arguments = valid
                    ? CheckTypeArguments(method, attributes, diagnostics, generic: true)
                    : Enumerable.Empty<IReadOnlyList<ITypeSymbol>>();
                instances.AddRange(GenericInstances(syntax, method, cudaName, arguments, types, writer, translator));
            }

            cancellationToken.ThrowIfCancellationRequested();
            FunctionErrors errors = parameterErrors ? FunctionErrors.InParameters
                : diagnostics.Any(d => d.IsError) ? FunctionErrors.InBody
                : FunctionErrors.None;
            CpuCopyModel? cpuCopy = errors == FunctionErrors.None && CpuCopyRewriter.CanCopy(method)
                ? CpuCopyRewriter.Copy(model, syntax, method, type, isKernel)
                : null;

            string? threadFormReason = null;
            CpuLoopModel? cpuLoop = null;
            if (cpuCopy is not null && CpuLoopFormShape.HasBarriers(model.Compilation, method))
            {
                threadFormReason = CpuLoopFormShape.WhyNot(model, syntax, method);
                cpuLoop = threadFormReason is null ? CpuLoopFormRewriter.LoopForms(model, syntax, method, type, isKernel) : null;
            }

            List<string> helpers = output.Helpers.Concat(types.PreludeHelpers).ToList();

            files.UnionWith(output.FilesRead);

            return new FunctionModel
            {
                CudaName = cudaName,
                IsKernel = isKernel,
                Type = type,
                MethodName = method.Name,
                Identifier = LocationInfo.From(syntax.Identifier),
                Cuda = new FunctionCuda
                {
                    Prototype = (isTemplate ? template + " " : "") + head + ";",
                    Definition = writer.ToString(),
                    Helpers = helpers.Distinct().OrderBy(h => h, StringComparer.Ordinal).ToEquatableArray(),
                    Types = types.Definitions.ToEquatableArray(),
                    Constructors = output.Constructors.Values.ToEquatableArray(),
                    ConstantTables = output.TablesInOrder.ToEquatableArray(),
                    Globals = output.GlobalsInOrder.ToEquatableArray(),
                },
                Launch = new LaunchSignature
                {
                    Parameters = parameters.ToEquatableArray(),
                    TypeParameters = typeParameters,
                    Constraints = constraints,
                    Instances = instances.ToEquatableArray(),
                    StaticSharedBytes = translator.Shared.StaticBytes,
                    SharedElementsOfTypeParameters = translator.Shared.ElementsOfTypeParameters(method).ToEquatableArray(),
                },
                Calls = new CallFacts
                {
                    Callees = output.Callees.ToEquatableArray(),
                    UsesBarriers = output.UsesBarriers,
                    UsesGridSync = output.UsesGridSync,
                },
                CpuCopy = cpuCopy,
                CpuLoop = cpuLoop,
                ThreadFormReason = threadFormReason,
                Diagnostics = diagnostics.ToEquatableArray(),
                Errors = errors,
                LaunchRequirements = launchTests.ToEquatableArray(),
            };
        }

        /// <summary>
        /// Whether a type parameter stands for a value GPU code can hold: <c>unmanaged</c>, or <c>struct</c> (a functor,
        /// <c>where TOp : struct, IOp</c>) when no span of the method's parameters has it as its element (a device view
        /// needs <c>unmanaged</c>). The type argument itself is checked at each instance.
        /// </summary>
        internal static bool CanStandForGpuValue(IMethodSymbol method, ITypeParameterSymbol typeParameter) =>
            typeParameter.HasUnmanagedTypeConstraint ||
            typeParameter.HasValueTypeConstraint && !method.Parameters.Any(p =>
                (CudaKnownTypes.IsSpan(p.Type, out ITypeSymbol e, out _) || CudaKnownTypes.IsSpan2D(p.Type, out e, out _) || CudaKnownTypes.IsSpan3D(p.Type, out e, out _)) &&
                SymbolEqualityComparer.Default.Equals(e, typeParameter));

        private static void CheckSignature(MethodDeclarationSyntax syntax, IMethodSymbol method, bool isKernel, CudaTypeMap types, List<DiagnosticInfo> diagnostics)
        {
            string attribute = isKernel ? "Kernel" : "Device";
            if (!method.IsStatic)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodMustBeStatic, LocationInfo.From(syntax.Identifier), attribute, method.Name));
            }

            if (isKernel && !method.ReturnsVoid)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.KernelMustReturnVoid, LocationInfo.From(syntax.ReturnType), method.Name, method.ReturnType.ToDisplayString()));
            }
            else if (!method.ReturnsVoid && (method.ReturnsByRef || method.ReturnsByRefReadonly || types.Name(method.ReturnType) is null))
            {
                types.Name(method.ReturnType, out string? problem);
                diagnostics.Add(problem is null
                    ? DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedType, LocationInfo.From(syntax.ReturnType), method.ReturnType.ToDisplayString())
                    : DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStruct, LocationInfo.From(syntax.ReturnType), method.ReturnType.ToDisplayString(), problem));
            }

            foreach (ITypeParameterSymbol typeParameter in method.TypeParameters.Where(t => !CanStandForGpuValue(method, t)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNotSupported, LocationInfo.From(syntax.Identifier), method.Name,
                    $"type parameter '{typeParameter.Name}' must be constrained 'where {typeParameter.Name} : unmanaged' (or 'struct' for a functor no span holds) so that it stands for a value GPU code can hold"));
            }

            foreach (SyntaxToken modifier in syntax.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.AsyncKeyword) || modifier.IsKind(SyntaxKind.ExternKeyword) ||
                    modifier.IsKind(SyntaxKind.AbstractKeyword) || modifier.IsKind(SyntaxKind.UnsafeKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedMethodModifier, LocationInfo.From(modifier), method.Name, modifier.Text));
                }
            }

            if (isKernel)
            {
                CheckPartial(method, diagnostics);
                CheckLauncherNames(method, diagnostics);
            }
        }

        /// <summary>
        /// A kernel's type, and every type around it, must be partial so the launcher can be added, and not file-local
        /// (the generated partial, in another file, would declare another type).
        /// </summary>
        private static void CheckPartial(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
        {
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                List<TypeDeclarationSyntax> declarations = type.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
                if (declarations.Count > 0 && !declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.TypeMustBePartial, LocationInfo.From(declarations[0].Identifier), type.Name, method.Name));
                }

                if (type.IsFileLocal && declarations.Count > 0)
                {
                    SyntaxToken file = declarations.SelectMany(d => d.Modifiers).FirstOrDefault(m => m.IsKind(SyntaxKind.FileKeyword));
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalKernelType,
                        LocationInfo.From(file.IsKind(SyntaxKind.FileKeyword) ? file : declarations[0].Identifier), type.Name, method.Name));
                }
            }
        }

        /// <summary>Reported once per type, on its first kernel, at the user's member.</summary>
        private static void CheckLauncherNames(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
        {
            INamedTypeSymbol type = method.ContainingType;
            IMethodSymbol? firstKernel = type.GetMembers().OfType<IMethodSymbol>()
                .FirstOrDefault(m => KnownNames.IsKernel(m));
            if (!SymbolEqualityComparer.Default.Equals(firstKernel, method))
            {
                return;
            }

            foreach (string name in KnownNames.GeneratedMembers)
            {
                foreach (ISymbol member in type.GetMembers(name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.LauncherNameConflict, LocationInfo.From(member.Locations[0]), type.Name, name));
                }
            }
        }

        private static List<ParameterModel> Parameters(
            MethodDeclarationSyntax syntax, IMethodSymbol method, bool isKernel, CudaTypeMap types, List<DiagnosticInfo> diagnostics, bool report)
        {
            string what = isKernel ? "kernel" : "device function";
            List<ParameterModel> parameters = new();
            for (int i = 0; i < method.Parameters.Length && i < syntax.ParameterList.Parameters.Count; i++)
            {
                IParameterSymbol parameter = method.Parameters[i];
                ParameterSyntax parameterSyntax = syntax.ParameterList.Parameters[i];
                ITypeSymbol type = parameter.Type;
                bool isSpan = CudaKnownTypes.IsSpan(type, out ITypeSymbol element, out bool readOnly);
                bool isSpan2D = !isSpan && CudaKnownTypes.IsSpan2D(type, out element, out readOnly);
                bool isSpan3D = !isSpan && !isSpan2D && CudaKnownTypes.IsSpan3D(type, out element, out readOnly);
                if (parameter.IsParams || (parameter.RefKind != RefKind.None && (isKernel || isSpan || isSpan2D || isSpan3D)))
                {
                    string modifier = parameter.IsParams ? "params" : parameter.RefKind.ToString().ToLowerInvariant().Replace("readonly", "ref readonly");
                    if (report)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.UnsupportedParameterModifier, LocationInfo.From(parameterSyntax), parameter.Name, modifier, what));
                    }

                    continue;
                }

                ParameterKind kind = parameter.RefKind switch
                {
                    RefKind.None => ParameterKind.Scalar,
                    RefKind.Ref or RefKind.Out => ParameterKind.Reference,
                    _ => ParameterKind.ReadOnlyReference,
                };
                if (isSpan || isSpan2D || isSpan3D)
                {
                    kind = isSpan ? (readOnly ? ParameterKind.ReadOnlySpan : ParameterKind.Span)
                        : isSpan2D ? (readOnly ? ParameterKind.ReadOnlySpan2D : ParameterKind.Span2D)
                        : (readOnly ? ParameterKind.ReadOnlySpan3D : ParameterKind.Span3D);
                    type = element;
                }

                string? cuda = types.Name(type, out string? problem);
                if (cuda is null)
                {
                    if (report)
                    {
                        LocationInfo at = LocationInfo.From((SyntaxNode?)parameterSyntax.Type ?? parameterSyntax);
                        diagnostics.Add(problem is null
                            ? DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, at, parameter.Name, parameter.Type.ToDisplayString(), what, AllowedParameters)
                            : DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStruct, at, type.ToDisplayString(), problem));
                    }

                    continue;
                }

                (int size, int alignment) = kind == ParameterKind.Scalar ? CudaTypeMap.Layout(type) : (8, 8);
                parameters.Add(new ParameterModel(parameter.Name, kind, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), cuda, size, alignment));
            }

            return parameters;
        }

        /// <summary>
        /// The CUDA function head: <c>extern "C" __global__ void f(const float* __restrict__ a, int a_length)</c>; a 2D span
        /// is its pointer and <c>int m_rows, int m_cols, int m_pitch</c>.
        /// </summary>
        private static string Head(IMethodSymbol method, string cudaName, List<ParameterModel> parameters, bool isKernel, CudaTypeMap types)
        {
            IEnumerable<string> cudaParameters = parameters.SelectMany(p =>
            {
                string[] names = CudaNames.Passed(p);
                string value = p.Kind switch
                {
                    ParameterKind.Scalar => $"{p.CudaType} {names[0]}",
                    ParameterKind.Reference => $"{p.CudaType}& {names[0]}",
                    ParameterKind.ReadOnlyReference => $"const {p.CudaType}& {names[0]}",
                    _ when p.IsReadOnlyView && !PointsElsewhere(method, p.Name) => $"const {p.CudaType}* __restrict__ {names[0]}",
                    _ when p.IsReadOnlyView => $"const {p.CudaType}* {names[0]}",
                    _ => $"{p.CudaType}* {names[0]}",
                };
                return new[] { value }.Concat(names.Skip(1).Select(n => $"int {n}"));
            });
            string returns = method.ReturnsVoid ? "void" : types.Name(method.ReturnType) ?? "void";
            string qualifier = isKernel ? "extern \"C\" __global__" : "__device__";
            return $"{qualifier} {returns} {cudaName}({string.Join(", ", cudaParameters)})";
        }

        /// <summary>
        /// Whether the method assigns the span parameter <paramref name="name"/> anything but a slice of itself
        /// (<c>a = flag ? a : b</c>): then reads through it may reach another parameter's memory, so it cannot be
        /// <c>__restrict__</c>. <c>a = a.Slice(k)</c> keeps it (still the same memory).
        /// </summary>
        private static bool PointsElsewhere(IMethodSymbol method, string name) =>
            method.DeclaringSyntaxReferences.Any(r => r.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a =>
                a.Left is IdentifierNameSyntax left && left.Identifier.ValueText == name && !IsSliceOf(a.Right, name)));

        private static bool IsSliceOf(ExpressionSyntax value, string name) =>
            value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Slice", Expression: IdentifierNameSyntax self } } &&
            self.Identifier.ValueText == name;

        private static ContainingTypeModel ContainingType(INamedTypeSymbol type)
        {
            List<TypeDeclarationModel> chain = new();
            bool isPartial = true;
            bool visible = true;
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                visible &= current.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal &&
                           current.TypeParameters.IsEmpty && !current.IsFileLocal;
                string keyword = current.IsRecord
                    ? (current.TypeKind == TypeKind.Struct ? "record struct" : "record")
                    : current.TypeKind switch
                    {
                        TypeKind.Struct => "struct",
                        TypeKind.Interface => "interface",
                        _ => "class",
                    };
                string modifiers = current.IsStatic ? "static partial" : "partial";
                string typeParameters = current.TypeParameters.IsEmpty ? "" : $"<{string.Join(", ", current.TypeParameters.Select(t => t.Name))}>";
                chain.Insert(0, new TypeDeclarationModel(modifiers, keyword, current.Name, typeParameters));
                // A file-local type cannot take a launcher from another file (GPU0036), as one that is not partial cannot.
                isPartial &= !current.IsFileLocal && current.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
            }

            string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            return new ContainingTypeModel(ns, chain.ToEquatableArray(), type.ToDisplayString(), type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), isPartial, visible);
        }
    }
}
