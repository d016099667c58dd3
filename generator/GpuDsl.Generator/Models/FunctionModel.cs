namespace GpuDsl.Generator.Models;

/// <summary>
/// One <c>[Kernel]</c> or <c>[Device]</c> method, translated. This is the pipeline's unit of caching, so it is
/// immutable and compares by value; it holds no <c>ISymbol</c>, <c>SyntaxNode</c> or <c>Compilation</c>.
/// </summary>
/// <param name="CudaName">The CUDA function name, unique in the compilation, e.g. <c>MyApp_VectorKernels_Add</c>.</param>
/// <param name="IsKernel">A <c>__global__</c> entry point rather than a <c>__device__</c> helper.</param>
/// <param name="Type">The declaring type.</param>
/// <param name="MethodName">The C# method name.</param>
/// <param name="Parameters">The parameters (of the generic definition, for a generic method).</param>
/// <param name="Prototype">The CUDA declaration without a body, e.g. <c>__device__ float f(float x)</c>.</param>
/// <param name="Definition">The CUDA definition, with <c>#line</c> directives.</param>
/// <param name="Callees">CUDA names of the <c>[Device]</c> functions it calls directly.</param>
/// <param name="Helpers">Names of the prelude helpers it uses (see <c>CudaPrelude</c>).</param>
/// <param name="UsesBarriers">Calls <c>Gpu.SyncThreads()</c> or a warp collective directly, so the CPU backend must run its block's threads at once.</param>
/// <param name="StaticSharedBytes">Bytes of <c>__shared__</c> arrays it declares (arrays of a type parameter count 0).</param>
/// <param name="SharedElementsOfTypeParameter">Elements of the <c>__shared__</c> arrays of a type parameter it declares,
/// so that an instance found later (see <c>GenericLaunchModel</c>) can count their bytes.</param>
/// <param name="Identifier">Where the method's name is, for diagnostics found later (recursion through other methods).</param>
/// <param name="Diagnostics">What went wrong; when any is an error, <see cref="Definition"/> is not used.</param>
/// <param name="Types">The user structs and enums it uses, directly or through their fields.</param>
/// <param name="Constructors">The struct constructors it calls, translated.</param>
/// <param name="ConstantTables">The constant tables it reads.</param>
/// <param name="TypeParameters">A generic kernel's C# type parameter list, e.g. <c>&lt;T&gt;</c>; empty otherwise.</param>
/// <param name="Constraints">A generic kernel's C# constraint clauses, e.g. <c>where T : unmanaged</c>.</param>
/// <param name="Instances">A kernel's CUDA entry points: itself, or one per type argument of a generic kernel.</param>
/// <param name="UsesGridSync">Calls <c>Gpu.SyncGrid()</c> directly, so a kernel that reaches it needs a cooperative launch.</param>
/// <param name="CpuCopy">The checked copy the CPU backend runs in checked mode, or <see langword="null"/> when the method
/// gets none (see <c>CpuCopyRewriter.CanCopy</c>) or has an error.</param>
/// <param name="Errors">Where its GPU errors are, if it has any: then it gets no launcher that could launch it (see
/// <see cref="FunctionErrors"/>), and the compilation no checked copies.</param>
internal sealed record FunctionModel(
    string CudaName,
    bool IsKernel,
    ContainingTypeModel Type,
    string MethodName,
    EquatableArray<ParameterModel> Parameters,
    string Prototype,
    string Definition,
    EquatableArray<string> Callees,
    EquatableArray<string> Helpers,
    bool UsesBarriers,
    int StaticSharedBytes,
    int SharedElementsOfTypeParameter,
    LocationInfo Identifier,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<TypeDefinitionModel> Types,
    EquatableArray<ConstructorModel> Constructors,
    EquatableArray<ConstantTableModel> ConstantTables,
    string TypeParameters,
    string Constraints,
    EquatableArray<KernelInstanceModel> Instances,
    bool UsesGridSync,
    CpuCopyModel? CpuCopy,
    FunctionErrors Errors)
{
    /// <summary>The device globals and constant arrays it uses, in name order.</summary>
    public EquatableArray<DeviceGlobalModel> Globals { get; init; } = EquatableArray<DeviceGlobalModel>.Empty;

    /// <summary>What a kernel's launcher tests of each launch instead of a warning (see <c>Analysis/ThreadDependence.Launch.cs</c>).</summary>
    public EquatableArray<LaunchRequirementModel> LaunchRequirements { get; init; } = EquatableArray<LaunchRequirementModel>.Empty;
}

/// <summary>
/// Whether a GPU method has errors, and where: the build fails on them, and generated C# for the method would only add
/// compiler errors of its own beside them (a launcher for parameters GPU code cannot take, a checked copy of code that
/// is not GPU code), so it gets none.
/// </summary>
internal enum FunctionErrors
{
    /// <summary>No errors: the method gets its launcher and its checked copy.</summary>
    None,

    /// <summary>Errors that leave the parameters as declared: a kernel keeps a launcher that throws, so its calls still compile.</summary>
    InBody,

    /// <summary>A parameter GPU code cannot take: the launcher could not even be declared, so a kernel gets none.</summary>
    InParameters,
}
