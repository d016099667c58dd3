using System.Collections.Immutable;
using System.Linq;
using GpuDsl.Generator.Emit;
using GpuDsl.Generator.Incremental;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Translation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator;

/// <summary>
/// Translates <c>[Kernel]</c> and <c>[Device]</c> methods to CUDA C and emits a typed launcher for each type that
/// declares kernels. This file only wires the pipeline: <see cref="Parser"/> builds the models,
/// <see cref="CudaModuleBuilder"/> assembles modules, <see cref="Emitter"/> writes C#, <see cref="SemanticCache{T}"/>
/// keeps the models of files an edit did not touch, and in checked mode <see cref="CpuCopyEmitter"/> writes the copies
/// the CPU backend runs. Warnings that need no generated output (GPU0027-GPU0030, GPU0037) come from the analyzers in
/// <c>Analyzers/</c>, which the IDE runs in the background, not from here.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class KernelGenerator : IIncrementalGenerator
{
    // Semantic work on a node is reused while its file and the compilation's declarations are unchanged: a syntax
    // provider reruns its transform for every node after any edit (ForAttributeWithMetadataName too), so without these
    // an edit in one file would bind and translate every kernel of the project again. The syntax filters are cheap and
    // run on edited files only.
    private static readonly SemanticCache<FunctionModel?> s_kernels = new(), s_devices = new();
    private static readonly SemanticCache<GenericLaunchModel?> s_genericLaunches = new();

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<FunctionModel> kernels = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => Parser.IsCandidate(node),
                static (ctx, ct) => s_kernels.GetOrAdd(ctx.Node, ctx.SemanticModel, static (model, node, files, token) =>
                    Parser.Parse(model, (MethodDeclarationSyntax)node, isKernel: true, files, token), ct))
            .Where(static kernel => kernel is not null)
            .Select(static (kernel, _) => kernel!)
            .WithTrackingName(TrackingNames.Kernels);

        IncrementalValuesProvider<FunctionModel> devices = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => Parser.IsCandidate(node),
                static (ctx, ct) => s_devices.GetOrAdd(ctx.Node, ctx.SemanticModel, static (model, node, files, token) =>
                    Parser.Parse(model, (MethodDeclarationSyntax)node, isKernel: false, files, token), ct))
            .Where(static device => device is not null)
            .Select(static (device, _) => device!)
            .WithTrackingName(TrackingNames.Devices);

        // Instances of generic kernels for the types the program launches them with, beyond their [Kernel(typeof(...))]
        // lists: found at launches, so that editing host code that launches nothing new leaves the modules as they are.
        IncrementalValuesProvider<GenericLaunchModel> genericLaunches = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => Parser.IsLaunchedKernel(node),
                static (ctx, ct) => s_genericLaunches.GetOrAdd(ctx.Node, ctx.SemanticModel, Parser.ParseLaunch, ct))
            .Where(static launch => launch is not null)
            .Select(static (launch, _) => launch!)
            .WithTrackingName(TrackingNames.GenericLaunches);
        context.RegisterSourceOutput(genericLaunches.Select(static (l, _) => l.Diagnostics), ReportDiagnostics);
        IncrementalValueProvider<ImmutableArray<GenericLaunchModel>> genericInstances = genericLaunches
            .Where(static launch => launch.Instance is not null)
            .Select(static (launch, _) => launch with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty })
            .Collect();

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
        IncrementalValueProvider<bool> contracts = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => IsTrue(options.GlobalOptions, "GpuDslContractFloatingPoint"))
            .WithTrackingName(TrackingNames.ContractFloatingPoint);
        IncrementalValuesProvider<ModuleModel> modules = kernelModels.Combine(deviceModels).Combine(genericInstances).Combine(isChecked.Combine(contracts))
            .SelectMany(static (pair, _) => CudaModuleBuilder.Build(pair.Left.Left.Left, pair.Left.Left.Right, pair.Left.Right, pair.Right.Left, pair.Right.Right))
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
                return; // GPU0003 or GPU0036 says why; a launcher here would only add compiler errors.
            }

            spc.AddSource(Emitter.HintName(module), Emitter.Emit(module));
        });

        // Inspectable CUDA: with GpuDslEmitCuda, one more file lists every module's CUDA for the build to write out.
        IncrementalValueProvider<bool> emitCuda = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => IsTrue(options.GlobalOptions, "GpuDslEmitCuda"))
            .WithTrackingName(TrackingNames.EmitCuda);
        context.RegisterSourceOutput(modules.Where(static m => m.Type.IsPartial).Collect().Combine(emitCuda), static (spc, pair) =>
        {
            if (pair.Right)
            {
                spc.AddSource(CudaListing.HintName, CudaListing.Emit(pair.Left));
            }
        });
    }

    /// <summary>
    /// The <c>GpuDslCheckedKernels</c> build property (build/GpuDsl.targets: true in Debug by default), which the
    /// project exposes with <c>CompilerVisibleProperty</c>. Absent means unchecked.
    /// </summary>
    internal static bool IsChecked(AnalyzerConfigOptions options) => IsTrue(options, "GpuDslCheckedKernels");

    /// <summary>Whether the build property <paramref name="name"/>, exposed with <c>CompilerVisibleProperty</c>, is true.</summary>
    private static bool IsTrue(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue("build_property." + name, out string? value) &&
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
    public const string ContractFloatingPoint = nameof(ContractFloatingPoint);
    public const string EmitCuda = nameof(EmitCuda);
    public const string CpuCopies = nameof(CpuCopies);
    public const string GenericLaunches = nameof(GenericLaunches);
}
