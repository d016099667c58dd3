namespace GpuDsl.Generator.Models;

/// <summary>
/// One type's kernels and the CUDA module that holds them and every device function they reach: what the emitter
/// writes as one generated file.
/// </summary>
/// <param name="Type">The type that declares the kernels.</param>
/// <param name="Kernels">Its kernels, in declaration order.</param>
/// <param name="CudaSource">The whole CUDA C module.</param>
/// <param name="Diagnostics">Diagnostics found only once the module is assembled (recursion through other methods).</param>
/// <param name="CheckSites">In checked mode, the span accesses the CUDA checks, by site id; empty when unchecked.</param>
/// <param name="IsChecked">Checked mode: the CPU backend runs the kernels' checked copies.</param>
internal sealed record ModuleModel(
    ContainingTypeModel Type, EquatableArray<KernelModel> Kernels, string CudaSource, EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<CheckSiteModel> CheckSites, bool IsChecked)
{
    /// <summary>The device globals and constant arrays the module defines (all declared by its type), which the launcher binds.</summary>
    public EquatableArray<DeviceGlobalModel> Globals { get; init; } = EquatableArray<DeviceGlobalModel>.Empty;
}
