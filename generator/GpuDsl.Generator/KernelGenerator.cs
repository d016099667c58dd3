using System.Collections.Immutable;
using System.Linq;
using GpuDsl.Generator.Emit;
using GpuDsl.Generator.Incremental;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Syntax;
using GpuDsl.Generator.Linking;
using GpuDsl.Generator.Translation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator;

/// <summary>
/// Translates <c>[Kernel]</c> and <c>[Device]</c> methods to CUDA C and emits a typed launcher for each type that
/// declares kernels. This file only wires the pipeline, stage by stage (see docs/ARCHITECTURE.md): the attributed methods
/// are found by a syntax filter (methods with attributes) and launches by <see cref="LaunchCalls"/>, <see cref="FunctionTranslator"/>
/// translates each method into a model, <see cref="CudaModuleLinker"/> links a module per type, <see cref="Emitter"/> writes C#,
/// <see cref="SemanticCache{T}"/> keeps the models of files an edit did not touch, and in checked mode
/// <see cref="CpuCopyEmitter"/> writes the copies the CPU backend runs. Warnings that need no generated output
/// (GPU0027-GPU0030, GPU0037) come from the analyzers in <c>Analyzers/</c>, which the IDE runs in the background, not from here.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class KernelGenerator : IIncrementalGenerator
{
    // Semantic work on a node is reused while its file and the compilation's declarations are unchanged: a provider's
    // transform reruns for every node it found after any edit, so without these an edit in one file would translate
    // every kernel of the project again (GeneratorBench: 5-10x the CPU time of a one-line edit). The methods are found
    // by a syntax provider whose transform goes straight to the cache, not by ForAttributeWithMetadataName: that binds
    // every attributed method's symbol and attributes after every edit before its transform runs, which doubled the
    // CPU time of a one-line kernel edit in GeneratorBench (see issue 16's report).
    private static readonly SemanticCache<FunctionModel?> s_kernels = new(), s_devices = new();
    private static readonly SemanticCache<GenericLaunchModel?> s_genericLaunches = new();

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<FunctionModel> kernels = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is MethodDeclarationSyntax { AttributeLists.Count: > 0 },
                static (ctx, ct) => s_kernels.GetOrAdd(ctx.Node, ctx.SemanticModel, static (model, node, files, token) =>
                    FunctionTranslator.Translate(model, (MethodDeclarationSyntax)node, isKernel: true, files, token), ct))
            .Where(static kernel => kernel is not null)
            .Select(static (kernel, _) => kernel!)
            .WithTrackingName(TrackingNames.Kernels);

        IncrementalValuesProvider<FunctionModel> devices = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is MethodDeclarationSyntax { AttributeLists.Count: > 0 },
                static (ctx, ct) => s_devices.GetOrAdd(ctx.Node, ctx.SemanticModel, static (model, node, files, token) =>
                    FunctionTranslator.Translate(model, (MethodDeclarationSyntax)node, isKernel: false, files, token), ct))
            .Where(static device => device is not null)
            .Select(static (device, _) => device!)
            .WithTrackingName(TrackingNames.Devices);

        // Instances of generic kernels for the types the program launches them with, beyond their [Kernel(typeof(...))]
        // lists: found at launches, so that editing host code that launches nothing new leaves the modules as they are.
        IncrementalValuesProvider<GenericLaunchModel> genericLaunches = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => LaunchCalls.IsLaunchedKernel(node),
                static (ctx, ct) => s_genericLaunches.GetOrAdd(ctx.Node, ctx.SemanticModel, FunctionTranslator.TranslateLaunch, ct))
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
            .Select(static (options, _) => IsTrue(options.GlobalOptions, KnownNames.ContractFloatingPointProperty))
            .WithTrackingName(TrackingNames.ContractFloatingPoint);
        IncrementalValuesProvider<ModuleModel> modules = kernelModels.Combine(deviceModels).Combine(genericInstances).Combine(isChecked.Combine(contracts))
            .SelectMany(static (pair, _) => CudaModuleLinker.Link(pair.Left.Left.Left, pair.Left.Left.Right, pair.Left.Right, pair.Right.Left, pair.Right.Right))
            .WithTrackingName(TrackingNames.Modules);

        // Checked mode's copies for the CPU backend, one file per C# file that declares GPU methods.
        IncrementalValuesProvider<CpuCopyFileModel> cpuCopies = kernelModels.Combine(deviceModels).Combine(isChecked)
            .SelectMany(static (pair, _) => CpuCopyEmitter.Files(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.CpuCopies);
        context.RegisterSourceOutput(cpuCopies, static (spc, file) => spc.AddSource(file.HintName, CpuCopyEmitter.Emit(file)));

        // The loop forms the CPU backend runs kernels with barriers in (checked or not), one file per C# file.
        IncrementalValuesProvider<CpuCopyFileModel> cpuLoops = kernelModels.Combine(deviceModels).Combine(isChecked)
            .SelectMany(static (pair, _) => CpuLoopFormEmitter.Files(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.CpuLoops);
        context.RegisterSourceOutput(cpuLoops, static (spc, file) => spc.AddSource(file.HintName, CpuLoopFormEmitter.Emit(file)));

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
            .Select(static (options, _) => IsTrue(options.GlobalOptions, KnownNames.EmitCudaProperty))
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
    internal static bool IsChecked(AnalyzerConfigOptions options) => IsTrue(options, KnownNames.CheckedKernelsProperty);

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

    /// <summary>The loop forms of kernels with barriers for the CPU backend, one file per C# file.</summary>
    public const string CpuLoops = nameof(CpuLoops);
    public const string GenericLaunches = nameof(GenericLaunches);
}
