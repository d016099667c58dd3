namespace GpuDsl.Generator.Models;

/// <summary>What the emitter needs to write one kernel's launcher.</summary>
/// <param name="MethodName">The C# method name.</param>
/// <param name="Parameters">The parameters as declared (with the type parameter, for a generic kernel).</param>
/// <param name="UsesBarriers">The kernel, or a device function it reaches, calls <c>Gpu.SyncThreads()</c>.</param>
/// <param name="TypeParameters">The C# type parameter list of a generic kernel, e.g. <c>&lt;T&gt;</c>; empty otherwise.</param>
/// <param name="Constraints">The C# constraint clauses of a generic kernel.</param>
/// <param name="Instances">The CUDA entry points, with the static shared memory of the device functions they reach added.</param>
/// <param name="HasCpuCopy">Whether the kernel has a checked copy for the CPU backend (used in checked mode).</param>
/// <param name="Errors">Where the kernel's GPU errors are: with any, it gets no descriptor, and a launcher that throws or none.</param>
internal sealed record KernelModel(
    string MethodName,
    EquatableArray<ParameterModel> Parameters,
    bool UsesBarriers,
    string TypeParameters,
    string Constraints,
    EquatableArray<KernelInstanceModel> Instances,
    bool HasCpuCopy,
    FunctionErrors Errors)
{
    /// <summary>The kernel, or a device function it reaches, calls <c>Gpu.SyncGrid()</c>: it needs a cooperative launch.</summary>
    public bool UsesGridSync { get; init; }

    /// <summary>
    /// Why the CPU backend runs the kernel's threads on OS threads rather than in its loop form (see
    /// <c>CpuLoopFormRewriter</c>), or <see langword="null"/> when it has a loop form. Only for kernels with barriers.
    /// </summary>
    public string? ThreadFormReason { get; init; }

    /// <summary>Whether the kernel's loop form is generated and its CPU body starts it.</summary>
    public bool HasCpuLoop => UsesBarriers && !UsesGridSync && ThreadFormReason is null;

    /// <summary>What the launcher tests of each launch, as the kernel's code relies on it (see <c>LaunchRequirementModel</c>).</summary>
    public EquatableArray<LaunchRequirementModel> LaunchRequirements { get; init; } = EquatableArray<LaunchRequirementModel>.Empty;

    public bool IsGeneric => TypeParameters.Length > 0;
}
