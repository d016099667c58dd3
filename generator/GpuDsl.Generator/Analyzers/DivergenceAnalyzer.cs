using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// Warnings about GPU code that translates but is wrong on a GPU, found by <see cref="ThreadDependence"/> in each
/// <c>[Kernel]</c> and <c>[Device]</c> method: a barrier only some threads of a block reach (GPU0027), a warp collective
/// only some lanes reach (GPU0029), a span indexed by the global thread index with no bounds check (GPU0030), a grid
/// barrier only some threads of the grid reach (GPU0037). They need no generated code, so they live in an analyzer (as
/// ComputeSharp's and dotnet/runtime's do): the IDE runs it in the background, <c>.editorconfig</c> sets each id's
/// severity, and an edit that only moves a warning costs the generator nothing.
/// </summary>
/// <remarks>
/// A call of a <c>[Device]</c> method under a divergent condition is reported when the callee, or a method it calls in
/// turn, reaches a collective; each method is analysed once per compilation, whether as the method reported on or as a
/// callee (see <see cref="Analyses"/>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DivergenceAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.BarrierUnderThreadCondition,
        DiagnosticDescriptors.WarpCollectiveUnderLaneCondition,
        DiagnosticDescriptors.GlobalIndexWithoutBoundsCheck,
        DiagnosticDescriptors.GridBarrierUnderCondition);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? kernel = start.Compilation.GetTypeByMetadataName(KnownNames.KernelAttribute);
            INamedTypeSymbol? device = start.Compilation.GetTypeByMetadataName(KnownNames.DeviceAttribute);
            if (kernel is null && device is null)
            {
                return; // a project without GpuDsl has no GPU methods
            }

            Analyses analyses = new(start.Compilation, kernel, device);
            start.RegisterSyntaxNodeAction(analyses.AnalyzeMethod, SyntaxKind.MethodDeclaration);
        });
    }

    /// <summary>The analyses of one compilation's GPU methods, each made once, shared by the methods that call them.</summary>
    private sealed class Analyses(Compilation compilation, INamedTypeSymbol? kernel, INamedTypeSymbol? device)
    {
        private readonly ConcurrentDictionary<IMethodSymbol, ThreadDependence> _byMethod = new(SymbolEqualityComparer.Default);

        public void AnalyzeMethod(SyntaxNodeAnalysisContext context)
        {
            MethodDeclarationSyntax syntax = (MethodDeclarationSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0 ||
                context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not { } method ||
                !IsGpuMethod(method))
            {
                return;
            }

            ThreadDependence analysis = Of(method, syntax, context.SemanticModel, context.CancellationToken);
            foreach (DiagnosticInfo diagnostic in analysis.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            foreach (DivergentCall call in analysis.DivergentCalls)
            {
                foreach (Diagnostic diagnostic in Check(call, context.CancellationToken))
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        private bool IsGpuMethod(IMethodSymbol method) =>
            method.GetAttributes().Any(a =>
                SymbolEqualityComparer.Default.Equals(a.AttributeClass, kernel) || SymbolEqualityComparer.Default.Equals(a.AttributeClass, device));

        /// <summary>GPU0027, GPU0029 and GPU0037 for a call made where not every thread may be, by what its callee reaches.</summary>
        private IEnumerable<Diagnostic> Check(DivergentCall call, CancellationToken cancellationToken)
        {
            Collectives reached = Reached(call.Callee, cancellationToken);
            Location location = call.Call.GetLocation();
            if ((reached & Collectives.BlockBarrier) != 0 && call.BlockReason.Length > 0)
            {
                yield return Diagnostic.Create(DiagnosticDescriptors.BarrierUnderThreadCondition, location,
                    $"The call '{call.Text}' reaches Gpu.SyncThreads() and", call.BlockReason, call.BlockVia);
            }

            if ((reached & Collectives.WarpCollective) != 0 && call.LaneReason.Length > 0)
            {
                yield return Diagnostic.Create(DiagnosticDescriptors.WarpCollectiveUnderLaneCondition, location,
                    $"The call '{call.Text}' reaches a warp shuffle or vote and", call.LaneReason, call.LaneVia);
            }

            if ((reached & Collectives.GridBarrier) != 0)
            {
                yield return Diagnostic.Create(DiagnosticDescriptors.GridBarrierUnderCondition, location,
                    $"The call '{call.Text}' reaches Gpu.SyncGrid() and", call.GridReason, call.GridVia);
            }
        }

        /// <summary>The collectives <paramref name="root"/> calls, itself or through the device methods it reaches, each once.</summary>
        private Collectives Reached(IMethodSymbol root, CancellationToken cancellationToken)
        {
            Collectives reached = Collectives.None;
            HashSet<IMethodSymbol> seen = new(SymbolEqualityComparer.Default);
            Stack<IMethodSymbol> pending = new();
            pending.Push(root);
            while (pending.Count > 0)
            {
                IMethodSymbol method = pending.Pop();
                if (!seen.Add(method) || Of(method, cancellationToken) is not { } analysis)
                {
                    continue;
                }

                reached |= analysis.Collectives;
                foreach (IMethodSymbol callee in analysis.DeviceCallees)
                {
                    pending.Push(callee);
                }
            }

            return reached;
        }

        /// <summary>A callee's analysis, or <see langword="null"/> where its source is not in this compilation.</summary>
        private ThreadDependence? Of(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (_byMethod.TryGetValue(method, out ThreadDependence? known))
            {
                return known;
            }

            return method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax &&
                   compilation.ContainsSyntaxTree(syntax.SyntaxTree)
                ? Of(method, syntax, compilation.GetSemanticModel(syntax.SyntaxTree), cancellationToken)
                : null;
        }

        private ThreadDependence Of(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken) =>
            _byMethod.GetOrAdd(method.OriginalDefinition, _ => ThreadDependence.Analyze(model, syntax, cancellationToken));
    }
}
