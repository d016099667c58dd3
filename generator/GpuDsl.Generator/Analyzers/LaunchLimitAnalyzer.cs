using System.Collections.Immutable;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// GPU0028: a launch whose constant grid or block no CUDA device can run (see <see cref="LaunchLimits"/>). Each launch
/// is checked on its own, so an analyzer of calls is enough: the IDE checks the file being edited, and the generator
/// never sees host code for this.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LaunchLimitAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LaunchBeyondCudaLimits);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // Every launch the check reads takes a Dim3 or a LaunchConfig: a project without GpuDsl has none.
            if (start.Compilation.GetTypeByMetadataName("GpuDsl.Dim3") is null)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(static context =>
            {
                if (!LaunchCalls.IsLaunch(context.Node))
                {
                    return;
                }

                foreach (DiagnosticInfo diagnostic in LaunchLimits.Check((InvocationExpressionSyntax)context.Node, context.SemanticModel, context.CancellationToken))
                {
                    context.ReportDiagnostic(diagnostic.ToDiagnostic());
                }
            }, SyntaxKind.InvocationExpression);
        });
    }
}
