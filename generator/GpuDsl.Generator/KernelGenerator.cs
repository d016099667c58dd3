using System.Collections.Immutable;
using System.Linq;
using GpuDsl.Generator.Emit;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Translation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator;

/// <summary>
/// Translates <c>[Kernel]</c> and <c>[Device]</c> methods to CUDA C and emits a typed launcher for each type that
/// declares kernels. This file only wires the pipeline: <see cref="Parser"/> builds the models,
/// <see cref="CudaModuleBuilder"/> assembles modules, <see cref="Emitter"/> writes C#, and in checked mode
/// <see cref="CpuCopyEmitter"/> writes the copies the CPU backend runs.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class KernelGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<FunctionModel> kernels = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "GpuDsl.KernelAttribute",
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => Parser.Parse(ctx, isKernel: true, ct))
            .WithTrackingName(TrackingNames.Kernels);

        IncrementalValuesProvider<FunctionModel> devices = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "GpuDsl.DeviceAttribute",
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => Parser.Parse(ctx, isKernel: false, ct))
            .WithTrackingName(TrackingNames.Devices);

        // Diagnostics branch: a change that only moves a diagnostic regenerates no source.
        context.RegisterSourceOutput(kernels.Select(static (f, _) => f.Diagnostics), ReportDiagnostics);
        context.RegisterSourceOutput(devices.Select(static (f, _) => f.Diagnostics), ReportDiagnostics);

        // Output branch: models without their diagnostics, grouped into one module per type.
        IncrementalValueProvider<ImmutableArray<FunctionModel>> kernelModels = kernels
            .Select(static (f, _) => f with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty })
            .Collect();
        IncrementalValueProvider<ImmutableArray<FunctionModel>> deviceModels = devices
            .Select(static (f, _) => f with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty })
            .Collect();
        IncrementalValueProvider<bool> isChecked = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => IsChecked(options.GlobalOptions))
            .WithTrackingName(TrackingNames.CheckedMode);
        IncrementalValuesProvider<ModuleModel> modules = kernelModels.Combine(deviceModels).Combine(isChecked)
            .SelectMany(static (pair, _) => CudaModuleBuilder.Build(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.Modules);

        // Checked mode's copies for the CPU backend, one file per C# file that declares GPU methods.
        IncrementalValuesProvider<CpuCopyFileModel> cpuCopies = kernelModels.Combine(deviceModels).Combine(isChecked)
            .SelectMany(static (pair, _) => CpuCopyEmitter.Files(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.CpuCopies);
        context.RegisterSourceOutput(cpuCopies, static (spc, file) => spc.AddSource(file.HintName, CpuCopyEmitter.Emit(file)));

        context.RegisterSourceOutput(modules, static (spc, module) =>
        {
            ReportDiagnostics(spc, module.Diagnostics);
            if (!module.Type.IsPartial)
            {
                return; // GPU0003 says why; a launcher here would only add compiler errors.
            }

            spc.AddSource(Emitter.HintName(module), Emitter.Emit(module));
        });
    }

    /// <summary>
    /// The <c>GpuDslCheckedKernels</c> build property (build/GpuDsl.targets: true in Debug by default), which the
    /// project exposes with <c>CompilerVisibleProperty</c>. Absent means unchecked.
    /// </summary>
    internal static bool IsChecked(AnalyzerConfigOptions options) =>
        options.TryGetValue("build_property.GpuDslCheckedKernels", out string? value) &&
        string.Equals(value.Trim(), "true", System.StringComparison.OrdinalIgnoreCase);

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}

/// <summary>Names of the pipeline's steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    public const string Kernels = nameof(Kernels);
    public const string Devices = nameof(Devices);
    public const string Modules = nameof(Modules);
    public const string CheckedMode = nameof(CheckedMode);
    public const string CpuCopies = nameof(CpuCopies);
}
